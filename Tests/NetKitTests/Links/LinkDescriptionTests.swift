@testable import NetKit
import Testing

@Suite("Link formatting")
struct LinkDescriptionTests {
    @Test("flags print in iproute2's order, NO-CARRIER when up but not running")
    func flags() {
        #expect(LinkFlags([.up, .running, .lowerUp, .broadcast, .multicast]).description == "<BROADCAST,MULTICAST,UP,LOWER_UP>")
        #expect(LinkFlags([.loopback, .up, .running, .lowerUp]).description == "<LOOPBACK,UP,LOWER_UP>")
        #expect(LinkFlags([.up, .broadcast, .multicast]).names == ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"])
        #expect(LinkFlags([.noARP, .up, .running, .lowerUp]).description == "<NOARP,UP,LOWER_UP>")
    }

    @Test("kinds from IFLA_INFO_KIND or the hardware type")
    func kinds() {
        #expect(LinkKind(infoKind: "veth", hardwareType: 1) == .veth)
        #expect(LinkKind(infoKind: nil, hardwareType: 772) == .loopback)
        #expect(LinkKind(infoKind: nil, hardwareType: 1) == .ether)
        #expect(LinkKind(infoKind: "wireguard", hardwareType: 65534) == .wireguard)
        #expect(LinkKind(infoKind: "bareudp", hardwareType: 65534) == LinkKind(rawValue: "bareudp"))
        #expect(LinkKind(infoKind: nil, hardwareType: 9999).description == "[9999]")
    }

    @Test(
        "every kind maps from its IFLA_INFO_KIND string and prints it back",
        arguments: [
            ("veth", LinkKind.veth), ("bridge", .bridge), ("ipip", .ipip), ("vxlan", .vxlan),
            ("macvlan", .macvlan), ("tun", .tun), ("dummy", .dummy), ("vlan", .vlan),
            ("macvtap", .macvtap), ("ipvlan", .ipvlan), ("vrf", .vrf), ("wireguard", .wireguard), ("ifb", .ifb),
        ])
    func infoKind(_ text: String, _ kind: LinkKind) {
        #expect(LinkKind(infoKind: text, hardwareType: 1) == kind)
        #expect(kind.description == text)
        // The kind string wins over the hardware type (a tun device is link/none).
        #expect(LinkKind(infoKind: text, hardwareType: 65534) == kind)
    }

    @Test("without IFLA_INFO_KIND: loopback, ether, otherwise the link/ type's name")
    func kindFromHardwareType() {
        #expect(LinkKind(infoKind: nil, hardwareType: 772).description == "loopback")
        #expect(LinkKind(infoKind: nil, hardwareType: 1).description == "ether")
        #expect(LinkKind(infoKind: nil, hardwareType: 768) == .ipip)
        #expect(LinkKind(infoKind: nil, hardwareType: 65534) == "none")
    }

    @Test("hardware types print as ip's link/ word")
    func hardwareTypes() {
        let names = [1: "ether", 768: "ipip", 769: "tunnel6", 772: "loopback", 776: "sit", 778: "gre", 65534: "none", 824: "[824]"]
        for (raw, name) in names { #expect(HardwareType(rawValue: UInt16(raw)).name == name) }
        #expect(HardwareType.ether.description == "ether" && HardwareType.none.description == "none")
    }

    @Test("operational states print as ip's state word")
    func operationalStates() {
        let words = (0...6).compactMap { OperationalState(rawValue: $0)?.description }
        #expect(words == ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"])
        #expect(OperationalState(rawValue: 7) == nil)
    }

    @Test("a bridge port's STP state names, and a state iproute2 does not name")
    func portStates() {
        let port = { (state: UInt8) in
            BridgePortDetails(
                state: BridgePortState(rawValue: state), portNumber: 1, hairpin: false, isolated: false, learning: true, unicastFlood: true)
        }
        #expect((0...4).map { port($0).state.description } == ["disabled", "listening", "learning", "forwarding", "blocking"])
        #expect([BridgePortState.disabled, .listening, .learning, .forwarding, .blocking].map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect(port(9).state.description == "9")
        #expect(port(0).description == "bridge_slave state disabled hairpin off learning on flood on port_no 0x1 isolated off")
    }

    @Test("a bridge prints its options line; a tunnel with a peer prints link/ipip A peer B")
    func bridgeAndPointToPoint() {
        var bridge = Link(
            index: 3, name: "br0", kind: .bridge, hardwareType: .ether, flags: [.broadcast, .multicast], operationalState: .down,
            mtu: 1500, hardwareAddress: [2, 0, 0, 0, 0, 1], broadcastAddress: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            group: 0, linkMode: .default)
        bridge.details = BridgeDetails(stp: false, forwardDelay: .seconds(15), ageingTime: .seconds(300), vlanFiltering: false)
        #expect(
            bridge.description == """
                3: br0: <BROADCAST,MULTICAST> mtu 1500 state DOWN mode DEFAULT group default
                    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
                    bridge forward_delay 1500 ageing_time 30000 stp_state 0 vlan_filtering 0
                """)
        let tunnel = Link(
            index: 4, name: "ipip1", kind: .ipip, hardwareType: .ipip, flags: [.pointToPoint, .noARP], operationalState: .down,
            mtu: 1480, hardwareAddress: [192, 0, 2, 1], broadcastAddress: [192, 0, 2, 2], parentIndex: 0,
            group: 0, linkMode: .default)
        #expect(tunnel.description.contains("\n    link/ipip 192.0.2.1 peer 192.0.2.2"))
        #expect(tunnel.monitorLine.contains("\n    link/ipip 192.0.2.1 peer 192.0.2.2"))
    }

