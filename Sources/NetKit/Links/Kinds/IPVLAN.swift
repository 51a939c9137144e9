/// An IPVLAN device on a parent: `ip link add link DEV NAME type ipvlan [mode l2|l3|l3s]
/// [bridge|private|vepa]` — devices that share the parent's MAC address and are told apart by
/// IP address, what the CNI ipvlan plugin gives a pod.
public struct IPVLAN: StackedLinkSpecification {
    /// The new link's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The device it sits on (`link DEV`, `IFLA_LINK`), by name in the handle's namespace.
    public var parent: InterfaceName
    /// Where it forwards (`mode`, `IFLA_IPVLAN_MODE`); nil sends none and the kernel uses `l3`.
    public var mode: IPVLANMode?
    /// How its traffic meets the parent's other IPVLANs (`bridge`, `private`, `vepa`:
    /// `IFLA_IPVLAN_FLAGS`); sent with a mode or when not `bridge`, as `ip` sends it.
    public var flags: IPVLANFlags
    /// MTU, group, queue length and the namespace to create it in.
    public var options: LinkOptions
    var parentIndex: Int32?

    /// An IPVLAN called `name` on `parent`; the defaults are `ip link add … type ipvlan`'s.
    public init(
        name: InterfaceName, parent: InterfaceName, mode: IPVLANMode? = nil, flags: IPVLANFlags = .bridge,
        options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.parent = parent
        self.mode = mode
        self.flags = flags
        self.options = options
    }

    var command: String {
        var text = "link \(parent) name \(name)\(options.words) type ipvlan"
        if let mode { text += " mode \(mode)" }
        if mode != nil || flags != .bridge { text += " \(flags)" }
        return text
    }

    var kernelFeature: String? { "CONFIG_IPVLAN (module ipvlan)" }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "ipvlan")
            guard mode != nil || flags != .bridge else { return }
            info.nested(IFLA.Info.data) { data in
                if let mode { data.appendAttribute(IFLA.IPVLAN.mode, uint16: mode.rawValue) }
                data.appendAttribute(IFLA.IPVLAN.flags, uint16: flags.rawValue)
            }
        }
    }
}

extension NetlinkHandle {
    /// `ip link add link DEV NAME type ipvlan [mode M] [FLAG]`: resolves `DEV` in this namespace
    /// (`RTM_GETLINK`), then creates the device (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// `IFLA_LINK`, `IFLA_IPVLAN_*`). Without `CONFIG_IPVLAN` this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ ipvlan: IPVLAN) throws(NetKitError) { try createStacked(ipvlan) }
}

/// Where an IPVLAN forwards (`IFLA_IPVLAN_MODE`, `IPVLAN_MODE_*`), printed as iproute2's word.
public struct IPVLANMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `IPVLAN_MODE_*` value.
    public var rawValue: UInt16
    /// The mode with this `IPVLAN_MODE_*` value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `l2`: switches by MAC on the parent; the devices see each other's broadcasts.
    public static let l2 = IPVLANMode(rawValue: 0)
    /// `l3`: routes by IP address on the parent; no broadcast or multicast.
    public static let l3 = IPVLANMode(rawValue: 1)
    /// `l3s`: as `l3`, with the traffic passing the parent namespace's netfilter (conntrack).
    public static let l3s = IPVLANMode(rawValue: 2)

    /// `l2`, `l3`, `l3s`, or `unknown` as iproute2 prints others.
    public var description: String {
        switch rawValue {
        case 0: "l2"
        case 1: "l3"
        case 2: "l3s"
        default: "unknown"
        }
    }
}

/// How an IPVLAN's traffic meets the parent's other IPVLANs (`IFLA_IPVLAN_FLAGS`,
/// `IPVLAN_F_*`): one of `bridge` (none set), `private` or `vepa`, printed as iproute2's word.
public struct IPVLANFlags: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `IPVLAN_F_*` bits.
    public var rawValue: UInt16
    /// The flags with these bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `bridge`: the parent's IPVLANs reach each other directly (no flag set).
    public static let bridge = IPVLANFlags(rawValue: 0)
    /// `private` (`IPVLAN_F_PRIVATE`): no traffic between the parent's IPVLANs.
    public static let `private` = IPVLANFlags(rawValue: 1)
    /// `vepa` (`IPVLAN_F_VEPA`): traffic between the parent's IPVLANs goes out through the parent.
    public static let vepa = IPVLANFlags(rawValue: 2)

    /// `private`, `vepa` or `bridge`, as iproute2 prints them (private wins when both bits are set).
    public var description: String {
        rawValue & 1 != 0 ? "private" : rawValue & 2 != 0 ? "vepa" : "bridge"
    }
}
