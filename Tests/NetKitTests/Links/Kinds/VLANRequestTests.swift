import CNetlink
@testable import NetKit
import Testing

@Suite("vlan: requests as iproute2 sends them, and the kernel's reply decoded")
struct VLANRequestTests {
    static func vlan(_ vlan: VLAN) -> VLAN {
        var vlan = vlan
        vlan.parentIndex = 3
        return vlan
    }

    @Test("ip link add link p0 name v0 type vlan id 100")
    func plain() throws {
        #expect(
            try linkRequestBody(Self.vlan(VLAN(name: "v0", parent: "p0", id: 100)))
                == "00000000000000000000000000000000" + "0800050003000000" + "0700030076300000"
                + "18001280" + "08000100766c616e" + "0c000280" + "0600010064000000")
    }

    @Test(
        "ip link add link p0 name v1 type vlan protocol 802.1ad id 200 reorder_hdr off gvrp on mvrp on loose_binding on bridge_binding on")
    func protocolAndFlags() throws {
        let vlan = Self.vlan(
            VLAN(
                name: "v1", parent: "p0", id: 200, vlanProtocol: .ieee8021ad,
                flags: [.gvrp, .mvrp, .looseBinding, .bridgeBinding]))
        #expect(
            try linkRequestBody(vlan) == "00000000000000000000000000000000" + "0800050003000000" + "0700030076310000"
                + "2c001280" + "08000100766c616e" + "20000280" + "0600050088a80000" + "06000100c8000000" + "0c0002001e0000001f000000")
        #expect(
            vlan.command.hasSuffix("type vlan protocol 802.1ad id 200 reorder_hdr off gvrp on mvrp on loose_binding on bridge_binding on"))
    }

    @Test("ip link add link p0 name v2 mtu 1400 type vlan id 5: the options come before IFLA_LINK and the name")
    func mtuFirst() throws {
        #expect(
            try linkRequestBody(Self.vlan(VLAN(name: "v2", parent: "p0", id: 5, options: LinkOptions(mtu: 1400))))
                == "00000000000000000000000000000000" + "0800040078050000" + "0800050003000000" + "0700030076320000"
                + "18001280" + "08000100766c616e" + "0c000280" + "0600010005000000")
    }

    @Test("ip link add link p0 name v3 type vlan id 7 ingress-qos-map 1:2 3:4 egress-qos-map 5:6")
    func qosMaps() throws {
        let vlan = Self.vlan(
            VLAN(
                name: "v3", parent: "p0", id: 7, ingressQoSMap: [.init(from: 1, to: 2), .init(from: 3, to: 4)],
                egressQoSMap: [.init(from: 5, to: 6)]))
        #expect(
            try linkRequestBody(vlan) == "00000000000000000000000000000000" + "0800050003000000" + "0700030076330000"
                + "44001280" + "08000100766c616e" + "38000280" + "0600010007000000"
                + "1c000480" + "0c0001000100000002000000" + "0c0001000300000004000000"
                + "10000380" + "0c0001000500000006000000")
    }

    @Test("an id above 4094 never reaches the kernel")
    func idRange() {
        #expect(throws: NetKitError.self) { try NetlinkHandle.createRequest(Self.vlan(VLAN(name: "v9", parent: "p0", id: 4095))) }
    }

    @Test("the kernel's IFLA_VLAN_* decode to VLANDetails and print as ip -d link does")
    func decode() throws {
        let link = try decodedLink(kind: "vlan") { data in
            data.appendAttribute(IFLA.VLAN.protocol, uint16BigEndian: 0x88A8)
            data.appendAttribute(IFLA.VLAN.id, uint16: 200)
            data.appendAttribute(IFLA.VLAN.flags, bytes: VLAN.bytes(0x1e) + VLAN.bytes(0xffff_ffff))
            data.nested(IFLA.VLAN.ingressQoS) { $0.appendAttribute(IFLA.VLAN.qosMapping, bytes: VLAN.bytes(1) + VLAN.bytes(2)) }
        }
        #expect(link.kind == .vlan)
        let details = try #require(link.details(as: VLANDetails.self))
        #expect(
            details
                == VLANDetails(
                    id: 200, vlanProtocol: .ieee8021ad, flags: [.gvrp, .mvrp, .looseBinding, .bridgeBinding],
                    ingressQoSMap: [VLANQoSMapping(from: 1, to: 2)]))
        #expect(
            details.description == "vlan protocol 802.1ad id 200 <GVRP,MVRP,LOOSE_BINDING,BRIDGE_BINDING>\n      ingress-qos-map { 1:2 }")
        #expect(VLANDetails(id: 100).description == "vlan protocol 802.1Q id 100 <REORDER_HDR>")
        #expect(VLANFlags(rawValue: 0x41).description == "<REORDER_HDR,40>")
        #expect(VLANFlags().description == "<>")
    }

    @Test("IFLA_VLAN_* match linux/if_link.h")
    func constants() {
        #expect(IFLA.VLAN.id == UInt16(IFLA_VLAN_ID))
        #expect(IFLA.VLAN.flags == UInt16(IFLA_VLAN_FLAGS))
        #expect(IFLA.VLAN.egressQoS == UInt16(IFLA_VLAN_EGRESS_QOS))
        #expect(IFLA.VLAN.ingressQoS == UInt16(IFLA_VLAN_INGRESS_QOS))
        #expect(IFLA.VLAN.protocol == UInt16(IFLA_VLAN_PROTOCOL))
        #expect(IFLA.VLAN.qosMapping == UInt16(IFLA_VLAN_QOS_MAPPING))
    }
}
