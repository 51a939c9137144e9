import NetKit
#if canImport(Glibc)
    import Glibc
#endif

/// One round of the soak's mix, ninety NetKit calls, each counted as one operation:
/// every public call that sends requests to the kernel, opens a handle or creates or deletes a
/// namespace (a batch call is one operation, however many routes or links it carries; the
/// objects it changed are tallied apart). Each round leaves the namespaces as it found them (the
/// pod veth's host end goes when the kernel tears the pod's namespace down, shortly after), so
/// any descriptor or memory still held afterwards is a leak.
///
/// Per round: 15 route adds + 15 deletes (one request each), a 64-route `addRoutes` and
/// `deleteRoutes`, 8 IPv4 + 2 IPv6 address adds and deletes, 5 up + 5 down, 6 dumps, 5 handles
/// opened and used, an anonymous namespace with a veth peer created in it, a named namespace
/// created, opened by name, used and deleted, and one veth pair created and deleted; every tenth
/// round a 4-pair `addLinks` and `deleteLinks(named:)` (one RCU wait for all) as well.
final class SoakWorkload {
    let sandbox: SoakSandbox
    /// The anonymous namespace most of the work happens in, and its handle.
    let net: NetlinkHandle
    var tally = Tally()

    /// The work namespace: `lo` and `soak0`/`soak1` up (routes go via `soak0`), and
    /// `flap0`/`flap1` for the up/down changes.
    init(sandbox: SoakSandbox) throws {
        self.sandbox = sandbox
        net = try sandbox.netlink(sandbox.anonymous())
        try net.setUp("lo")
        try net.add(VethPair(name: "soak0", peerName: "soak1"))
        try net.add(VethPair(name: "flap0", peerName: "flap1"))
        for name: InterfaceName in ["soak0", "soak1", "flap1"] { try net.setUp(name) }
        try net.addAddress(InterfaceAddress("10.127.0.1/16", dev: "soak0"))
    }

    /// The links the work namespace keeps for the whole run.
    static let permanentLinks: Set<InterfaceName> = ["lo", "soak0", "soak1", "flap0", "flap1"]

    /// Host ends of pod veths still in the work namespace: each goes once the kernel has torn
    /// its pod's namespace down, which it does only when NetKit holds nothing of it any more.
    func podLinks() throws -> [InterfaceName] {
        try net.links().map(\.name).filter { !Self.permanentLinks.contains($0) }
    }

    /// Waits up to `seconds` for every pod namespace to be gone (the kernel cleans up in the
    /// background); fails naming the pod links left if one is still held.
    func settle(seconds: Double) throws {
        let deadline = SoakReport.now() + seconds
        var left = try podLinks()
        while !left.isEmpty && SoakReport.now() < deadline {
            usleep(50_000)
            left = try podLinks()
        }
        guard left.isEmpty else {
            throw SoakFailure(
                "\(left.count) pod namespaces still exist \(Int(seconds)) s after their last descriptor closed (host ends \(left.prefix(5).map(\.rawValue).joined(separator: ", "))…): something still holds them"
            )
        }
    }

    /// Runs round `number` and returns how many operations it made.
    func round(_ number: Int) throws -> Int {
        let before = tally.operations
        try routes(number)
        try addresses()
        try upDown()
        try dumps()
        try handles()
        try namespaces(number)
        try links(number)
        return tally.operations - before
    }

    /// One operation: checks for a signal first, then counts the call.
    func op<T>(_ kind: Tally.Kind, objects: Int = 1, _ body: () throws -> T) throws -> T {
        try Interruption.check()
        let result = try body()
        tally.count(kind, objects: objects)
        return result
    }

    func routes(_ number: Int) throws {
        let third = UInt8(128 + number % 64)
        let single = try (0..<15).map { try Route(IPNetwork(parsing: "10.\(third).\($0).0/24"), dev: "soak0") }
        for route in single { try op(.routeAdd) { try net.addRoute(route) } }
        for route in single { try op(.routeDelete) { try net.deleteRoute(route) } }
        let batch = try (0..<64).map { try Route(IPNetwork(parsing: "10.\(third).\(100 + $0).0/24"), via: "10.127.0.2", dev: "soak0") }
        try expectAll(op(.routeBatch, objects: batch.count) { try net.addRoutes(batch) }.map(\.error))
        try expectAll(op(.routeBatch, objects: batch.count) { try net.deleteRoutes(batch) }.map(\.error))
    }

