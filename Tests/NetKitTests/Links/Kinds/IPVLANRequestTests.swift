import CNetlink
@testable import NetKit
import Testing

@Suite("ipvlan: requests as iproute2 sends them, and the kernel's reply decoded")
struct IPVLANRequestTests {
    static func onP0(_ ipvlan: IPVLAN) -> IPVLAN {
        var ipvlan = ipvlan
        ipvlan.parentIndex = 3
        return ipvlan
    }

    @Test(
        "ip link add link p0 name ipvN type ipvlan mode M [FLAG]",
        arguments: [
            (IPVLANMode.l3, IPVLANFlags.private, "ipv0", "0100", "0100"), (.l2, .bridge, "ipv1", "0000", "0000"),
            (.l3s, .vepa, "ipv2", "0200", "0200"), (.l2, .bridge, "ipv4", "0000", "0000"),
        ])
    func modes(_ mode: IPVLANMode, _ flags: IPVLANFlags, _ name: String, _ modeHex: String, _ flagsHex: String) throws {
        let nameHex = hexString(Array(name.utf8))
        #expect(
            try linkRequestBody(Self.onP0(IPVLAN(name: InterfaceName(parsing: name), parent: "p0", mode: mode, flags: flags)))
                == "00000000000000000000000000000000" + "0800050003000000" + "09000300" + nameHex + "00000000"
                + "24001280" + "0a0001006970766c616e0000" + "14000280" + "06000100" + modeHex + "0000" + "06000200" + flagsHex + "0000")
    }

    @Test("ip link add link p0 name ipv3 type ipvlan: no mode, no IFLA_INFO_DATA")
    func defaults() throws {
        #expect(
            try linkRequestBody(Self.onP0(IPVLAN(name: "ipv3", parent: "p0")))
                == "00000000000000000000000000000000" + "0800050003000000" + "090003006970763300000000" + "10001280"
                + "0a0001006970766c616e0000")
        #expect(IPVLAN(name: "ipv3", parent: "p0", mode: .l2, flags: .bridge).command.hasSuffix("type ipvlan mode l2 bridge"))
    }

    @Test("the kernel's IFLA_IPVLAN_* decode to IPVLANDetails and print as ip -d link does")
    func decode() throws {
        let link = try decodedLink(kind: "ipvlan") { data in
            data.appendAttribute(IFLA.IPVLAN.mode, uint16: 2)
            data.appendAttribute(IFLA.IPVLAN.flags, uint16: 2)
        }
        #expect(link.details(as: IPVLANDetails.self) == IPVLANDetails(mode: .l3s, flags: .vepa))
        #expect(link.details?.description == "ipvlan mode l3s vepa")
        #expect(IPVLANDetails(mode: .l2).description == "ipvlan mode l2 bridge")
        #expect(IPVLANFlags(rawValue: 3).description == "private")
    }

    @Test("IFLA_IPVLAN_* and IPVLAN_MODE_* match linux/if_link.h")
    func constants() {
        #expect([IFLA.IPVLAN.mode, IFLA.IPVLAN.flags] == [UInt16(IFLA_IPVLAN_MODE), UInt16(IFLA_IPVLAN_FLAGS)])
        #expect(
            [IPVLANMode.l2, .l3, .l3s].map(\.rawValue) == [IPVLAN_MODE_L2, IPVLAN_MODE_L3, IPVLAN_MODE_L3S].map { UInt16($0.rawValue) })
    }
}
