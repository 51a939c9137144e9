/// A VLAN device as the kernel reports it (`IFLA_INFO_DATA` as `IFLA_VLAN_*`), named and typed as
/// ``VLAN`` creates it; printed as `ip -d link show type vlan` prints it:
/// `vlan protocol 802.1Q id 100 <REORDER_HDR>`. The parent is the link's ``Link/parentIndex``
/// (`eth0.100@eth0`).
public struct VLANDetails: LinkDetails {
    public static var kind: LinkKind { .vlan }
    /// The VLAN id (`IFLA_VLAN_ID`, `id`).
    public var id: UInt16
    /// The tag's protocol (`IFLA_VLAN_PROTOCOL`, `protocol`).
    public var vlanProtocol: VLANProtocol
    /// The device's flags (`IFLA_VLAN_FLAGS`, `<REORDER_HDR>`).
    public var flags: VLANFlags
    /// `ingress-qos-map` (`IFLA_VLAN_INGRESS_QOS`); the kernel lists only non-zero entries.
    public var ingressQoSMap: [VLANQoSMapping]
    /// `egress-qos-map` (`IFLA_VLAN_EGRESS_QOS`).
    public var egressQoSMap: [VLANQoSMapping]

    /// Details with these values.
    public init(
        id: UInt16, vlanProtocol: VLANProtocol = .ieee8021Q, flags: VLANFlags = .kernelDefault,
        ingressQoSMap: [VLANQoSMapping] = [], egressQoSMap: [VLANQoSMapping] = []
    ) {
        self.id = id
        self.vlanProtocol = vlanProtocol
        self.flags = flags
        self.ingressQoSMap = ingressQoSMap
        self.egressQoSMap = egressQoSMap
    }

    /// The kind line of `ip -d link show`, with the QoS maps on lines of their own as iproute2
    /// prints them.
    public var description: String {
        var text = "vlan protocol \(vlanProtocol) id \(id) \(flags)"
        for (word, map) in [("ingress-qos-map", ingressQoSMap), ("egress-qos-map", egressQoSMap)] where !map.isEmpty {
            text += "\n      \(word) { " + map.map { "\($0) " }.joined() + "}"
        }
        return text
    }

    init(infoData attributes: NetlinkAttributes?) {
        self.init(id: 0)
        for attribute in attributes ?? .empty {
            switch attribute.type {
            case IFLA.VLAN.id: id = attribute.uint16 ?? 0
            case IFLA.VLAN.protocol:
                if attribute.value.count >= 2 {
                    vlanProtocol = VLANProtocol(rawValue: UInt16(attribute.value[0]) << 8 | UInt16(attribute.value[1]))
                }
            case IFLA.VLAN.flags: flags = VLANFlags(rawValue: attribute.uint32 ?? 0)
            case IFLA.VLAN.ingressQoS: ingressQoSMap = Self.mappings(attribute.nested)
            case IFLA.VLAN.egressQoS: egressQoSMap = Self.mappings(attribute.nested)
            default: break
            }
        }
    }

    private static func mappings(_ nest: NetlinkAttributes) -> [VLANQoSMapping] {
        nest.compactMap { entry in
            guard entry.type == IFLA.VLAN.qosMapping, entry.value.count >= 8 else { return nil }
            return VLANQoSMapping(
                from: entry.value.loadUnaligned(as: UInt32.self),
                to: entry.value.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        }
    }
}
