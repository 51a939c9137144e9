extension IFLA {
    /// `IFLA_IPVLAN_*` (linux/if_link.h): an ipvlan link's `IFLA_INFO_DATA`.
    enum IPVLAN {
        static let mode: UInt16 = 1
        static let flags: UInt16 = 2
    }
}
