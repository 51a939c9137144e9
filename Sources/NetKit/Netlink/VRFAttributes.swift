extension IFLA {
    /// `IFLA_VRF_*` and `IFLA_VRF_PORT_*` (linux/if_link.h): a vrf's `IFLA_INFO_DATA` and its
    /// ports' `IFLA_INFO_SLAVE_DATA`.
    enum VRF {
        static let table: UInt16 = 1
        static let portTable: UInt16 = 1
    }
}
