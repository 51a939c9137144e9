/// An 802.1Q/802.1ad VLAN device on a parent: `ip link add link DEV NAME type vlan [protocol
/// 802.1Q|802.1ad] id ID [reorder_hdr on|off] [gvrp on|off] [mvrp on|off] [loose_binding on|off]
/// [bridge_binding on|off] [ingress-qos-map FROM:TO …] [egress-qos-map FROM:TO …]`.
public struct VLAN: StackedLinkSpecification {
    /// The new link's name (`IFLA_IFNAME`), e.g. `eth0.100`.
    public var name: InterfaceName
    /// The device the VLAN's frames are tagged on (`link DEV`, `IFLA_LINK`), by name in the
    /// handle's namespace.
    public var parent: InterfaceName
    /// The VLAN id, 0–4094 (`id`, `IFLA_VLAN_ID`).
    public var id: UInt16
    /// The tag's protocol (`protocol`, `IFLA_VLAN_PROTOCOL`): 802.1Q, or 802.1ad for an outer
    /// (service) tag. 802.1Q, the kernel's default, is not sent.
    public var vlanProtocol: VLANProtocol
    /// The device's flags (`IFLA_VLAN_FLAGS`); the kernel's default is `[.reorderHeader]`, and
    /// only a different set is sent (with every flag in the mask).
    public var flags: VLANFlags
    /// Received frames' VLAN priority to the packet's priority (`ingress-qos-map`,
    /// `IFLA_VLAN_INGRESS_QOS`).
    public var ingressQoSMap: [VLANQoSMapping]
    /// The packet's priority to the sent frames' VLAN priority (`egress-qos-map`,
    /// `IFLA_VLAN_EGRESS_QOS`).
    public var egressQoSMap: [VLANQoSMapping]
    /// MTU, MAC, group, queue length and the namespace to create it in.
    public var options: LinkOptions
    var parentIndex: Int32?

    /// VLAN `id` on `parent`, called `name`; the defaults are `ip link add … type vlan id ID`'s.
    public init(
        name: InterfaceName, parent: InterfaceName, id: UInt16, vlanProtocol: VLANProtocol = .ieee8021Q, flags: VLANFlags = .kernelDefault,
        ingressQoSMap: [VLANQoSMapping] = [], egressQoSMap: [VLANQoSMapping] = [], options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.parent = parent
        self.id = id
        self.vlanProtocol = vlanProtocol
        self.flags = flags
        self.ingressQoSMap = ingressQoSMap
        self.egressQoSMap = egressQoSMap
        self.options = options
    }

    var command: String {
        var text = "link \(parent) name \(name)\(options.words) type vlan"
        if vlanProtocol != .ieee8021Q { text += " protocol \(vlanProtocol)" }
        text += " id \(id)"
        if flags != .kernelDefault { text += flags.words }
        if !ingressQoSMap.isEmpty { text += " ingress-qos-map " + ingressQoSMap.map(\.description).joined(separator: " ") }
        if !egressQoSMap.isEmpty { text += " egress-qos-map " + egressQoSMap.map(\.description).joined(separator: " ") }
        return text
    }

    var kernelFeature: String? { "CONFIG_VLAN_8021Q (module 8021q)" }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        guard id < 4095 else {
            throw NetKitError.invalidInput("VLAN id \(id) is outside 0–4094", operation: "ip link add", object: command)
        }
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "vlan")
            info.nested(IFLA.Info.data) { data in
                if vlanProtocol != .ieee8021Q { data.appendAttribute(IFLA.VLAN.protocol, uint16BigEndian: vlanProtocol.rawValue) }
                data.appendAttribute(IFLA.VLAN.id, uint16: id)
                if flags != .kernelDefault {
                    data.appendAttribute(IFLA.VLAN.flags, bytes: Self.bytes(flags.rawValue) + Self.bytes(VLANFlags.all.rawValue))
                }
                for (type, map) in [(IFLA.VLAN.ingressQoS, ingressQoSMap), (IFLA.VLAN.egressQoS, egressQoSMap)] where !map.isEmpty {
                    data.nested(type) { nest in
                        for entry in map {
                            nest.appendAttribute(IFLA.VLAN.qosMapping, bytes: Self.bytes(entry.from) + Self.bytes(entry.to))
                        }
                    }
                }
            }
        }
    }

    static func bytes(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

extension NetlinkHandle {
    /// `ip link add link DEV NAME type vlan id ID …`: resolves `DEV` in this namespace
    /// (`RTM_GETLINK`), then creates the VLAN (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// `IFLA_LINK`, `IFLA_VLAN_*` in `IFLA_INFO_DATA`). Without `CONFIG_VLAN_8021Q` this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ vlan: VLAN) throws(NetKitError) { try createStacked(vlan) }
}

/// A VLAN tag's protocol (`IFLA_VLAN_PROTOCOL`, the tag's ethertype), printed as iproute2 names it.
public struct VLANProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The ethertype (`ETH_P_8021Q` …), in host order.
    public var rawValue: UInt16
    /// The protocol with this ethertype.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 802.1Q (`ETH_P_8021Q`, 0x8100): the ordinary VLAN tag.
    public static let ieee8021Q = VLANProtocol(rawValue: 0x8100)
    /// 802.1ad (`ETH_P_8021AD`, 0x88a8): the outer, service tag of QinQ.
    public static let ieee8021ad = VLANProtocol(rawValue: 0x88A8)

    /// `802.1Q`, `802.1ad`, or the ethertype in hex as iproute2 prints an unknown one.
    public var description: String {
        switch rawValue {
        case 0x8100: "802.1Q"
        case 0x88A8: "802.1ad"
        default: "0x" + String(rawValue, radix: 16)
        }
    }
}

