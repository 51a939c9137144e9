/// `IFA_*` attribute numbers of `RTM_*ADDR` messages (linux/if_addr.h). A unit test checks each
/// against the C header.
enum IFA {
    /// For IPv4 the prefix (peer) address, for IPv6 the address itself.
    static let address: UInt16 = 1
    /// The local address; IPv6 sends it only for point-to-point addresses.
    static let local: UInt16 = 2
    static let label: UInt16 = 3
    static let broadcast: UInt16 = 4
    static let anycast: UInt16 = 5
    static let cacheinfo: UInt16 = 6
    static let multicast: UInt16 = 7
    /// `u32` flags; `ifa_flags` in the header only holds the low 8 bits.
    static let flags: UInt16 = 8
    /// `u32` metric of the prefix route (`ip addr add … metric N`).
    static let routePriority: UInt16 = 9
    static let targetNetnsID: UInt16 = 10
    /// `u8` who added the address (`IFAPROT_*`).
    static let proto: UInt16 = 11

    /// `INFINITY_LIFE_TIME`: a lifetime that never runs out (`forever`).
    static let infiniteLifetime: UInt32 = 0xFFFF_FFFF
}

/// `struct ifa_cacheinfo` (`IFA_CACHEINFO`): lifetimes in seconds, timestamps in hundredths of a
/// second since boot.
struct InterfaceAddressCacheInfo: BitwiseCopyable {
    var preferred: UInt32 = IFA.infiniteLifetime
    var valid: UInt32 = IFA.infiniteLifetime
    var created: UInt32 = 0
    var updated: UInt32 = 0
}
