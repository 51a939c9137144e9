/// The `IFLA_IPTUN_*` attributes `sit` and `ip6tnl` add to IPIP's (linux/if_tunnel.h), and the
/// IPv6 tunnel flags (linux/ip6_tunnel.h). A unit test checks each against the kernel headers.
extension IFLA.IPTunnel {
    static let encapLimit: UInt16 = 6
    static let flowinfo: UInt16 = 7
    static let flags: UInt16 = 8  // sit: SIT_ISATAP (u16); ip6tnl: IP6_TNL_F_* (u32)
    static let sixRDPrefix: UInt16 = 11
    static let sixRDRelayPrefix: UInt16 = 12
    static let sixRDPrefixLength: UInt16 = 13
    static let sixRDRelayPrefixLength: UInt16 = 14
    static let encapType: UInt16 = 15
    static let encapFlags: UInt16 = 16
    static let encapSourcePort: UInt16 = 17
    static let encapDestinationPort: UInt16 = 18
    static let collectMetadata: UInt16 = 19
    static let fwmark: UInt16 = 20

    /// `SIT_ISATAP` in a sit tunnel's `IFLA_IPTUN_FLAGS`.
    static let isatapFlag: UInt16 = 0x0001
}

/// `IP6_TNL_F_*` (linux/ip6_tunnel.h): `IFLA_IPTUN_FLAGS` of ip6tnl, `IFLA_GRE_FLAGS` of ip6gre.
enum IP6TunnelFlag {
    static let ignoreEncapLimit: UInt32 = 0x1
    static let useOriginalTrafficClass: UInt32 = 0x2
    static let useOriginalFlowLabel: UInt32 = 0x4
    static let mobileIPv6: UInt32 = 0x8
    static let receiveDSCPCopy: UInt32 = 0x10
    static let useOriginalFirewallMark: UInt32 = 0x20
    static let allowLocalRemote: UInt32 = 0x40
}
