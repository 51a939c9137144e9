// Case 2 of the source document: five Calico nodes with two NICs each (192.168.0.11x on eth0,
// 192.168.3.11x on eth1), except node2, which has no 192.168.3.111. Calico knows node2 as
// 192.168.0.111 and node4 as 192.168.3.113. node2's IPIP request goes to 192.168.3.113, but
// node4 answers from 192.168.0.113 (its connected route and default route point at eth0), and
// node2 drops IPIP from an address Calico does not know. The document's fix on node4: delete
// the 192.168.0.0/24 route and move the default route to eth1.
//
// The drop is Calico's real mechanism: felix accepts IPIP (IP protocol 4) only from known node
// addresses and drops the rest (an iptables rule in each node's INPUT chain). This example
// installs the same rule with iptables inside each node's namespace; NetKit itself does not
// manage firewall rules.
//
//     swift run calico-multi-nic        (needs a kernel with IPIP: CONFIG_NET_IPIP; and iptables)
import ExampleSupport
import Foundation
import NetKit

if CommandLine.arguments.contains("--check-kernel") {
    exit((try? Namespace.anonymous().netlink().hasIPIPSupport()) == true ? 0 : 1)
}

/// Runs iptables inside a node's namespace (`ip netns exec NODE iptables …`).
func iptables(_ namespace: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = ["netns", "exec", namespace, "iptables", "-w"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NetKitError(
            .system(.EIO), operation: "iptables \(arguments.joined(separator: " "))", object: "in netns \(namespace)", hint: output)
    }
    return output
}

struct CalicoNode {
    let number: Int
    let name: String
    let namespace: Namespace
    let net: NetlinkHandle
    let block: IPNetwork
    let tunnelAddress: IPAddress
    /// The address Calico (BGP) knows this node by.
    let calicoAddress: IPAddress
    var host: Int { 109 + number }
}

