// The source document's `ren` session (shell history 1004–1047), rebuilt with NetKit:
// a namespace, a veth pair with one end moved into it, addresses, links up and down, and
// pings both ways. The document's "physical machine" is played by a throwaway namespace so the
// example never touches this machine's own network namespace.
//
//     swift run netns-veth
import ExampleSupport
import NetKit

Transcript.run {
    let renName = Cleanup.uniqueName("ren")
    let hostName = Cleanup.uniqueName("host")
    Transcript.note("The document's physical machine is played by netns \(hostName); nothing here touches this machine's own namespace.")
    Transcript.note("So its commands run there: `ip -n \(hostName) …` and `ip netns exec \(hostName) ping …`.")
    Transcript.command("ip netns add \(hostName)")
    let host = try Cleanup.namespace(named: hostName)
    let hostNet = try host.netlink()
    Transcript.command("ip -n \(hostName) link set lo up")
    try hostNet.setUp("lo")
    let onHost = "ip netns exec \(hostName) "

    // 1004 ip netns add ren
    Transcript.command("ip netns add \(renName)")
    let ren = try Cleanup.namespace(named: renName)
    let renNet = try ren.netlink()

    // 1005 ip netns show
    Transcript.command("ip netns show")
    let names = try Namespace.namedNamespaces()
    Transcript.output(names.filter { $0 == renName || $0 == hostName }.joined(separator: "\n"))
    Transcript.check(names.contains(renName), "\(renName) is listed, as ip netns show lists it")

    // 1006 ip netns exec ren route
    Transcript.command("ip netns exec \(renName) ip route   # the document ran `route`: empty")
    let emptyRoutes = try renNet.routes(filter: .mainIPv4)
    Transcript.output(emptyRoutes.map(\.description).joined(separator: "\n"))
    Transcript.check(emptyRoutes.isEmpty, "a new namespace has no routes (lo is down, nothing configured)")

    // 1007 ip netns exec ren iptables -L
    Transcript.command("ip netns exec \(renName) iptables -L")
    Transcript.note("Not reproduced: NetKit configures links, addresses and routes; it neither reads nor manages firewall rules,")
    Transcript.note("so this example does not show or check the rule set (the document's output was three empty chains).")

    // 1008 ip link add veth1 type veth peer name veth1_p
    Transcript.command("ip -n \(hostName) link add veth1 type veth peer name veth1_p")
    try hostNet.add(VethPair(name: "veth1", peerName: "veth1_p"))
    let created = Set(try hostNet.links().map(\.name))
    Transcript.check(created.isSuperset(of: ["veth1", "veth1_p"]), "the host now sees both veth1 and veth1_p")

    // 1009 ip link set veth1 netns ren
    Transcript.command("ip -n \(hostName) link set veth1 netns \(renName)")
    try hostNet.move("veth1", to: ren)

    // 1010 ip netns exec ren route
    Transcript.command("ip netns exec \(renName) ip route")
    Transcript.check(try renNet.routes(filter: .mainIPv4).isEmpty, "still no routes in \(renName): veth1 has no address yet")

    // 1013 ip link list — NetKit's Link.description is `ip -d link`'s entry (it adds the kind line)
    Transcript.command("ip -n \(hostName) -d link list")
    let hostLinks = try hostNet.links()
    Transcript.output(hostLinks.map(\.description).joined(separator: "\n"))
    Transcript.check(!hostLinks.map(\.name).contains("veth1"), "veth1 has left the host: it is no longer listed there")
    let peerOnHost = try hostNet.link(named: "veth1_p")
    Transcript.check(peerOnHost.linkNetnsID != nil, "veth1_p's peer is now in another namespace (veth1_p@ifN, link-netnsid)")

    // 1014 ip netns exec ren ip link list
    Transcript.command("ip netns exec \(renName) ip -d link list")
    let renLinks = try renNet.links()
    Transcript.output(renLinks.map(\.description).joined(separator: "\n"))
    Transcript.check(renLinks.map(\.name) == ["lo", "veth1"], "\(renName) holds lo and veth1")

    // 1017 ip netns exec ren ip addr add 172.19.0.100/24 dev veth1
    Transcript.command("ip netns exec \(renName) ip addr add 172.19.0.100/24 dev veth1")
    try renNet.addAddress(InterfaceAddress("172.19.0.100/24", dev: "veth1"))
    // 1021 ip netns exec ren ip link set dev veth1 up
    Transcript.command("ip netns exec \(renName) ip link set dev veth1 up")
    try renNet.setUp("veth1")
    Transcript.command("ip netns exec \(renName) ip addr show dev veth1")
    let shown = try AddressListing.show(renNet, dev: "veth1")
    Transcript.output(shown)
    Transcript.check(
        shown.contains("    inet 172.19.0.100/24 scope global veth1\n"),
        "veth1 has 172.19.0.100/24 (no broadcast address: `ip addr add` without `brd +` sets none)")

    // 1023 ping 172.19.0.100 — from the host, which has no address on that subnet yet
    Transcript.command(onHost + "ping -c 1 -W 1 172.19.0.100")
    Transcript.expectFailure("the host cannot reach 172.19.0.100 yet: it has no address or route on 172.19.0.0/24", .errno(.ENETUNREACH)) {
        try host.ping("172.19.0.100", timeout: .milliseconds(500))
    }

    // 1025 ip netns exec ren ip addr add 172.19.0.101/24 dev veth1_p — the document's mistake
    Transcript.command("ip netns exec \(renName) ip addr add 172.19.0.101/24 dev veth1_p")
    let mistake = Transcript.expectFailure(
        "veth1_p is not in \(renName), so this fails with a typed error (the document's own slip)", .errno(.ENODEV)
    ) {
        try renNet.addAddress(InterfaceAddress("172.19.0.101/24", dev: "veth1_p"))
    }
    Transcript.check((mistake as? NetKitError)?.isNotFound == true, "the error is a typed not-found naming veth1_p")

    // 1026 ip addr add 172.19.0.101/24 dev veth1_p ; 1028 ip link set dev veth1_p up
    Transcript.command("ip -n \(hostName) addr add 172.19.0.101/24 dev veth1_p")
    try hostNet.addAddress(InterfaceAddress("172.19.0.101/24", dev: "veth1_p"))
    Transcript.command("ip -n \(hostName) link set dev veth1_p up")
    try hostNet.setUp("veth1_p")
    // The kernel applies carrier (state UP) shortly after both ends are up; wait for it before the first packet.
    try hostNet.waitForLink("veth1_p", until: .operational, timeout: .seconds(5))

    // 1030/1031 ping both addresses from the host
    for target in ["172.19.0.101", "172.19.0.100"] {
        Transcript.command(onHost + "ping -c 2 \(target)")
        let result = try host.ping(IPAddress(parsing: target), count: 2, timeout: .seconds(2), interval: .milliseconds(200))
        Transcript.output(result.description)
        Transcript.check(result.received == 2, "the host reaches \(target)")
    }

    // 1032 ip link set dev veth1_p down ; 1033 ping 172.19.0.100
    Transcript.command("ip -n \(hostName) link set dev veth1_p down")
    try hostNet.setDown("veth1_p")
    Transcript.command(onHost + "ping -c 1 -W 1 172.19.0.100")
    Transcript.expectFailure(
        "with veth1_p down, 172.19.0.100 is unreachable: the kernel removed the host's connected route with the link", .errno(.ENETUNREACH)
    ) {
        try host.ping("172.19.0.100", timeout: .milliseconds(500))
    }

    // 1034 ping 172.19.0.101 — the host's own address, with veth1_p down
    Transcript.command(onHost + "ping -c 1 -W 1 172.19.0.101")
    let ownWhileDown = try host.ping("172.19.0.101", count: 1, timeout: .seconds(2))
    Transcript.output(ownWhileDown.description)
    Transcript.check(
        ownWhileDown.received == 1,
        "the host still reaches its own 172.19.0.101: the address stays, and local delivery goes through lo, not veth1_p")

    // 1037 ip netns exec ren route ; 1038 ip netns exec ren ping 172.19.0.101
    Transcript.command("ip netns exec \(renName) ip route")
    let renRoutes = try renNet.routes(filter: .mainIPv4)
    Transcript.output(renRoutes.map(\.description).joined(separator: "\n"))
    Transcript.check(
        renRoutes.contains { $0.destination.description == "172.19.0.0/24" },
        "the connected route 172.19.0.0/24 dev veth1 exists in \(renName)")
    Transcript.command("ip netns exec \(renName) ping -c 1 -W 1 172.19.0.101")
    Transcript.expectFailure(
        "from \(renName), 172.19.0.101 is unreachable while veth1_p is down: the route is still there, the request is lost on the dead link",
        .timedOut
    ) {
        try ren.ping("172.19.0.101", timeout: .milliseconds(500))
    }

    // 1039 ip link set dev veth1_p up ; 1040/1041 ping from ren
    Transcript.command("ip -n \(hostName) link set dev veth1_p up")
    try hostNet.setUp("veth1_p")
    try hostNet.waitForLink("veth1_p", until: .operational, timeout: .seconds(5))
    Transcript.command("ip netns exec \(renName) ping -c 2 172.19.0.101")
    let fromRen = try ren.ping("172.19.0.101", count: 2, timeout: .seconds(2), interval: .milliseconds(200))
    Transcript.output(fromRen.description)
    Transcript.check(fromRen.received == 2, "\(renName) reaches the host's 172.19.0.101 again")

    // 1041 ip netns exec ren ping 172.19.0.100 — its own address
    Transcript.command("ip netns exec \(renName) ping -c 1 -W 1 172.19.0.100")
    Transcript.expectFailure(
        "\(renName) cannot ping its own address: packets to a local address go through lo, which is still down there", .timedOut
    ) {
        try ren.ping("172.19.0.100", timeout: .milliseconds(500))
    }
    Transcript.command("ip netns exec \(renName) ip link set dev lo up")
    try renNet.setUp("lo")
    Transcript.command("ip netns exec \(renName) ping -c 2 172.19.0.100")
    let own = try ren.ping("172.19.0.100", count: 2, timeout: .seconds(2), interval: .milliseconds(200))
    Transcript.output(own.description)
    Transcript.check(own.received == 2, "with lo up, \(renName) reaches its own address")

    // 1044 ip netns exec ren ping 172.19.0.100 -I veth1 — its own address, bound to veth1
    Transcript.command("ip netns exec \(renName) ping -c 2 172.19.0.100 -I veth1")
    let ownBound = try ren.ping("172.19.0.100", count: 2, timeout: .seconds(2), interval: .milliseconds(200), sourceInterface: "veth1")
    Transcript.output(ownBound.description)
    Transcript.check(
        ownBound.received == 2,
        "bound to veth1, \(renName) still reaches its own address: local delivery goes through lo, and the kernel remembers veth1 as the packet's interface for the bound socket"
    )

    // 1047 ip netns exec ren ping 172.19.0.101 -I veth1
    Transcript.command("ip netns exec \(renName) ping -c 2 172.19.0.101 -I veth1")
    let bound = try ren.ping("172.19.0.101", count: 2, timeout: .seconds(2), interval: .milliseconds(200), sourceInterface: "veth1")
    Transcript.output(bound.description)
    Transcript.check(bound.received == 2, "a ping bound to veth1 (SO_BINDTODEVICE) reaches the host's end")

    Transcript.command("ip netns del \(renName); ip netns del \(hostName)")
    Transcript.note("Cleanup deletes \(renName) and \(hostName) (the veth pair goes with them) and then checks that both are gone.")
}
