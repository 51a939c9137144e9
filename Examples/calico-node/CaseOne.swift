import ExampleSupport
import Foundation
import NetKit

/// Case 1 of the document on the live network: az3-k8s-13 (192.168.3.112) gets the wrong route
/// `10.122.17.64/26 via 10.122.127.128 dev tunl0` — via an address of its own block, its tunl0
/// address — in place of BIRD's. Node 1's ping dies; BIRD cannot put its route back over a route
/// it did not install; once the wrong route is deleted, BIRD's next kernel scan reinstalls
/// `via 192.168.3.110 dev tunl0 proto bird onlink` (the document adds that line by hand) and the
/// ping works again.
enum CaseOne {
    static func run(agents: [NodeAgent], daemons: [BirdDaemon]) throws {
        let node1 = agents[0], node13 = agents[1], bird13 = daemons[1]
        let block = node1.spec.block
        Transcript.section("Case 1, live: the wrong route on \(node13.spec.hostName) (\(node13.spec.address))")
        let wrong = try Route(block, via: node13.spec.tunnelAddress, dev: "tunl0")
        let logBefore = bird13.logLines().count
        Transcript.command("ip -n \(node13.name) route replace \(wrong)")
        try node13.net.replaceRoute(wrong)
        let seen = node13.waitForRoute(to: block, seconds: 10) { $0.gateway == node13.spec.tunnelAddress }
        Transcript.check(seen != nil, "the agent saw BIRD's route to \(block) replaced")
        Transcript.check(tunnelRoute(node13, to: block) == wrong.description, "ip route | grep tunl0 shows the document's broken line")

        // BIRD's kernel scan (every 2 s) finds its route missing and adds it again; the kernel
        // refuses, as a route with the same destination and metric exists.
        var complaints: [String] = []
        let deadline = Date().addingTimeInterval(20)
        while complaints.isEmpty && Date() < deadline {
            usleep(200_000)
            complaints = bird13.logLines().dropFirst(logBefore).filter { $0.contains("File exists") }
        }
        Transcript.command("tail \(bird13.logPath)")
        Transcript.output(bird13.logLines().dropFirst(logBefore).suffix(4).joined(separator: "\n"))
        Transcript.check(
            !complaints.isEmpty,
            "BIRD tries to reinstall its route and the kernel says File exists (EEXIST): BIRD never overwrites a route it did not install")

        let before = try InterfaceCounters.read("tunl0", in: node13.namespace)
        Transcript.command(
            "ip netns exec \(node1.name) ping -c \(PodPings.count) -W 1 -I \(node1.spec.tunnelAddress) \(node13.spec.tunnelAddress)")
        Transcript.expectFailure(
            "the ping from \(node1.spec.tunnelAddress) to \(node13.spec.tunnelAddress) gets no reply, as in the document", .timedOut
        ) {
            try node1.net.ping(
                node13.spec.tunnelAddress, count: PodPings.count, timeout: .seconds(1),
                interval: .milliseconds(200), sourceAddress: node1.spec.tunnelAddress)
        }
        let after = try InterfaceCounters.read("tunl0", in: node13.namespace)
        Transcript.command("ip netns exec \(node13.name) cat /proc/net/dev | grep tunl0")
        Transcript.output(after.line)
        Transcript.check(
            after.receivedPackets >= before.receivedPackets + UInt64(PodPings.count),
            "the requests reached \(node13.spec.hostName)'s tunl0 (\(after.receivedPackets - before.receivedPackets) received during the ping)"
        )
        Transcript.command("ip -n \(node13.name) route get \(node1.spec.tunnelAddress)")
        let reply = try node13.net.routeLookup(node1.spec.tunnelAddress)
        Transcript.output(reply.description)
        Transcript.check(
            reply.device == "tunl0" && reply.gateway != node1.spec.address,
            "the reply goes into tunl0 without \(node1.spec.address) as next hop, so it is never encapsulated towards node 1")

        Transcript.note(
            "The document's fix deletes the wrong route and adds BIRD's line by hand; here the agent deletes it and BIRD adds its own:")
        Transcript.command("ip -n \(node13.name) route del \(wrong)")
        try node13.net.deleteRoute(wrong)
        let restored = node13.waitForRoute(to: block, seconds: 30) { NodeAgent.isBirdRoute($0, to: node1.spec) }
        Transcript.check(restored != nil, "BIRD reinstalled \(restored?.description ?? "nothing within 30 s") at its next kernel scan")
        Transcript.check(
            tunnelRoute(node13, to: block) == "\(block) via \(node1.spec.address) dev tunl0 proto bird onlink",
            "ip route | grep tunl0 shows the document's fixed line")
        Transcript.check(
            PodPings.ping(from: node1.namespace, node13.spec.tunnelAddress, source: node1.spec.tunnelAddress),
            "这样就通了 — the ping works again")
    }

    /// `ip -n NODE route | grep tunl0`, printed; returns the line for `destination`.
    static func tunnelRoute(_ agent: NodeAgent, to destination: IPNetwork) -> String? {
        Transcript.command("ip -n \(agent.name) route | grep tunl0")
        let lines = ((try? agent.net.routes(filter: RouteFilter(family: .ipv4, table: .main, dev: "tunl0"))) ?? []).map(\.description)
        Transcript.output(lines.joined(separator: "\n"))
        return lines.first { $0.hasPrefix("\(destination) ") }
    }
}
