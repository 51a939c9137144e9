// The source document's "Pod 1 to Pod 6" walkthrough, rebuilt with NetKit: two nodes, each with
// its own cni0 bridge and pods, their eth0s joined through a gateway; Pod 1 pings Pod 6 and the
// path is printed hop by hop, each hop being the route lookup that forwards the packet there.
//
//     swift run pod-to-pod            # the gateway routes the pod subnets
//     swift run pod-to-pod --ipip     # Calico-style: nodes tunnel pod traffic over IPIP (tunl0),
//                                     # the gateway knows only node addresses
import ExampleSupport
import Foundation
import NetKit

let arguments = CommandLine.arguments.dropFirst()
if arguments.contains("--check-kernel") {
    // Exit 0 when this kernel can run `--ipip` (used by Scripts/run-examples.sh).
    let probe = try Namespace.anonymous().netlink()
    exit(probe.hasIPIPSupport() ? 0 : 1)
}
let ipip = arguments.contains("--ipip")

/// One node: a namespace with eth0 towards the gateway and a cni0 bridge for its pods.
struct Node {
    let index: Int
    let namespace: NamedNamespace
    let net: NamedNetlinkHandle
    var nodeAddress: IPAddress { try! IPAddress(parsing: "192.168.\(index).10") }
    var podSubnet: String { "10.244.\(index).0/24" }
    var bridgeAddress: String { "10.244.\(index).1" }
}

/// One pod: a namespace whose eth<i> is the peer of veth<i> on its node's cni0.
struct Pod {
    let index: Int
    let node: Int
    let namespace: NamedNamespace
    let net: NamedNetlinkHandle
    var address: IPAddress { try! IPAddress(parsing: "10.244.\(node).\(10 + index)") }
    var interface: String { "eth\(index)" }
    var hostEnd: String { "veth\(index)" }
}

