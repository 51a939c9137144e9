extension IFLA {
    /// `IFLA_VLAN_*` (linux/if_link.h): a vlan link's `IFLA_INFO_DATA`.
    enum VLAN {
        static let id: UInt16 = 1
        static let flags: UInt16 = 2
        static let egressQoS: UInt16 = 3
        static let ingressQoS: UInt16 = 4
        static let `protocol`: UInt16 = 5
        /// `IFLA_VLAN_QOS_MAPPING`, each entry of the two QoS nests (`struct ifla_vlan_qos_mapping`).
        static let qosMapping: UInt16 = 1
    }
}
