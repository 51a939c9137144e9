#if canImport(Glibc)
    import Glibc
#endif
import NetKit
import Synchronization

/// A task that ticks every 5 ms while 20 namespace pairs are set up concurrently, first with
/// the blocking forms of the handle's operations, then with the `async` forms, in this one
/// process. Blocking calls hold the threads of the cooperative pool (as many as the machine has
/// cores), so the sampler starves; the `async` forms run on NetKit's I/O threads and leave the
/// pool free. Prints the figures of both, and requires of the `async` run a bound on progress,
/// not on time: the sampler reaches at least a tenth of its expected ticks, and at least four
/// times the share it reached with the blocking forms. (On this machine's 2 vCPUs it reaches
/// over 90 %; under the kernel lane's emulated CPUs, where the kernel's own work for the requests
/// takes the CPUs, about a third — against 1–3 % blocking.)
enum SamplerScenario {
    static let pairs = 20
    /// Each pair is set up and removed this many times, so the sampler's window holds a few
    /// dozen ticks rather than a handful.
    static let rounds = 3
    static let interval = Duration.milliseconds(5)

    static func run() async throws -> [String] {
        let blocking = try await measure(async: false)
        let async = try await measure(async: true)
        guard async < 0.1 || async < 4 * blocking else { return [] }
        return [
            "the sampler reached \(Int(async * 100)) % of its ticks with the async forms, "
                + "\(Int(blocking * 100)) % with the blocking ones"
        ]
    }

    /// Sets the pairs up with one form while the sampler ticks; its ticks' share of those expected.
    static func measure(async: Bool) async throws -> Double {
        // Namespaces and handles first: opening them is namespace work (a worker hand-off),
        // not netlink I/O, and is not what the sampler measures.
        var handles: [(NetlinkHandle, NetlinkHandle)] = []
        for _ in 0..<pairs {
            handles.append((try Namespace.anonymous().netlink(), try Namespace.anonymous().netlink()))
        }
        let ticks = Atomic<Int>(0)
        let done = Atomic<Bool>(false)
        let sampler = Task.detached {
            while !done.load(ordering: .relaxed) {
                try? await Task.sleep(for: interval)
                ticks.add(1, ordering: .relaxed)
            }
        }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, (a, b)) in handles.enumerated() {
                group.addTask {
                    for _ in 0..<rounds {
                        if async { try await setUp(a, b, index) } else { try setUpBlocking(a, b, index) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = start.duration(to: .now)
        done.store(true, ordering: .relaxed)
        await sampler.value
        let counted = ticks.load(ordering: .relaxed)
        let expected = Int(elapsed / interval)
        let mode = async ? "async" : "blocking"
        print(
            "sampler: \(mode): \(counted) ticks of \(expected) expected in \(elapsed) "
                + "(\(pairs) pairs × \(rounds) rounds, \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) CPUs)")
        return Double(counted) / Double(max(expected, 1))
    }

    /// One pair: a veth between `a` and `b`, both ends up, an address on each, a route each
    /// way, the links and routes listed, and the veth deleted (its addresses and routes go with
    /// it) — ten requests, each awaited.
    private static func setUp(_ a: NetlinkHandle, _ b: NetlinkHandle, _ index: Int) async throws {
        let pa = try InterfaceName(parsing: "pa\(index)"), pb = try InterfaceName(parsing: "pb\(index)")
        try await a.add(VethPair(name: pa, peerName: pb, peerNamespace: b.namespace))
        try await a.setUp(pa)
        try await b.setUp(pb)
        try await a.addAddress(InterfaceAddress(IPNetwork(parsing: "10.100.\(index).1/24"), dev: pa))
        try await b.addAddress(InterfaceAddress(IPNetwork(parsing: "10.100.\(index).2/24"), dev: pb))
        try await a.addRoute(
            Route(
                IPNetwork(parsing: "10.200.\(index).0/24"), via: IPAddress(parsing: "10.100.\(index).2"),
                dev: InterfaceName(parsing: "pa\(index)")))
        try await b.addRoute(
            Route(.defaultRoute(.ipv4), via: IPAddress(parsing: "10.100.\(index).1"), dev: InterfaceName(parsing: "pb\(index)")))
        _ = try await a.links()
        _ = try await b.routes()
        try await a.deleteLink(pa)
    }

    /// The same requests with the blocking forms (a synchronous function picks them).
    private static func setUpBlocking(_ a: NetlinkHandle, _ b: NetlinkHandle, _ index: Int) throws {
        let pa = try InterfaceName(parsing: "pa\(index)"), pb = try InterfaceName(parsing: "pb\(index)")
        try a.add(VethPair(name: pa, peerName: pb, peerNamespace: b.namespace))
        try a.setUp(pa)
        try b.setUp(pb)
        try a.addAddress(InterfaceAddress(IPNetwork(parsing: "10.100.\(index).1/24"), dev: pa))
        try b.addAddress(InterfaceAddress(IPNetwork(parsing: "10.100.\(index).2/24"), dev: pb))
        try a.addRoute(Route(IPNetwork(parsing: "10.200.\(index).0/24"), via: IPAddress(parsing: "10.100.\(index).2"), dev: pa))
        try b.addRoute(Route(.defaultRoute(.ipv4), via: IPAddress(parsing: "10.100.\(index).1"), dev: pb))
        _ = try a.links()
        _ = try b.routes()
        try a.deleteLink(pa)
    }
}
