extension IFLA {
    /// `IFLA_VXLAN_*` (linux/if_link.h): the `IFLA_INFO_DATA` of a `vxlan` link. A unit test
    /// checks each against the C header.
    enum VXLAN {
        static let id: UInt16 = 1
        /// The remote (unicast) or multicast group, IPv4.
        static let group: UInt16 = 2
        static let link: UInt16 = 3
        static let local: UInt16 = 4
        static let ttl: UInt16 = 5
        static let tos: UInt16 = 6
        static let learning: UInt16 = 7
        static let ageing: UInt16 = 8
        /// `struct ifla_vxlan_port_range { __be16 low, high; }`.
        static let portRange: UInt16 = 10
        static let proxy: UInt16 = 11
        static let l2miss: UInt16 = 13
        static let l3miss: UInt16 = 14
        /// The destination UDP port, big-endian.
        static let port: UInt16 = 15
        static let group6: UInt16 = 16
        static let local6: UInt16 = 17
        static let udpChecksum: UInt16 = 18
        static let udpZeroChecksum6Transmit: UInt16 = 19
        static let udpZeroChecksum6Receive: UInt16 = 20
        /// A flag attribute: Group Based Policy extension.
        static let gbp: UInt16 = 23
    }
}
