import CNetlink
@testable import NetKit
import Testing

/// The bridge VLAN constants pinned to the C headers (linux/if_link.h, linux/rtnetlink.h;
/// linux/if_bridge.h is not imported, as it pulls in linux/in6.h, so its values are listed).
@Suite("Bridge VLAN constants match the C headers")
struct BridgeVLANConstantTests {
    @Test func constants() {
        #expect(IFLA.afSpec == UInt16(IFLA_AF_SPEC))
        #expect(IFLA.BridgeVLANOption.vlanProtocol == UInt16(IFLA_BR_VLAN_PROTOCOL))
        #expect(IFLA.BridgeVLANOption.defaultPVID == UInt16(IFLA_BR_VLAN_DEFAULT_PVID))
        #expect(IFLA.bridgeVLANFilter == UInt32(RTEXT_FILTER_BRVLAN))
        #expect(IFLA.bridgeVLANCompressedFilter == UInt32(RTEXT_FILTER_BRVLAN_COMPRESSED))
        #expect(IFLA.BridgeAFSpec.family == UInt8(AF_BRIDGE))
        // linux/if_bridge.h: IFLA_BRIDGE_FLAGS 0, IFLA_BRIDGE_VLAN_INFO 2; BRIDGE_FLAGS_MASTER 1,
        // BRIDGE_FLAGS_SELF 2; BRIDGE_VLAN_INFO_MASTER 1<<0 … BRENTRY 1<<5.
        #expect(
            [IFLA.BridgeAFSpec.flags, IFLA.BridgeAFSpec.vlanInfo, IFLA.BridgeAFSpec.flagsMaster, IFLA.BridgeAFSpec.flagsSelf] == [
                0, 2, 1, 2,
            ])
        #expect(
            [
                IFLA.BridgeVLANInfo.master, IFLA.BridgeVLANInfo.pvid, IFLA.BridgeVLANInfo.untagged, IFLA.BridgeVLANInfo.rangeBegin,
                IFLA.BridgeVLANInfo.rangeEnd, IFLA.BridgeVLANInfo.brentry,
            ] == [1, 2, 4, 8, 16, 32])
    }
}
