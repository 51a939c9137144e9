import ExampleSupport
import Foundation
import NetKit

/// Pods pinging each other with NetKit's ping (ICMP from a thread inside the pod's namespace),
/// and the `tunl0` counters that show which packets were carried in IPIP.
enum PodPings {
    static let count = 2

    /// `ip netns exec SOURCE ping -c 2 TARGET [-I FROM]`: prints the summary, or the error
    /// when no reply came, and returns whether every echo was answered.
    static func ping(from namespace: NamedNamespace, _ target: IPAddress, source: IPAddress? = nil) -> Bool {
        let from = source.map { " -I \($0)" } ?? ""
        Transcript.command("ip netns exec \(namespace.name) ping -c \(count)\(from) \(target)")
        do {
            let result = try namespace.ping(target, count: count, timeout: .seconds(3), interval: .milliseconds(200), sourceAddress: source)
            Transcript.output(result.description)
            return result.received == count
        } catch {
            Transcript.output("Error: \(error)")
            return false
        }
    }

    static func tunnelCounters(_ agents: [NodeAgent]) throws -> [InterfaceCounters] {
        try agents.map { try InterfaceCounters.read("tunl0", in: $0.namespace) }
    }

    /// Every node's first pod pings every other node's first pod; then each node's `tunl0` must
    /// have sent and received at least the packets that crossed between nodes. Last, two pods
    /// of one node: that traffic never touches `tunl0`.
    static func acrossNodes(agents: [NodeAgent], pods: [[Pod]]) throws {
        Transcript.section("Pods on different nodes ping each other through tunl0")
        let first = pods.map { $0[0] }
        let target = first[2].spec.address
        Transcript.command("ip -n \(agents[0].name) route get \(target)")
        let path = try agents[0].net.routeLookup(target)
        Transcript.output(path.description)
        Transcript.check(
            path.device == "tunl0" && path.gateway == agents[2].spec.address,
            "from \(agents[0].spec.hostName), a pod of \(agents[2].spec.hostName) is reached through tunl0 with \(agents[2].spec.address) as next hop: the outer IPIP destination"
        )

        let before = try tunnelCounters(agents)
        for source in first {
            for destination in first where destination.node.hostName != source.node.hostName {
                Transcript.check(
                    ping(from: source.namespace, destination.spec.address),
                    "pod \(source.spec.address) on \(source.node.hostName) reaches pod \(destination.spec.address) on \(destination.node.hostName)"
                )
            }
        }
        let after = try tunnelCounters(agents)
        // Each node's pod sent `count` requests to each other node, and the node forwarded its
        // pod's replies to each other node's requests: that many packets each way.
        let crossing = UInt64(2 * count * (agents.count - 1))
        for (index, agent) in agents.enumerated() {
            Transcript.command("ip netns exec \(agent.name) cat /proc/net/dev | grep tunl0")
            Transcript.output(after[index].line)
            let sent = after[index].transmittedPackets - before[index].transmittedPackets
            let received = after[index].receivedPackets - before[index].receivedPackets
            Transcript.check(
                sent >= crossing && received >= crossing,
                "\(agent.spec.hostName)'s tunl0 sent \(sent) and received \(received) packets during the pings (\(crossing) crossed each way): encapsulated to, and decapsulated from, the other nodes"
            )
        }

        let node = agents[2], local = pods[2]
        let quiet = try InterfaceCounters.read("tunl0", in: node.namespace)
        Transcript.check(
            ping(from: local[0].namespace, local[1].spec.address),
            "pod \(local[0].spec.address) reaches pod \(local[1].spec.address) on the same node")
        let still = try InterfaceCounters.read("tunl0", in: node.namespace)
        Transcript.check(
            still.transmittedPackets == quiet.transmittedPackets,
            "…through the two cali* devices only: \(node.spec.hostName)'s tunl0 sent nothing meanwhile")
    }
}
