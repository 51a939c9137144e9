import Foundation
import NetKit
import NetKitTestSupport
import Testing

/// 64 tasks at once on the Swift-concurrency pool: 48 each in a namespace of its own, 16 sharing
/// one namespace through one handle. Afterwards every namespace holds exactly what its tasks
/// made — read back by `ip -j`, not by NetKit — and every thread is back home.
@Suite("Reliability: concurrency")
struct ConcurrentStateTests {
    /// What task `i` builds: a veth pair, an address, a route via the peer, both ends up.
    struct Plan: Sendable {
        let i: Int
        let shared: Bool
        var link: String { shared ? "s\(i)" : "a\(i)" }
        var peer: String { link + "p" }
        var address: String { shared ? "10.200.\(i).1/24" : "10.\(i).0.1/24" }
        var destination: String { shared ? "10.201.\(i).0/24" : "10.\(i).1.0/24" }
        var gateway: String { shared ? "10.200.\(i).2" : "10.\(i).0.2" }

        func build(_ net: NetlinkHandle) throws {
            let (link, peer) = (try InterfaceName(parsing: self.link), try InterfaceName(parsing: self.peer))
            try net.add(VethPair(name: link, peerName: peer))
            try net.setUp(link)
            try net.setUp(peer)
            try net.addAddress(InterfaceAddress(IPNetwork(parsing: address), dev: link))
            try net.addRoute(Route(IPNetwork(parsing: destination), via: IPAddress(parsing: gateway), dev: link))
        }
    }

    /// What `ip -n NS -j` reports for `plans`: link names, the addresses, the gateway routes.
    static func expectState(_ namespace: String, _ plans: [Plan]) throws {
        let links = try IPTool.json(["-n", namespace, "-j", "link", "show"]).compactMap { $0["ifname"] as? String }
        #expect(
            links.withoutKernelFallbackDevices.sorted() == (["lo"] + plans.flatMap { [$0.link, $0.peer] }).sorted(), "links in \(namespace)"
        )
        var addresses: [String] = []
        for entry in try IPTool.json(["-n", namespace, "-j", "-4", "address", "show"]) {
            for info in entry["addr_info"] as? [[String: Any]] ?? [] {
                if let local = info["local"] as? String, let length = info["prefixlen"] as? Int, local != "127.0.0.1" {
                    addresses.append("\(local)/\(length)@\(entry["ifname"] as? String ?? "?")")
                }
            }
        }
        #expect(addresses.sorted() == plans.map { "\($0.address)@\($0.link)" }.sorted(), "addresses in \(namespace)")
        let routes = try IPTool.json(["-n", namespace, "-j", "route", "show"]).compactMap { route -> String? in
            guard let gateway = route["gateway"] as? String else { return nil }
            return "\(route["dst"] as? String ?? "?") via \(gateway) dev \(route["dev"] as? String ?? "?")"
        }
        #expect(routes.sorted() == plans.map { "\($0.destination) via \($0.gateway) dev \($0.link)" }.sorted(), "routes in \(namespace)")
    }

    @Test("64 tasks, 16 of them sharing one handle, make exactly the expected state; no thread leaves home")
    func sixtyFourTasks() async throws {
        let shared = try TestNamespace("cs")
        let sharedNet = shared.net
        let ownPlans = (0..<48).map { Plan(i: $0, shared: false) }
        let sharedPlans = (0..<16).map { Plan(i: $0, shared: true) }
        let own = (0..<48).map { _ in TestNamespace.uniqueName("co") }
        let namespaces = try own.map { try Namespace.create(named: $0) }
        defer { for name in own { try? Namespace.delete(named: name) } }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (plan, namespace) in zip(ownPlans, namespaces) {
                group.addTask {
                    let net = try namespace.netlink()
                    try await net.setUp("lo")
                    try plan.build(net)
                    // Thread-bound work in the namespace too, from the concurrency pool.
                    let forwarding = try await namespace.perform {
                        try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8)
                    }
                    #expect(forwarding.hasPrefix("0"))
                }
            }
            for plan in sharedPlans {
                group.addTask { try plan.build(sharedNet) }
            }
            try await group.waitForAll()
        }

        for (plan, name) in zip(ownPlans, own) { try Self.expectState(name, [plan]) }
        try Self.expectState(shared.name, sharedPlans)
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }
}
