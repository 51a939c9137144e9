import CNetlink
@testable import NetKit
import Testing

@Suite("vrf: requests as iproute2 sends them, and the kernel's reply decoded")
struct VRFRequestTests {
    @Test("ip link add vrf0 type vrf table 10")
    func vrf() throws {
        #expect(
            try linkRequestBody(VRF(name: "vrf0", table: 10))
                == "00000000000000000000000000000000" + "090003007672663000000000" + "18001280" + "0700010076726600" + "0c000280"
                + "080001000a000000")
    }

    @Test("a VRF on table 0 or local never reaches the kernel", arguments: [RouteTable.unspec, .local])
    func vrfTable(_ table: RouteTable) {
        #expect(throws: NetKitError.self) { try NetlinkHandle.createRequest(VRF(name: "vrf0", table: table)) }
    }

    @Test("a vrf and its port decode and print as ip -d link does")
    func decode() throws {
        let vrf = try decodedLink(kind: "vrf", parentIndex: nil) { $0.appendAttribute(IFLA.VRF.table, uint32: 10) }
        #expect(vrf.details(as: VRFDetails.self) == VRFDetails(table: 10))
        #expect(vrf.description.hasSuffix("\n    vrf table 10"))
        let port = try LinkParsingTests.decode(
            LinkParsingTests.message(name: "p1", { $0.appendAttribute(IFLA.master, int32: 4) }) { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "veth")
                info.appendAttribute(IFLA.Info.slaveKind, unterminatedString: "vrf")
                info.nested(IFLA.Info.slaveData) { $0.appendAttribute(IFLA.VRF.portTable, uint32: 10) }
            })
        #expect(port.portDetails(as: VRFPortDetails.self) == VRFPortDetails(table: 10))
        #expect(port.portDetails(as: BridgePortDetails.self) == nil)
        #expect(port.description.hasSuffix("\n    veth\n    vrf_slave table 10"))
    }

    @Test("IFLA_VRF_TABLE and IFLA_VRF_PORT_TABLE match linux/if_link.h")
    func constants() {
        #expect(IFLA.VRF.table == UInt16(IFLA_VRF_TABLE))
        #expect(IFLA.VRF.portTable == UInt16(IFLA_VRF_PORT_TABLE))
    }
}
