/// Constants for bridge forwarding-database messages (`RTM_*NEIGH` with family `AF_BRIDGE`),
/// from linux/neighbour.h.
enum BridgeFDB {
    static let family: UInt8 = 7  // AF_BRIDGE
    static let lladdr: UInt16 = 2  // NDA_LLADDR
    static let cacheinfo: UInt16 = 3  // NDA_CACHEINFO
    static let vlan: UInt16 = 5  // NDA_VLAN
    static let master: UInt16 = 9  // NDA_MASTER

    static let statePermanent: UInt16 = 0x80  // NUD_PERMANENT
    static let stateNoARP: UInt16 = 0x40  // NUD_NOARP
    static let flagSelf: UInt8 = 0x02  // NTF_SELF
    static let flagMaster: UInt8 = 0x04  // NTF_MASTER
    static let flagExternallyLearned: UInt8 = 0x10  // NTF_EXT_LEARNED
}
