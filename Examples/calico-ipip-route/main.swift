// Case 1 of the source document ("calico ipip网络不通"): two Calico nodes on 192.168.3.0/24,
// each with a /26 pod block and tunl0 up. Node .112 has the broken route
// `10.122.17.64/26 via 10.122.127.128 dev tunl0` (its own tunl0 address as gateway), so replies
// to node .110 never leave encapsulated; the document's fix replaces it with
// `via 192.168.3.110 dev tunl0 proto bird onlink`.
//
//     swift run calico-ipip-route        (needs a kernel with IPIP: CONFIG_NET_IPIP)
import ExampleSupport
import Foundation
import NetKit

if CommandLine.arguments.contains("--check-kernel") {
    exit((try? Namespace.anonymous().netlink().hasIPIPSupport()) == true ? 0 : 1)
}

Transcript.run {
    guard try Namespace.anonymous().netlink().hasIPIPSupport() else {
        print("calico-ipip-route needs a kernel with IPIP (CONFIG_NET_IPIP, module ipip); this one has none.")
        print("Run it under such a kernel, e.g.: Scripts/kernel-lane.sh -- $(swift build --show-bin-path)/calico-ipip-route")
        exit(2)
    }
    let lanName = Cleanup.uniqueName("lan")
    Transcript.note("Two Calico nodes on one L2 segment (a bridge in netns \(lanName)), as in the document's cluster.")
    Transcript.command("ip netns add \(lanName)")
    let lan = try Cleanup.namespace(named: lanName)
    let lanNet = try lan.netlink()
    Transcript.command("ip -n \(lanName) link add br0 type bridge && ip -n \(lanName) link set br0 up")
    try lanNet.add(Bridge(name: "br0"))
    try lanNet.setUp("br0")

    struct CalicoNode {
        let name: String
        let namespace: Namespace
        let net: NetlinkHandle
        let nodeAddress: IPAddress
        let block: IPNetwork
        let tunnelAddress: IPAddress
    }
    func makeNode(_ label: String, nodeAddress: String, block: String, tunnelAddress: String) throws -> CalicoNode {
        let name = Cleanup.uniqueName(label)
        Transcript.command("ip netns add \(name)")
        let ns = try Cleanup.namespace(named: name)
        let net = try ns.netlink()
        Transcript.command("ip -n \(name) link set lo up")
        try net.setUp("lo")
        Transcript.command(
            "ip -n \(lanName) link add \(label) type veth peer name eth1 netns \(name) && ip -n \(lanName) link set \(label) master br0 up")
        let port = try InterfaceName(parsing: label)
        try lanNet.add(VethPair(name: port, peerName: "eth1", peerNamespace: ns))
        try lanNet.setMaster(port, to: "br0")
        try lanNet.setUp(port)
        Transcript.command("ip -n \(name) addr add \(nodeAddress)/24 dev eth1 && ip -n \(name) link set eth1 up")
        try net.addAddress(InterfaceAddress(IPNetwork(parsing: "\(nodeAddress)/24"), dev: "eth1"))
        try net.setUp("eth1")
        // The kernel applies carrier (state UP) shortly after both ends are up; wait for it before the first packet.
        try net.waitForLink("eth1", until: .operational, timeout: .seconds(5))
        Transcript.command("ip -n \(name) link set tunl0 up && ip -n \(name) addr add \(tunnelAddress)/32 dev tunl0")
        try net.setUp("tunl0")
        try net.addAddress(InterfaceAddress(IPNetwork(parsing: "\(tunnelAddress)/32"), dev: "tunl0"))
        Transcript.command("ip -n \(name) route add blackhole \(block) proto bird")
        try net.addRoute(Route(IPNetwork(parsing: block), type: .blackhole, proto: .bird))
        return CalicoNode(
            name: name, namespace: ns, net: net, nodeAddress: try IPAddress(parsing: nodeAddress),
            block: try IPNetwork(parsing: block), tunnelAddress: try IPAddress(parsing: tunnelAddress))
    }

    let node110 = try makeNode("node110", nodeAddress: "192.168.3.110", block: "10.122.17.64/26", tunnelAddress: "10.122.17.64")
    let node112 = try makeNode("node112", nodeAddress: "192.168.3.112", block: "10.122.127.128/26", tunnelAddress: "10.122.127.128")

    // Node .110's route to .112's block is right.
    Transcript.command("ip -n \(node110.name) route add 10.122.127.128/26 via 192.168.3.112 dev tunl0 proto bird onlink")
    try node110.net.addRoute(Route(node112.block, via: node112.nodeAddress, dev: "tunl0", proto: .bird, onlink: true))

    Transcript.section("Case 1: the broken route on az3-k8s-13 (node .112)")
    Transcript.command("ip -n \(node112.name) route add 10.122.17.64/26 via 10.122.127.128 dev tunl0")
    try node112.net.addRoute(Route(node110.block, via: node112.tunnelAddress, dev: "tunl0"))
    Transcript.command("ip -n \(node112.name) route | grep tunl0")
    let broken = try node112.net.routes(filter: RouteFilter(family: .ipv4, table: .main, dev: "tunl0"))
    Transcript.output(broken.map(\.description).joined(separator: "\n"))
    Transcript.check(
        broken.map(\.description) == ["10.122.17.64/26 via 10.122.127.128 dev tunl0"],
        "node .112 routes .110's block via its own tunl0 address")

    let tunnelBefore = try InterfaceCounters.read("tunl0", in: node112.namespace)
    Transcript.command("ip netns exec \(node110.name) ping -c 2 -W 1 -I 10.122.17.64 10.122.127.128")
    Transcript.expectFailure("the ping fails: no echo reply comes back", .timedOut) {
        try node110.net.ping(
            node112.tunnelAddress, count: 2, timeout: .seconds(1), interval: .milliseconds(200), sourceAddress: node110.tunnelAddress)
    }
    Transcript.command(
        "ip netns exec \(node112.name) cat /proc/net/dev | grep tunl0   # before the ping: \(tunnelBefore.receivedPackets) packets received"
    )
    let tunnelAfter = try InterfaceCounters.read("tunl0", in: node112.namespace)
    Transcript.output(tunnelAfter.line)
    Transcript.check(
        tunnelAfter.receivedPackets >= tunnelBefore.receivedPackets + 2,
        "the requests did arrive: .112's tunl0 received \(tunnelAfter.receivedPackets - tunnelBefore.receivedPackets) packet(s) during the ping (2 sent)"
    )
    Transcript.note("so the request reached .112 and was decapsulated; the reply is what goes wrong:")
    let replyPath = try node112.net.routeLookup(node110.tunnelAddress)
    Transcript.command("ip -n \(node112.name) route get 10.122.17.64")
    Transcript.output(replyPath.description)
    Transcript.check(
        replyPath.device == "tunl0" && replyPath.gateway != node110.nodeAddress,
        "the reply goes into tunl0 without node .110 (192.168.3.110) as next hop — the outer IPIP destination — so it cannot leave encapsulated"
    )

    Transcript.section("Without onlink the right gateway is refused")
    Transcript.command("ip -n \(node112.name) route replace 10.122.17.64/26 via 192.168.3.110 dev tunl0")
    let refused = Transcript.expectFailure("192.168.3.110 is not on any subnet of tunl0, so the kernel rejects it", .errno(.ENETUNREACH)) {
        try node112.net.replaceRoute(Route(node110.block, via: node110.nodeAddress, dev: "tunl0"))
    }
    Transcript.check((refused as? NetKitError)?.hint?.contains("onlink") == true, "NetKit's error suggests onlink")

    Transcript.section("The document's fix")
    Transcript.command("ip -n \(node112.name) route del 10.122.17.64/26 via 10.122.127.128 dev tunl0")
    try node112.net.deleteRoute(Route(node110.block, via: node112.tunnelAddress, dev: "tunl0"))
    Transcript.command("ip -n \(node112.name) route add 10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink")
    try node112.net.addRoute(Route(node110.block, via: node110.nodeAddress, dev: "tunl0", proto: .bird, onlink: true))
    Transcript.note(
        "onlink tells the kernel not to check that the gateway is reachable. Normally a gateway outside the device's subnets is refused;")
    Transcript.note(
        "tunl0's address is a /32 that belongs to no subnet, so routes through it have no on-link gateway: they must say onlink,")
    Transcript.note("and dev tunl0 because the kernel could not pick the device from a subnet either. Then 192.168.3.110 is the next hop:")
    Transcript.note("the IPIP packet is sent to it, and the kernel routes that outer packet out of eth1.")
    Transcript.command("ip -n \(node112.name) route | grep tunl0")
    let fixed = try node112.net.routes(filter: RouteFilter(family: .ipv4, table: .main, dev: "tunl0"))
    Transcript.output(fixed.map(\.description).joined(separator: "\n"))
    Transcript.check(
        fixed.map(\.description) == ["10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink"],
        "the route now reads exactly as in the document")

    Transcript.command("ip netns exec \(node110.name) ping -c 2 -I 10.122.17.64 10.122.127.128")
    let result = try node110.net.ping(
        node112.tunnelAddress, count: 2, timeout: .seconds(2), interval: .milliseconds(200), sourceAddress: node110.tunnelAddress)
    Transcript.output(result.description)
    Transcript.check(result.received == 2, "这样就通了 — with the fixed route the ping works")
}
