/// rtnetlink multicast groups (`enum rtnetlink_groups`, linux/rtnetlink.h): a socket that joins
/// one receives the kernel's notification of every change of that kind — what `ip monitor`
/// listens to. A unit test checks each against the C header.
enum RTNLGRP {
    /// `RTNLGRP_LINK`: `RTM_NEWLINK`/`RTM_DELLINK` (also bridge-port `AF_BRIDGE` updates).
    static let link: UInt32 = 1
    /// `RTNLGRP_NEIGH`: ARP/NDP entries and bridge fdb entries.
    static let neighbour: UInt32 = 3
    static let ipv4Address: UInt32 = 5
    static let ipv4Route: UInt32 = 7
    static let ipv4Rule: UInt32 = 8
    static let ipv6Address: UInt32 = 9
    static let ipv6Route: UInt32 = 11
    static let ipv6Rule: UInt32 = 19
}
