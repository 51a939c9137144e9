/// GRE tunnel attributes and header flags (linux/if_tunnel.h), for `gre`, `gretap`, `ip6gre` and
/// `ip6gretap`. A unit test checks each against the kernel header.
extension IFLA {
    /// IFLA_GRE_*
    enum GRE {
        static let link: UInt16 = 1
        static let inputFlags: UInt16 = 2  // IFLA_GRE_IFLAGS, __be16 GRE_* bits
        static let outputFlags: UInt16 = 3  // IFLA_GRE_OFLAGS
        static let inputKey: UInt16 = 4  // IFLA_GRE_IKEY, __be32
        static let outputKey: UInt16 = 5  // IFLA_GRE_OKEY
        static let local: UInt16 = 6
        static let remote: UInt16 = 7
        static let ttl: UInt16 = 8
        static let tos: UInt16 = 9
        static let pmtudisc: UInt16 = 10
        static let encapLimit: UInt16 = 11
        static let flowinfo: UInt16 = 12
        static let flags: UInt16 = 13  // IP6_TNL_F_*
        static let encapType: UInt16 = 14
        static let encapFlags: UInt16 = 15
        static let encapSourcePort: UInt16 = 16
        static let encapDestinationPort: UInt16 = 17
        static let collectMetadata: UInt16 = 18
        static let ignoreDF: UInt16 = 19
        static let fwmark: UInt16 = 20
        static let erspanIndex: UInt16 = 21
        static let erspanVersion: UInt16 = 22
        static let erspanDirection: UInt16 = 23
        static let erspanHardwareID: UInt16 = 24

        /// `GRE_CSUM`, `GRE_KEY`, `GRE_SEQ` as host-order values of the big-endian flag words.
        static let checksumFlag: UInt16 = 0x8000
        static let keyFlag: UInt16 = 0x2000
        static let sequenceFlag: UInt16 = 0x1000
    }
}
