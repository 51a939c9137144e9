/// Constants for bridge VLAN messages: `IFLA_AF_SPEC` in `RTM_SETLINK`/`RTM_DELLINK`/`RTM_GETLINK`
/// with family `AF_BRIDGE` (linux/if_bridge.h, linux/rtnetlink.h), and the bridge's own VLAN
/// options (`IFLA_BR_VLAN_*`, linux/if_link.h). A unit test checks each against the C headers.
extension IFLA {
    static let afSpec: UInt16 = 26

    /// `RTEXT_FILTER_BRVLAN` for `IFLA_EXT_MASK`: every VLAN of a port, one entry per id.
    static let bridgeVLANFilter: UInt32 = 1 << 1
    /// `RTEXT_FILTER_BRVLAN_COMPRESSED`: consecutive ids with the same flags as one range.
    static let bridgeVLANCompressedFilter: UInt32 = 1 << 2

    /// The bridge's own VLAN options (`IFLA_BR_*`, next to ``IFLA/Bridge``).
    enum BridgeVLANOption {
        /// `IFLA_BR_VLAN_PROTOCOL`: a big-endian 16-bit ethertype (0x8100, 0x88a8).
        static let vlanProtocol: UInt16 = 8
        /// `IFLA_BR_VLAN_DEFAULT_PVID`: 16 bits.
        static let defaultPVID: UInt16 = 39
    }

    /// `IFLA_BRIDGE_*` inside `IFLA_AF_SPEC` of an `AF_BRIDGE` link message.
    enum BridgeAFSpec {
        static let family: UInt8 = 7  // AF_BRIDGE
        /// `IFLA_BRIDGE_FLAGS`: 16 bits, `BRIDGE_FLAGS_MASTER` or `BRIDGE_FLAGS_SELF`.
        static let flags: UInt16 = 0
        /// `IFLA_BRIDGE_VLAN_INFO`: `struct bridge_vlan_info { __u16 flags; __u16 vid; }`.
        static let vlanInfo: UInt16 = 2

        static let flagsMaster: UInt16 = 1  // BRIDGE_FLAGS_MASTER
        static let flagsSelf: UInt16 = 2  // BRIDGE_FLAGS_SELF
    }

    /// `BRIDGE_VLAN_INFO_*` flags of `struct bridge_vlan_info`.
    enum BridgeVLANInfo {
        static let master: UInt16 = 1 << 0
        static let pvid: UInt16 = 1 << 1
        static let untagged: UInt16 = 1 << 2
        static let rangeBegin: UInt16 = 1 << 3
        static let rangeEnd: UInt16 = 1 << 4
        static let brentry: UInt16 = 1 << 5
    }
}