    @Test("a TUN device without addresses prints a bare link/none and its kind word, as ip -d link does")
    func tunWithoutAddresses() {
        let tun = Link(
            index: 6, name: "tun0", kind: .tun, hardwareType: .none, flags: [.pointToPoint, .multicast, .noARP], operationalState: .down,
            mtu: 1500, hardwareAddress: [], broadcastAddress: [], group: 0, transmitQueueLength: 500, qdisc: "noop", linkMode: .default)
        #expect(
            tun.description == """
                6: tun0: <POINTOPOINT,MULTICAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 500
                    link/none \("")
                    tun
                """)
    }

    /// veth1, whose peer (index 4) is in the namespace this one knows by id 0.
    private static let vethWithPeerElsewhere = Link(
        index: 5, name: "veth1", kind: .veth, hardwareType: .ether, flags: [.broadcast, .multicast, .up, .running, .lowerUp],
        operationalState: .up, mtu: 1500, hardwareAddress: [0x0e, 0x5d, 0x42, 0x32, 0xf8, 0xea],
        broadcastAddress: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], parentIndex: 4, linkNetnsID: 0,
        group: 0, transmitQueueLength: 1000, qdisc: "noqueue", linkMode: .default)

    @Test("a veth entry prints like ip -d link")
    func vethDescription() {
        let link = Self.vethWithPeerElsewhere
        #expect(
            link.description == """
                5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
                    link/ether 0e:5d:42:32:f8:ea brd ff:ff:ff:ff:ff:ff link-netnsid 0
                    veth
                """)
    }

    @Test("a veth whose peer's namespace has a name prints link-netns NAME, as ip link does")
    func vethPeerNamespaceName() {
        var link = Self.vethWithPeerElsewhere
        link.linkNetnsName = "pod1"
        #expect(
            link.description == """
                5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
                    link/ether 0e:5d:42:32:f8:ea brd ff:ff:ff:ff:ff:ff link-netns pod1
                    veth
                """)
    }

    @Test("tunl0 prints its IPv4 link-layer addresses dotted")
    func tunl0() {
        var link = Link(
            index: 2, name: "tunl0", kind: .ipip, hardwareType: .ipip, flags: [.noARP], operationalState: .down,
            mtu: 1480, hardwareAddress: [0, 0, 0, 0], broadcastAddress: [0, 0, 0, 0], parentIndex: 0,
            group: 0, transmitQueueLength: 1000, qdisc: "noop", linkMode: .default)
        link.details = IPIPTunnelDetails(local: nil, remote: nil, ttl: 0, tos: 0, pathMTUDiscovery: true, underlyingIndex: 0)
        #expect(link.description.hasPrefix("2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN"))
        #expect(link.description.contains("link/ipip 0.0.0.0 brd 0.0.0.0"))
        #expect(link.description.contains("ipip remote any local any ttl inherit"))
    }

    @Test("gre0 (ARPHRD_IPGRE, from a stock kernel's ip_gre) prints its IPv4 link-layer addresses dotted, as ip does")
    func gre0() {
        let link = Link(
            index: 3, name: "gre0", kind: .gre, hardwareType: HardwareType(rawValue: 778), flags: [.noARP],
            operationalState: .down, mtu: 1476, hardwareAddress: [0, 0, 0, 0], broadcastAddress: [0, 0, 0, 0],
            parentIndex: 0, group: 0, transmitQueueLength: 1000, qdisc: "noop", linkMode: .default)
        #expect(link.description.contains("\n    link/gre 0.0.0.0 brd 0.0.0.0"), "\(link.description)")
    }
}
