extension IFLA {
    /// `IFLA_MACVLAN_*` (linux/if_link.h): a macvlan or macvtap link's `IFLA_INFO_DATA`.
    enum MACVLAN {
        static let mode: UInt16 = 1
        static let flags: UInt16 = 2
        static let macaddrMode: UInt16 = 3
        static let macaddr: UInt16 = 4
        static let macaddrData: UInt16 = 5
        static let macaddrCount: UInt16 = 6
        static let broadcastQueueLength: UInt16 = 7
        static let broadcastQueueLengthUsed: UInt16 = 8
        static let broadcastCutoff: UInt16 = 9
        /// `MACVLAN_MACADDR_SET`: replace the source-mode address list.
        static let macaddrSet: UInt32 = 3
    }
}
