import Foundation
@testable import NetKit
import Testing

extension EventIntegrationTests {
    @Test("qdisc and filter changes arrive with .trafficControl, printed as tc monitor prints them")
    func trafficControlEvents() async throws {
        let ns = try TestNamespace.withVeth("evtc")
        let net = ns.net
        let collector = EventCollector(try ns.namespace.events(.trafficControl))
        let monitor = try IPMonitor(ns, objects: [], tool: "tc")
        // Handshake: pfifo qdiscs on veth1 until tc monitor shows one.
        var started = false
        for limit in UInt32(100)..<130 where !started {
            try await net.replaceQdisc(Qdisc(.pfifo(PFIFO(limit: limit)), device: "veth1", handle: "2:"))
            started = await poll(seconds: 0.5) { monitor.lines.contains { $0.contains("limit \(limit)p") } }
        }
        #expect(started, "tc monitor did not start")

        try await net.addQdisc(
            Qdisc(.tbf(TokenBucket(rate: .mbit(1), burst: 10 * 1024, latency: .milliseconds(50))), device: "veth0", handle: "1:"))
        try await net.addQdisc(.ingress(on: "veth0"))
        let added = try addEventFilters(net)
        // One priority deleted by its own request, the rest by flushing the parent.
        if added.contains("u32") { try await net.deleteFilter(Filter(device: "veth0", parent: .ingressQdisc, priority: 1)) }
        if added.count > (added.contains("u32") ? 1 : 0) { try await net.deleteFilter(Filter(device: "veth0", parent: .ingressQdisc)) }
        try await net.deleteQdisc(.ingress(on: "veth0"))
        try await net.deleteQdisc(.root(of: "veth0"))

        #expect(await collector.wait { events in events.contains { if case .qdiscRemoved(let q) = $0 { q.kind == .tbf } else { false } } })
        let ours = collector.events.map(\.description)
        for line in [
            "qdisc tbf 1: dev veth0 root", "qdisc ingress ffff: dev veth0 parent ffff:fff1",
            "deleted qdisc ingress ffff: dev veth0 parent ffff:fff1", "deleted qdisc tbf 1: dev veth0 root",
        ] {
            #expect(ours.contains { $0.hasPrefix(line) }, "\(line) in \(ours)")
        }
        for kind in added {
            #expect(collector.events.contains { if case .filterAdded(let f) = $0 { f.kind == kind } else { false } }, "\(kind) added")
            #expect(collector.events.contains { if case .filterRemoved(let f) = $0 { f.kind == kind } else { false } }, "\(kind) deleted")
        }
        if added.contains("u32") {
            #expect(ours.contains { $0.hasPrefix("added filter dev veth0 parent ffff: protocol all pref 1 u32 chain 0 fh 800::800") })
            #expect(collector.events.contains { if case .filterAdded(let f) = $0 { f.actions == [.redirect(to: "veth1")] } else { false } })
        }
        #expect(await poll(seconds: 5) { monitor.lines.contains { $0.hasPrefix("deleted qdisc tbf 1: dev veth0") } })
        // Every qdisc and filter text NetKit printed for veth0 is what tc monitor printed: its
        // lines, in order.
        let tcLines = monitor.lines
        let veth0 = collector.events.filter { $0.description.split(separator: "\n").first?.contains(" dev veth0 ") == true }
        #expect(veth0.count >= 4 + 2 * added.count)
        for event in veth0 {
            let lines = event.description.split(separator: "\n").map(String.init)
            let found = (0...max(0, tcLines.count - lines.count)).contains { start in
                tcLines.count >= start + lines.count && Array(tcLines[start..<start + lines.count]) == lines
            }
            #expect(found, "\(event) not in tc monitor's \(tcLines)")
        }
    }

    /// On veth0's ingress qdisc: a u32 match-all filter redirecting to veth1 (priority 1), a
    /// matchall filter mirroring to veth1 (2) and a basic filter passing (3), each where the
    /// kernel has its modules. Returns the kinds added.
    private func addEventFilters(_ net: NetlinkHandle) throws -> [String] {
        let filters = [
            Filter(.u32All, device: "veth0", parent: .ingressQdisc, priority: 1, actions: [.redirect(to: "veth1")]),
            Filter(.matchall, device: "veth0", parent: .ingressQdisc, priority: 2, actions: [.mirror(to: "veth1")]),
            Filter(.basic, device: "veth0", parent: .ingressQdisc, priority: 3, actions: [.pass]),
        ]
        return try filters.filter { filter in
            try optionalTC("CONFIG_NET_CLS", "CONFIG_NET_ACT", body: { () throws(NetKitError) in try net.addFilter(filter) })
        }.map(\.kind)
    }
}
