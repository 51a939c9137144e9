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
        #expect(LinkKind(infoKind: "wireguard", hardwareType: 65534) == .other("wireguard"))
        #expect(LinkKind(infoKind: nil, hardwareType: 9999).description == "[9999]")
    }

    @Test("a veth entry prints like ip -d link")
    func vethDescription() {
        let link = Link(index: 5, name: "veth1", kind: .veth, hardwareType: .ether, flags: [.broadcast, .multicast, .up, .running, .lowerUp],
                        operationalState: .up, mtu: 1500, hardwareAddress: [0x0e, 0x5d, 0x42, 0x32, 0xf8, 0xea],
                        broadcastAddress: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], parentIndex: 4, linkNetnsID: 0,
                        group: 0, transmitQueueLength: 1000, qdisc: "noqueue", linkMode: 0)
        #expect(link.description == """
            5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000
                link/ether 0e:5d:42:32:f8:ea brd ff:ff:ff:ff:ff:ff link-netnsid 0
                veth
            """)
    }

    @Test("tunl0 prints its IPv4 link-layer addresses dotted")
    func tunl0() {
        let link = Link(index: 2, name: "tunl0", kind: .ipip, hardwareType: .ipip, flags: [.noARP], operationalState: .down,
                        mtu: 1480, hardwareAddress: [0, 0, 0, 0], broadcastAddress: [0, 0, 0, 0], parentIndex: 0,
                        group: 0, transmitQueueLength: 1000, qdisc: "noop", linkMode: 0,
                        ipip: IPIPAttributes(local: nil, remote: nil, ttl: 0, tos: 0, pathMTUDiscovery: true, underlyingIndex: 0))
        #expect(link.description.hasPrefix("2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN"))
        #expect(link.description.contains("link/ipip 0.0.0.0 brd 0.0.0.0"))
        #expect(link.description.contains("ipip remote any local any ttl inherit"))
    }
}