Transcript.run {
    guard try Namespace.anonymous().netlink().hasIPIPSupport() else {
        print("calico-multi-nic needs a kernel with IPIP (CONFIG_NET_IPIP, module ipip); this one has none.")
        print("Run it under such a kernel, e.g.: Scripts/kernel-lane.sh -- $(swift build --show-bin-path)/calico-multi-nic")
        exit(2)
    }
    Transcript.section("Five nodes, two networks (192.168.0.0/24 on eth0, 192.168.3.0/24 on eth1)")
    // The two segments and the routers .253 between them.
    let fabricName = Cleanup.uniqueName("fabric")
    Transcript.note(
        "netns \(fabricName) stands in for the two segments (bridges br0, br3) and the gateways 192.168.0.253 and 192.168.3.253.")
    Transcript.command("ip netns add \(fabricName)")
    let fabric = try Cleanup.namespace(named: fabricName)
    let fabricNet = try fabric.netlink()
    Transcript.command("ip -n \(fabricName) link set lo up")
    try fabricNet.setUp("lo")
    Transcript.command("ip netns exec \(fabricName) sysctl -w net.ipv4.ip_forward=1")
    try fabric.setSysctl(.ipForward(.ipv4), to: true)
    for (bridge, address) in [("br0", "192.168.0.253/24"), ("br3", "192.168.3.253/24")] {
        Transcript.command(
            "ip -n \(fabricName) link add \(bridge) type bridge && ip -n \(fabricName) addr add \(address) dev \(bridge) && ip -n \(fabricName) link set \(bridge) up"
        )
        try fabricNet.add(Bridge(name: InterfaceName(parsing: bridge)))
        try fabricNet.addAddress(InterfaceAddress(IPNetwork(parsing: address), dev: InterfaceName(parsing: bridge)))
        try fabricNet.setUp(InterfaceName(parsing: bridge))
    }

    let blocks = ["10.122.17.64/26", "10.122.124.128/26", "10.122.127.128/26", "10.122.157.128/26", "10.122.173.128/26"]
    var nodes: [CalicoNode] = []
    for number in 1...5 {
        let host = 109 + number
        let name = Cleanup.uniqueName("node\(number)")
        Transcript.command("ip netns add \(name)   # 192.168.0.\(host)\(number == 2 ? " (no 192.168.3.111)" : ", 192.168.3.\(host)")")
        let ns = try Cleanup.namespace(named: name)
        let net = try ns.netlink()
        Transcript.command("ip -n \(name) link set lo up")
        try net.setUp("lo")
        for (nic, bridge) in [("eth0", "br0"), ("eth1", "br3")] as [(InterfaceName, InterfaceName)] {
            let fabricEnd = try InterfaceName(parsing: "n\(number)\(nic)")
            Transcript.command(
                "ip -n \(fabricName) link add \(fabricEnd) type veth peer name \(nic) netns \(name) && ip -n \(fabricName) link set \(fabricEnd) master \(bridge) up && ip -n \(name) link set \(nic) up"
            )
            try fabricNet.add(VethPair(name: fabricEnd, peerName: nic, peerNamespace: ns))
            try fabricNet.setMaster(fabricEnd, to: bridge)
            try fabricNet.setUp(fabricEnd)
            try net.setUp(nic)
            // The kernel applies carrier (state UP) shortly after both ends are up; wait for it before the first packet.
            try net.waitForLink(nic, until: .operational, timeout: .seconds(5))
        }
        Transcript.command("ip -n \(name) addr add 192.168.0.\(host)/24 dev eth0")
        try net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.0.\(host)/24"), dev: "eth0"))
        if number != 2 {
            Transcript.command("ip -n \(name) addr add 192.168.3.\(host)/24 dev eth1")
            try net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.3.\(host)/24"), dev: "eth1"))
        }
        // node4 starts as the document found it: default route on eth0.
        let defaultVia = number == 2 || number == 4 ? ("192.168.0.253", "eth0") : ("192.168.3.253", "eth1")
        Transcript.command("ip -n \(name) route add default via \(defaultVia.0) dev \(defaultVia.1)")
        try net.addRoute(
            Route(IPNetwork.defaultRoute(.ipv4), via: IPAddress(parsing: defaultVia.0), dev: InterfaceName(parsing: defaultVia.1)))
        let block = try IPNetwork(parsing: blocks[number - 1])
        Transcript.command("ip -n \(name) link set tunl0 up && ip -n \(name) addr add \(block.address)/32 dev tunl0")
        try net.setUp("tunl0")
        try net.addAddress(InterfaceAddress(IPNetwork(address: block.address, prefixLength: 32), dev: "tunl0"))
        Transcript.command("ip -n \(name) route add blackhole \(block) proto bird")
        try net.addRoute(Route(block, type: .blackhole, proto: .bird))
        let calicoAddress = try IPAddress(parsing: number == 2 ? "192.168.0.111" : "192.168.3.\(host)")
        nodes.append(
            CalicoNode(
                number: number, name: name, namespace: ns, net: net, block: block,
                tunnelAddress: block.address, calicoAddress: calicoAddress))
    }

    Transcript.section("What Calico programs on every node (bird: routes; felix: the IPIP filter)")
    Transcript.note("calicoctl node status is not run (no Calico here); the addresses Calico knows the nodes by, as in the document:")
    for node in nodes { Transcript.note("  node\(node.number): \(node.calicoAddress)") }
    let node2 = nodes[1], node4 = nodes[3]
    let unknownSource = "192.168.0.113"
    for node in nodes {
        for other in nodes where other.number != node.number {
            Transcript.command("ip -n \(node.name) route add \(other.block) via \(other.calicoAddress) dev tunl0 proto bird onlink")
            try node.net.addRoute(Route(other.block, via: other.calicoAddress, dev: "tunl0", proto: .bird, onlink: true))
        }
        // felix: accept IPIP only from known node addresses.
        for other in nodes where other.number != node.number {
            let rule = ["-A", "INPUT", "-p", "4", "-s", other.calicoAddress.description, "-j", "ACCEPT"]
            Transcript.command("ip netns exec \(node.name) iptables \(rule.joined(separator: " "))")
            _ = try iptables(node.name, rule)
        }
        if node.number == node2.number {
            // No target: the rule only counts, and the packet goes on to the DROP below.
            let counting = ["-A", "INPUT", "-p", "4", "-s", unknownSource]
            Transcript.command(
                "ip netns exec \(node.name) iptables \(counting.joined(separator: " "))   # counts IPIP from \(unknownSource) (not felix's)"
            )
            _ = try iptables(node.name, counting)
        }
        Transcript.command("ip netns exec \(node.name) iptables -A INPUT -p 4 -j DROP")
        _ = try iptables(node.name, ["-A", "INPUT", "-p", "4", "-j", "DROP"])
    }

    // node4's pods and docker0, so its final table has the document's shape.
    let caliNames = ["cali19f6ea143e3", "cali09e016ead53", "cali0ad3225816d", "cali55a5ff1a4aa", "cali01cf8687c65", "cali65232d7ada6"]
    Transcript.section("node4's pods (cali* veths) and docker0")
    for (offset, cali) in caliNames.enumerated() {
        let podName = Cleanup.uniqueName("n4pod\(offset + 1)")
        let podAddress = try IPAddress(parsing: "10.122.157.\(129 + offset)")
        Transcript.command(
            "ip netns add \(podName) && ip -n \(node4.name) link add \(cali) type veth peer name eth0 netns \(podName) && ip -n \(node4.name) link set \(cali) up"
        )
        let pod = try Cleanup.namespace(named: podName)
        let hostEnd = try InterfaceName(parsing: cali)
        try node4.net.add(VethPair(name: hostEnd, peerName: "eth0", peerNamespace: pod))
        try node4.net.setUp(hostEnd)
        let podNet = try pod.netlink()
        Transcript.command("ip -n \(podName) link set eth0 up && ip -n \(podName) addr add \(podAddress)/32 dev eth0")
        try podNet.setUp("eth0")
        try podNet.waitForLink("eth0", until: .operational, timeout: .seconds(5))
        try podNet.addAddress(InterfaceAddress(IPNetwork(address: podAddress, prefixLength: 32), dev: "eth0"))
        Transcript.command("ip -n \(node4.name) route add \(podAddress) dev \(cali) scope link")
        try node4.net.addRoute(Route(IPNetwork(address: podAddress, prefixLength: 32), dev: InterfaceName(parsing: cali), scope: .link))
    }
    Transcript.command(
        "ip -n \(node4.name) link add docker0 type bridge && ip -n \(node4.name) link add vethd0 type veth peer name vethd0p && ip -n \(node4.name) link set vethd0 master docker0"
    )
    try node4.net.add(Bridge(name: "docker0"))
    try node4.net.add(VethPair(name: "vethd0", peerName: "vethd0p"))
    try node4.net.setMaster("vethd0", to: "docker0")
    Transcript.command(
        "ip -n \(node4.name) link set vethd0 up && ip -n \(node4.name) link set vethd0p up && ip -n \(node4.name) link set docker0 up")
    for link: InterfaceName in ["vethd0", "vethd0p", "docker0"] { try node4.net.setUp(link) }
    try node4.net.waitForLink("vethd0", until: .operational, timeout: .seconds(5))
    Transcript.command("ip -n \(node4.name) addr add 172.17.0.1/16 dev docker0")
    try node4.net.addAddress(InterfaceAddress(IPNetwork(parsing: "172.17.0.1/16"), dev: "docker0"))

    Transcript.section("The failure: node2 ↔ node4")
    let ping = {
        try node2.net.ping(
            node4.tunnelAddress, count: 2, timeout: .seconds(1), interval: .milliseconds(200), sourceAddress: node2.tunnelAddress)
    }
    Transcript.command("ip netns exec \(node2.name) ping -c 2 -I \(node2.tunnelAddress) \(node4.tunnelAddress)")
    Transcript.expectFailure("node2 cannot reach node4's tunl0 address: no echo reply comes back", .timedOut) { try ping() }

    let request = try node2.net.routeLookup(node4.calicoAddress)
    Transcript.command("ip -n \(node2.name) route get 192.168.3.113   # the outer IPIP request")
    Transcript.output(request.description)
    Transcript.check(
        request.preferredSource?.description == "192.168.0.111", "node2's request leaves from 192.168.0.111 towards 192.168.3.113")
    let reply = try node4.net.routeLookup(node2.calicoAddress)
    Transcript.command("ip -n \(node4.name) route get 192.168.0.111   # the outer IPIP reply")
    Transcript.output(reply.description)
    Transcript.check(
        reply.preferredSource?.description == "192.168.0.113" && reply.device == "eth0",
        "node4 answers from 192.168.0.113 on eth0 — not from 192.168.3.113, where the request went")
    Transcript.command("ip netns exec \(node2.name) iptables -L INPUT -v -n -x")
    let counters = try iptables(node2.name, ["-L", "INPUT", "-v", "-n", "-x"])
    Transcript.output(counters)
    // The counting rule's line: source 192.168.0.113 and no target; its first column is pkts.
    let countingLine = counters.split(separator: "\n").map { $0.split(separator: " ") }
        .first { $0.contains(Substring(unknownSource)) && !$0.contains("ACCEPT") && !$0.contains("DROP") }
    let fromUnknown = countingLine?.first.flatMap { Int($0) } ?? 0
    Transcript.check(
        fromUnknown > 0,
        "node2 received \(fromUnknown) IPIP packet(s) from \(unknownSource), an address Calico does not know; the DROP rule after it drops them"
    )

    Transcript.section("The document's fix, on node4")
    Transcript.command("ip -n \(node4.name) route del 192.168.0.0/24 dev eth0 proto kernel scope link src 192.168.0.113")
    try node4.net.deleteRoute(
        Route(IPNetwork(parsing: "192.168.0.0/24"), dev: "eth0", proto: .kernel, scope: .link, src: IPAddress(parsing: "192.168.0.113")))
    Transcript.command("ip -n \(node4.name) route del default via 192.168.0.253 dev eth0")
    try node4.net.deleteRoute(Route(IPNetwork.defaultRoute(.ipv4), via: IPAddress(parsing: "192.168.0.253"), dev: "eth0"))
    Transcript.command("ip -n \(node4.name) route add default via 192.168.3.253 dev eth1")
    try node4.net.addRoute(Route(IPNetwork.defaultRoute(.ipv4), via: IPAddress(parsing: "192.168.3.253"), dev: "eth1"))

    let fixedReply = try node4.net.routeLookup(node2.calicoAddress)
    Transcript.command("ip -n \(node4.name) route get 192.168.0.111")
    Transcript.output(fixedReply.description)
    Transcript.check(
        fixedReply.preferredSource?.description == "192.168.3.113", "node4 now answers from 192.168.3.113 — the address the request went to"
    )
    Transcript.command("ip netns exec \(node2.name) ping -c 2 -I \(node2.tunnelAddress) \(node4.tunnelAddress)")
    let result = try ping()
    Transcript.output(result.description)
    Transcript.check(result.received == 2, "最终OK — node2 and node4 talk")

    Transcript.command("ip -n \(node4.name) route   # node4 is the document's az3-k8s-14")
    let table = try node4.net.routes(filter: .mainIPv4).map(\.description)
    Transcript.output(table.joined(separator: "\n"))
    let document = """
        default via 192.168.3.253 dev eth1
        10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink
        10.122.124.128/26 via 192.168.0.111 dev tunl0 proto bird onlink
        10.122.127.128/26 via 192.168.3.112 dev tunl0 proto bird onlink
        blackhole 10.122.157.128/26 proto bird
        10.122.157.129 dev cali19f6ea143e3 scope link
        10.122.157.130 dev cali09e016ead53 scope link
        10.122.157.131 dev cali0ad3225816d scope link
        10.122.157.132 dev cali55a5ff1a4aa scope link
        10.122.157.133 dev cali01cf8687c65 scope link
        10.122.157.134 dev cali65232d7ada6 scope link
        10.122.173.128/26 via 192.168.3.114 dev tunl0 proto bird onlink
        172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1
        192.168.3.0/24 dev eth1 proto kernel scope link src 192.168.3.113
        """.split(separator: "\n").map(String.init)
    Transcript.check(table == document, "node4's table is the document's, line for line")
}