    func addresses() throws {
        let addresses =
            try (0..<8).map { try IPNetwork(parsing: "10.126.\($0).1/24") } + [
                IPNetwork(parsing: "fd00:50a::1/64"), IPNetwork(parsing: "fd00:50b::1/64"),
            ]
        for address in addresses {
            try op(.addressAdd) { try net.addAddress(InterfaceAddress(address, dev: "soak0", noDAD: address.family == .ipv6)) }
        }
        for address in addresses { try op(.addressDelete) { try net.deleteAddress(InterfaceAddress(address, dev: "soak0")) } }
    }

    func upDown() throws {
        for _ in 0..<5 {
            try op(.upDown) { try net.setUp("flap0") }
            try op(.upDown) { try net.setDown("flap0") }
        }
    }

    /// Dumps, each checked against what the round set up, so a dump that returns nothing is seen.
    func dumps() throws {
        let links = try op(.dump) { try net.links() }
        guard links.contains(where: { $0.name == "soak0" }) else { throw SoakFailure("link dump lacks soak0: \(links.map(\.name))") }
        _ = try op(.dump) { try net.routes() }
        let main = try op(.dump) { try net.routes(filter: .mainIPv4) }
        guard main.contains(where: { $0.destination.description == "10.127.0.0/16" }) else {
            throw SoakFailure("route dump lacks 10.127.0.0/16")
        }
        _ = try op(.dump) { try net.addresses() }
        _ = try op(.dump) { try net.addresses(dev: "soak0", family: .ipv4) }
        _ = try op(.dump) { try net.link(named: "flap0") }
    }

    /// Handles opened in the work namespace (on a NetKit thread that enters it), used once, closed.
    func handles() throws {
        for _ in 0..<5 {
            let handle = try op(.handle) { try sandbox.netlink(net.namespace) }
            _ = try op(.dump) { try handle.linkIndex(of: "lo") }
        }
    }

    /// An anonymous namespace as a pod would get it (veth peer created inside it, `lo` up, an
    /// address), dropped with its handle: the kernel removes it and the pair with it, in the
    /// background — so the host end's name is new every round. A named namespace created as
    /// `ip netns add`, opened again by name (as `ip netns exec` does), used through a handle,
    /// deleted as `ip netns del`.
    func namespaces(_ number: Int) throws {
        do {
            let pod = try op(.namespace) { try sandbox.anonymous() }
            let podNet = try op(.handle) { try sandbox.netlink(pod) }
            try op(.linkCreate) {
                try net.add(VethPair(name: InterfaceName(parsing: "pod\(number)"), peerName: "eth0", peerNamespace: pod))
            }
            try op(.upDown) { try podNet.setUp("lo") }
            try op(.addressAdd) { try podNet.addAddress(InterfaceAddress("10.125.0.2/24", dev: "eth0")) }
        }
        let named = try op(.namespace) { try sandbox.createNamed() }
        do {
            let reopened = try op(.namespace) { try sandbox.reopen(named) }
            let namedNet = try op(.handle) { try sandbox.netlink(reopened) }
            try op(.upDown) { try namedNet.setUp("lo") }
        }
        try op(.namespace) { try sandbox.deleteNamed(named) }
    }

    /// One veth pair created and deleted on its own (each deletion waits ~16–20 ms for RCU);
    /// every tenth round, four more through the batch calls.
    func links(_ number: Int) throws {
        try op(.linkCreate) { try net.add(VethPair(name: "churn0", peerName: "churn1")) }
        try op(.linkDelete) { try net.deleteLink("churn0") }
        guard number % 10 == 0 else { return }
        let pairs = try (0..<4).map {
            try VethPair(name: InterfaceName(parsing: "batch\($0)"), peerName: InterfaceName(parsing: "batchp\($0)"))
        }
        try expectAll(op(.linkBatch, objects: pairs.count) { try net.addLinks(pairs) }.map(\.error))
        try expectAll(op(.linkBatch, objects: pairs.count) { try net.deleteLinks(named: pairs.map(\.name)) }.map(\.error))
    }

    private func expectAll(_ errors: [NetKitError?]) throws {
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    }
}