Transcript.run {
    if ipip {
        let probe = try Namespace.anonymous().netlink()
        guard probe.hasIPIPSupport() else {
            print("pod-to-pod --ipip needs a kernel with IPIP (CONFIG_NET_IPIP, module ipip); this one has none.")
            print("Run it under a kernel with IPIP, e.g.: Scripts/kernel-lane.sh -- $(swift build --show-bin-path)/pod-to-pod --ipip")
            exit(2)
        }
    }
    Transcript.section(ipip ? "Two nodes, Calico-style IPIP between them" : "Two nodes joined through a gateway")

    // The gateway: the document's "gateway" between Master 1 and Worker 1.
    let gwName = Cleanup.uniqueName("gw")
    Transcript.command("ip netns add \(gwName)")
    let gw = try Cleanup.namespace(named: gwName)
    let gwNet = try gw.netlink()
    try gwNet.setUp("lo")
    Transcript.command("ip netns exec \(gwName) sysctl -w net.ipv4.ip_forward=1")
    try gw.setSysctl(.ipForward(.ipv4), to: true)

    var nodes: [Node] = []
    for n in 1...2 {
        let name = Cleanup.uniqueName("node\(n)")
        Transcript.command("ip netns add \(name)")
        let ns = try Cleanup.namespace(named: name)
        let net = try ns.netlink()
        try net.setUp("lo")
        let node = Node(index: n, namespace: ns, net: net)
        // Node eth0 <-> gateway gw<n>: the peer is created directly inside the node.
        Transcript.command("ip -n \(gwName) link add gw\(n) type veth peer name eth0 netns \(name)")
        let gateway = try InterfaceName(parsing: "gw\(n)")
        try gwNet.add(VethPair(name: gateway, peerName: "eth0", peerNamespace: ns))
        Transcript.command("ip -n \(gwName) addr add 192.168.\(n).1/24 dev gw\(n) && ip -n \(gwName) link set gw\(n) up")
        try gwNet.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.\(n).1/24"), dev: gateway))
        try gwNet.setUp(gateway)
        Transcript.command("ip -n \(name) addr add 192.168.\(n).10/24 dev eth0 && ip -n \(name) link set eth0 up")
        try net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.\(n).10/24"), dev: "eth0"))
        try net.setUp("eth0")
        // The kernel applies carrier (state UP) shortly after both ends are up; wait for it before the first packet.
        try net.waitForLink("eth0", until: .operational, timeout: .seconds(5))
        Transcript.command("ip -n \(name) route add default via 192.168.\(n).1")
        try net.addRoute(Route(IPNetwork.defaultRoute(.ipv4), via: IPAddress(parsing: "192.168.\(n).1")))
        Transcript.command(
            "ip -n \(name) link add cni0 type bridge && ip -n \(name) addr add \(node.bridgeAddress)/24 dev cni0 && ip -n \(name) link set cni0 up"
        )
        try net.add(Bridge(name: "cni0"))
        try net.addAddress(InterfaceAddress(IPNetwork(parsing: "\(node.bridgeAddress)/24"), dev: "cni0"))
        try net.setUp("cni0")
        Transcript.command("ip netns exec \(name) sysctl -w net.ipv4.ip_forward=1")
        try ns.setSysctl(.ipForward(.ipv4), to: true)
        nodes.append(node)
    }

    // Pods 1–3 on node 1 (the document's Master 1), 4–6 on node 2 (Worker 1).
    var pods: [Pod] = []
    for i in 1...6 {
        let node = nodes[i <= 3 ? 0 : 1]
        let name = Cleanup.uniqueName("pod\(i)")
        let ns = try Cleanup.namespace(named: name)
        let net = try ns.netlink()
        let pod = Pod(index: i, node: node.index, namespace: ns, net: net)
        let nodeName = node.namespace.name
        Transcript.command(
            "ip netns add \(name); ip -n \(nodeName) link add \(pod.hostEnd) type veth peer name \(pod.interface) netns \(name)")
        let hostEnd = try InterfaceName(parsing: pod.hostEnd), interface = try InterfaceName(parsing: pod.interface)
        try node.net.add(VethPair(name: hostEnd, peerName: interface, peerNamespace: ns))
        Transcript.command("ip -n \(nodeName) link set dev \(pod.hostEnd) master cni0 up")
        try node.net.setMaster(hostEnd, to: "cni0")
        try node.net.setUp(hostEnd)
        Transcript.command(
            "ip -n \(name) addr add \(pod.address)/24 dev \(pod.interface); ip -n \(name) link set lo up; ip -n \(name) link set \(pod.interface) up; ip -n \(name) route add default via \(node.bridgeAddress)"
        )
        try net.setUp("lo")
        try net.addAddress(InterfaceAddress(IPNetwork(address: pod.address, prefixLength: 24), dev: interface))
        try net.setUp(interface)
        try net.waitForLink(interface, until: .operational, timeout: .seconds(5))
        try net.addRoute(Route(IPNetwork.defaultRoute(.ipv4), via: IPAddress(parsing: node.bridgeAddress)))
        pods.append(pod)
    }

    // Cross-node routing: either the gateway knows the pod subnets, or the nodes tunnel.
    if ipip {
        for node in nodes {
            let other = nodes[node.index == 1 ? 1 : 0]
            let name = node.namespace.name
            Transcript.command("ip -n \(name) link set tunl0 up && ip -n \(name) addr add 10.244.\(node.index).0/32 dev tunl0")
            try node.net.setUp("tunl0")
            try node.net.addAddress(InterfaceAddress(IPNetwork(parsing: "10.244.\(node.index).0/32"), dev: "tunl0"))
            Transcript.command("ip -n \(name) route add \(other.podSubnet) via \(other.nodeAddress) dev tunl0 proto bird onlink")
            try node.net.addRoute(
                Route(IPNetwork(parsing: other.podSubnet), via: other.nodeAddress, dev: "tunl0", proto: .bird, onlink: true))
        }
        Transcript.note(
            "The gateway has no route to 10.244.0.0/16: pod packets cross it only inside IPIP (proto 4) between node addresses.")
        let pod6Address = try IPAddress(parsing: "10.244.2.16")
        Transcript.command("ip -n \(gwName) route get \(pod6Address)")
        Transcript.expectFailure("the gateway has no route to Pod 6's address", .errno(.ENETUNREACH)) {
            try gwNet.routeLookup(pod6Address)
        }
    } else {
        for node in nodes {
            Transcript.command("ip -n \(gwName) route add \(node.podSubnet) via \(node.nodeAddress)")
            try gwNet.addRoute(Route(IPNetwork(parsing: node.podSubnet), via: node.nodeAddress))
        }
    }

    Transcript.section("Routes")
    for net in [nodes[0].net, gwNet, nodes[1].net] {
        Transcript.command("ip -n \(net.name) route")
        Transcript.output(try net.routes(filter: .mainIPv4).map(\.description).joined(separator: "\n"))
    }

    let pod1 = pods[0], pod6 = pods[5]
    Transcript.section("Pod 1 → Pod 6")
    Transcript.command("ip netns exec \(pod1.namespace.name) ping -c 3 \(pod6.address)")
    let result = try pod1.net.ping(pod6.address, count: 3, timeout: .seconds(2), interval: .milliseconds(200))
    Transcript.output(result.description)
    Transcript.check(result.received == 3, "Pod 1 (\(pod1.address)) reaches Pod 6 (\(pod6.address)) on the other node")

    Transcript.section("The path, hop by hop (each line is the lookup that forwards the packet)")
    let node1 = nodes[0], node2 = nodes[1]
    // 1. Pod 1's namespace: out of eth1 towards cni0's address.
    let hop1 = try pod1.net.routeLookup(pod6.address)
    Transcript.command("ip -n \(pod1.namespace.name) route get \(pod6.address)")
    Transcript.output(hop1.description)
    Transcript.check(
        hop1.device?.rawValue == pod1.interface && hop1.gateway?.description == node1.bridgeAddress,
        "1. leaves Pod 1 through \(pod1.interface), next hop cni0 (\(node1.bridgeAddress))")
    Transcript.note("2. \(pod1.interface) is one end of a veth pair: the packet appears on \(pod1.hostEnd) in node1, a port of cni0")
    Transcript.check(
        try node1.net.link(named: InterfaceName(parsing: pod1.hostEnd)).masterIndex == (try node1.net.link(named: "cni0").index),
        "\(pod1.hostEnd) is a port of node1's cni0")
    // 3. node1: the bridge hands the packet to the node's routing.
    let hop3 = try node1.net.routeLookup(pod6.address, from: pod1.address, iif: "cni0")
    Transcript.command("ip -n \(node1.namespace.name) route get \(pod6.address) from \(pod1.address) iif cni0")
    Transcript.output(hop3.description)
    if ipip {
        Transcript.check(
            hop3.device == "tunl0" && hop3.gateway == node2.nodeAddress,
            "3. node1 encapsulates in IPIP on tunl0 towards node2 (\(node2.nodeAddress)), onlink")
        let outer = try node1.net.routeLookup(node2.nodeAddress)
        Transcript.command("ip -n \(node1.namespace.name) route get \(node2.nodeAddress)   # the outer IPIP packet")
        Transcript.output(outer.description)
        Transcript.check(outer.device == "eth0", "   the outer packet leaves node1 on eth0")
    } else {
        Transcript.check(
            hop3.device == "eth0" && hop3.gateway?.description == "192.168.1.1",
            "3. node1 forwards out of eth0 to the gateway (192.168.1.1)")
    }
    // 4. the gateway.
    let gwLookupDestination = ipip ? node2.nodeAddress : pod6.address
    let gwLookupSource = ipip ? node1.nodeAddress : pod1.address
    let hop4 = try gwNet.routeLookup(gwLookupDestination, from: gwLookupSource, iif: "gw1")
    Transcript.command("ip -n \(gwName) route get \(gwLookupDestination) from \(gwLookupSource) iif gw1")
    Transcript.output(hop4.description)
    Transcript.check(hop4.device == "gw2", "4. the gateway forwards to node2 through gw2")
    // 5. node2: eth0 in, cni0 out (after decapsulation with IPIP).
    let hop5 = try node2.net.routeLookup(pod6.address, from: pod1.address, iif: ipip ? "tunl0" : "eth0")
    Transcript.command("ip -n \(node2.namespace.name) route get \(pod6.address) from \(pod1.address) iif \(ipip ? "tunl0" : "eth0")")
    Transcript.output(hop5.description)
    Transcript.check(hop5.device == "cni0", "5. node2\(ipip ? " decapsulates on tunl0 and" : "") sends the packet to cni0")
    // 6. cni0 on node2: the forwarding database says which port has Pod 6's MAC.
    let pod6MAC = try pod6.net.link(named: InterfaceName(parsing: pod6.interface)).macAddress
    Transcript.command("ip netns exec \(node2.namespace.name) brctl showmacs cni0")
    let (macTable, macEntries) = try BridgeTables.showmacs(node2.net, bridge: "cni0")
    Transcript.output(macTable)
    let fdb = macEntries.first { $0.macAddress == pod6MAC }
    Transcript.check(
        fdb?.portName.rawValue == pod6.hostEnd && fdb?.kind == .learned,
        "6. cni0 switches it to \(pod6.hostEnd): Pod 6's MAC \(pod6MAC.map(String.init(describing:)) ?? "?") was learned on that port from its replies"
    )
    // 7. veth6 -> eth6 in Pod 6.
    let hop7 = try pod6.net.routeLookup(pod6.address)
    Transcript.command("ip -n \(pod6.namespace.name) route get \(pod6.address)")
    Transcript.output(hop7.description)
    Transcript.check(hop7.type == .local, "7. through the veth pair \(pod6.hostEnd) → \(pod6.interface), the packet is local to Pod 6")

    Transcript.section("Cleanup")
    Transcript.note("Deleting the namespaces removes every veth, bridge and route with them.")
}
