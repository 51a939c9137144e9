/// `NDA_*` attribute numbers of `RTM_*NEIGH` messages (linux/neighbour.h). Shared by the ARP/NDP
/// neighbour table (`ip neigh`) and the bridge forwarding database (`bridge fdb`), which use
/// the same message with family `AF_BRIDGE`. A unit test checks each against the C header.
enum NDA {
    static let destination: UInt16 = 1
    static let linkLayerAddress: UInt16 = 2
    static let cacheinfo: UInt16 = 3
    static let probes: UInt16 = 4
    static let vlan: UInt16 = 5
    static let port: UInt16 = 6
    static let vni: UInt16 = 7
    /// Dump filter: only entries of this device.
    static let ifindex: UInt16 = 8
    /// Dump filter: only entries of ports of this master device.
    static let master: UInt16 = 9
    static let linkNetnsID: UInt16 = 10
    static let sourceVNI: UInt16 = 11
    static let protocolID: UInt16 = 12
    static let nextHopID: UInt16 = 13
    static let fdbExtendedAttributes: UInt16 = 14
    /// `u32` flags beyond the 8 of `ndm_flags` (`NTF_EXT_*`).
    static let flagsExtended: UInt16 = 15
}

/// `NUD_*` neighbour states (`ndm_state`), linux/neighbour.h.
enum NUD {
    static let none: UInt16 = 0x00
    static let incomplete: UInt16 = 0x01
    static let reachable: UInt16 = 0x02
    static let stale: UInt16 = 0x04
    static let delay: UInt16 = 0x08
    static let probe: UInt16 = 0x10
    static let failed: UInt16 = 0x20
    static let noARP: UInt16 = 0x40
    static let permanent: UInt16 = 0x80
    /// `NUD_VALID`: the states in which the entry holds a usable link-layer address.
    static let valid: UInt16 = permanent | noARP | reachable | probe | stale | delay
}

/// `NTF_*` neighbour flags (`ndm_flags`), linux/neighbour.h.
enum NTF {
    static let use: UInt8 = 0x01
    static let own: UInt8 = 0x02  // NTF_SELF
    static let master: UInt8 = 0x04
    static let proxy: UInt8 = 0x08
    static let externallyLearned: UInt8 = 0x10
    static let offloaded: UInt8 = 0x20
    static let sticky: UInt8 = 0x40
    static let router: UInt8 = 0x80
    /// `NTF_EXT_MANAGED`, carried in `NDA_FLAGS_EXT`.
    static let extendedManaged: UInt32 = 0x01
}

/// `struct nda_cacheinfo` (`NDA_CACHEINFO`): ages in clock ticks (USER_HZ).
struct NeighbourCacheInfo: BitwiseCopyable {
    var confirmed: UInt32 = 0
    var used: UInt32 = 0
    var updated: UInt32 = 0
    var referenceCount: UInt32 = 0
}
