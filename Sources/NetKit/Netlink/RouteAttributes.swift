/// `RTA_*`, `RTN_*`, `RTM_F_*`, `RTNH_F_*` and `RTAX_*` numbers (linux/rtnetlink.h,
/// linux/in_route.h), kept in Swift so route code never imports C. A unit test checks each
/// against the C headers.
enum RTA {
    static let dst: UInt16 = 1
    static let src: UInt16 = 2
    static let iif: UInt16 = 3
    static let oif: UInt16 = 4
    static let gateway: UInt16 = 5
    static let priority: UInt16 = 6
    static let prefsrc: UInt16 = 7
    static let metrics: UInt16 = 8
    static let multipath: UInt16 = 9
    static let flow: UInt16 = 11
    static let cacheinfo: UInt16 = 12
    static let table: UInt16 = 15
    static let mark: UInt16 = 16
    static let via: UInt16 = 18
    static let pref: UInt16 = 20
    static let expires: UInt16 = 23
    static let uid: UInt16 = 25
    static let nexthopID: UInt16 = 30

    /// `RTAX_*`: the attributes nested in `RTA_METRICS`.
    enum Metric {
        static let lock: UInt16 = 1
        static let mtu: UInt16 = 2
        static let rtt: UInt16 = 4
        static let rttvar: UInt16 = 5
        static let advmss: UInt16 = 8
        static let hoplimit: UInt16 = 10
        static let features: UInt16 = 12
        static let rtoMin: UInt16 = 13
        static let ccAlgo: UInt16 = 16
        static let max: UInt16 = 17  // RTAX_FASTOPEN_NO_COOKIE
        static let featureECN: UInt32 = 1
    }
}

/// `rtm_flags` bits that are not next-hop flags (`RTM_F_*`).
enum RTMFlag {
    static let notify: UInt32 = 0x100
    static let cloned: UInt32 = 0x200
    static let lookupTable: UInt32 = 0x1000
    static let fibMatch: UInt32 = 0x2000
    static let offload: UInt32 = 0x4000
    static let trap: UInt32 = 0x8000
    static let offloadFailed: UInt32 = 0x2000_0000
}

/// `RTNH_F_*`: next-hop flags, in `rtnh_flags` and (for a single-path route) in `rtm_flags`.
enum RTNHFlag {
    static let dead: UInt8 = 1
    static let pervasive: UInt8 = 2
    static let onlink: UInt8 = 4
    static let offload: UInt8 = 8
    static let linkdown: UInt8 = 16
    static let unresolved: UInt8 = 32
    static let trap: UInt8 = 64
}

/// `RTCF_*` (linux/in_route.h): the flags of a cached IPv4 route (`ip route get`), in the upper
/// 16 bits of `rtm_flags`.
enum RTCF {
    static let notify: UInt32 = 0x0001_0000
    static let directDestination: UInt32 = 0x0002_0000
    static let redirected: UInt32 = 0x0004_0000
    static let tproxy: UInt32 = 0x0008_0000
    static let fast: UInt32 = 0x0020_0000
    static let masquerade: UInt32 = 0x0040_0000
    static let sourceNAT: UInt32 = 0x0080_0000
    static let doRedirect: UInt32 = 0x0100_0000
    static let directSource: UInt32 = 0x0400_0000
    static let destinationNAT: UInt32 = 0x0800_0000
    static let broadcast: UInt32 = 0x1000_0000
    static let multicast: UInt32 = 0x2000_0000
    static let reject: UInt32 = 0x4000_0000
    static let local: UInt32 = 0x8000_0000
}

/// Special `rtm_table` values.
enum RTTable {
    static let unspec: UInt32 = 0
    /// `RT_TABLE_COMPAT`: what `rtm_table` says when the id does not fit a byte (`RTA_TABLE` has it).
    static let compat: UInt32 = 252
}

/// `struct rtnexthop`: one entry of `RTA_MULTIPATH`, followed by its own attributes.
struct RouteNextHopHeader: BitwiseCopyable {
    var length: UInt16 = 0
    var flags: UInt8 = 0
    /// The weight minus one.
    var hops: UInt8 = 0
    var index: Int32 = 0
}

/// `struct rta_cacheinfo`
struct RouteCacheInfo: BitwiseCopyable {
    var clientReferences: UInt32 = 0
    var lastUse: UInt32 = 0
    /// Clock ticks (`USER_HZ`) until the route expires; 0 for never.
    var expires: Int32 = 0
    var error: UInt32 = 0
    var used: UInt32 = 0
    var id: UInt32 = 0
    var timestamp: UInt32 = 0
    var timestampAge: UInt32 = 0
}