/// A VLAN device's flags (`struct ifla_vlan_flags`, `VLAN_FLAG_*`), printed as iproute2 prints
/// them: `<REORDER_HDR,GVRP,MVRP,LOOSE_BINDING,BRIDGE_BINDING>`.
public struct VLANFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `VLAN_FLAG_REORDER_HDR` (`reorder_hdr on`): received frames come up untagged.
    public static let reorderHeader = VLANFlags(rawValue: 0x1)
    /// `VLAN_FLAG_GVRP` (`gvrp on`): register the VLAN with GVRP.
    public static let gvrp = VLANFlags(rawValue: 0x2)
    /// `VLAN_FLAG_LOOSE_BINDING` (`loose_binding on`): the VLAN's state does not follow the parent's.
    public static let looseBinding = VLANFlags(rawValue: 0x4)
    /// `VLAN_FLAG_MVRP` (`mvrp on`): register the VLAN with MVRP.
    public static let mvrp = VLANFlags(rawValue: 0x8)
    /// `VLAN_FLAG_BRIDGE_BINDING` (`bridge_binding on`): the state follows the bridge's ports in the VLAN.
    public static let bridgeBinding = VLANFlags(rawValue: 0x10)
    /// What the kernel sets when a request names no flags.
    public static let kernelDefault: VLANFlags = [.reorderHeader]
    /// Every flag NetKit names.
    static let all: VLANFlags = [.reorderHeader, .gvrp, .looseBinding, .mvrp, .bridgeBinding]

    /// The flags in iproute2's order with its words, and their `ip link add` option names.
    private static let names: [(VLANFlags, String, String)] = [
        (.reorderHeader, "REORDER_HDR", "reorder_hdr"), (.gvrp, "GVRP", "gvrp"), (.mvrp, "MVRP", "mvrp"),
        (.looseBinding, "LOOSE_BINDING", "loose_binding"), (.bridgeBinding, "BRIDGE_BINDING", "bridge_binding"),
    ]

    /// `<REORDER_HDR,…>`, an unnamed rest in hex, as `ip -d link` prints it.
    public var description: String {
        var words = Self.names.filter { contains($0.0) }.map(\.1)
        let rest = rawValue & ~Self.all.rawValue
        if rest != 0 { words.append(String(rest, radix: 16)) }
        return "<" + words.joined(separator: ",") + ">"
    }

    /// Each flag as `ip link add`'s `NAME on|off`.
    var words: String { Self.names.map { " \($0.2) \(contains($0.0) ? "on" : "off")" }.joined() }
}

/// One entry of a VLAN QoS map (`struct ifla_vlan_qos_mapping`): `FROM:TO`.
public struct VLANQoSMapping: Hashable, Sendable, CustomStringConvertible {
    /// For ingress, the frame's VLAN priority (0–7); for egress, the packet's priority.
    public var from: UInt32
    /// For ingress, the packet's priority; for egress, the frame's VLAN priority (0–7).
    public var to: UInt32
    /// The mapping `from:to`.
    public init(from: UInt32, to: UInt32) {
        self.from = from
        self.to = to
    }

    /// `FROM:TO`, as `ip` takes and prints it.
    public var description: String { "\(from):\(to)" }
}
