import Foundation
@testable import NetKit
import Testing

extension EventIntegrationTests {
    @Test("qdisc and filter changes arrive with .trafficControl, printed as tc monitor prints the qdiscs")
    func trafficControlEvents() async throws {
        let ns = try TestNamespace.withVeth("evtc")
        let net = ns.net
        let collector = EventCollector(try ns.namespace.events(.trafficControl))
        let monitor = try IPMonitor(ns, objects: [], tool: "tc")
        // Handshake: pfifo qdiscs on veth1 until tc monitor shows one.
        var started = false
        for limit in UInt32(100)..<130 where !started {
            try net.replaceQdisc(Qdisc(.pfifo(PFIFO(limit: limit)), device: "veth1", handle: "2:"))
            started = await poll(seconds: 0.5) { monitor.lines.contains { $0.contains("limit \(limit)p") } }
        }
        #expect(started, "tc monitor did not start")

        try net.addQdisc(Qdisc(.tbf(TokenBucket(rate: .mbit(1), burst: 10 * 1024, latency: .milliseconds(50))), device: "veth0", handle: "1:"))
        try net.addQdisc(.ingress(on: "veth0"))
        let filter = Filter(.basic, device: "veth0", parent: .ingressQdisc, priority: 7, actions: [.pass])
        let filterAdded = (try? net.addFilter(filter)) != nil  // basic/gact may be missing on a host kernel
        try net.deleteQdisc(.ingress(on: "veth0"))
        try net.deleteQdisc(.root(of: "veth0"))

        #expect(await collector.wait { events in events.contains { if case .qdiscRemoved(let q) = $0 { q.kind == .tbf } else { false } } })
        let ours = collector.events.map(\.description)
        for line in ["qdisc tbf 1: dev veth0 root", "qdisc ingress ffff: dev veth0 parent ffff:fff1",
                     "deleted qdisc ingress ffff: dev veth0 parent ffff:fff1", "deleted qdisc tbf 1: dev veth0 root"] {
            #expect(ours.contains { $0.hasPrefix(line) }, "\(line) in \(ours)")
        }
        #expect(await poll(seconds: 5) { monitor.lines.contains { $0.hasPrefix("deleted qdisc tbf 1: dev veth0") } })
        // Every qdisc line NetKit printed for veth0 is a line tc monitor printed.
        let tcLines = Set(monitor.lines)
        for event in collector.events where event.description.contains("qdisc") && event.description.contains("dev veth0") {
            #expect(tcLines.contains(event.description), "\(event) not in tc monitor's \(monitor.lines)")
        }
        if filterAdded {
            #expect(collector.events.contains { if case .filterAdded(let f) = $0 { f.kind == "basic" && f.actions == [.pass] } else { false } })
        }
    }
}
