extension IFLA {
    /// `IFLA_GENEVE_*` (linux/if_link.h): the `IFLA_INFO_DATA` of a `geneve` link. A unit test
    /// checks each against the C header.
    enum Geneve {
        static let id: UInt16 = 1
        static let remote: UInt16 = 2
        static let ttl: UInt16 = 3
        static let tos: UInt16 = 4
        /// The destination UDP port, big-endian.
        static let port: UInt16 = 5
        static let remote6: UInt16 = 7
        static let udpChecksum: UInt16 = 8
        static let udpZeroChecksum6Transmit: UInt16 = 9
        static let udpZeroChecksum6Receive: UInt16 = 10
        /// The IPv6 flow label (`flowlabel`), a u32.
        static let label: UInt16 = 11
    }
}
