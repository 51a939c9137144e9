/// A MACVLAN device on a parent: `ip link add link DEV NAME type macvlan [mode
/// private|vepa|bridge|passthru|source] [nopromisc] [nodst] [bcqueuelen N] [macaddr set MAC …]`
/// — a second MAC address on the parent's wire, what the CNI macvlan plugin gives a pod.
public struct MACVLAN: StackedLinkSpecification, CustomStringConvertible {
    /// The new link's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The device it sits on (`link DEV`, `IFLA_LINK`), by name in the handle's namespace.
    public var parent: InterfaceName
    /// How its traffic meets the parent's other MACVLANs (`mode`, `IFLA_MACVLAN_MODE`); nil
    /// sends none and the kernel uses `vepa`.
    public var mode: MACVLANMode?
    /// `nopromisc` (passthru) and `nodst` (source) (`IFLA_MACVLAN_FLAGS`); sent when not empty.
    public var flags: MACVLANFlags
    /// The broadcast/multicast queue's length (`bcqueuelen N`, `IFLA_MACVLAN_BC_QUEUE_LEN`); nil
    /// keeps the kernel's 1000.
    public var broadcastQueueLength: UInt32?
    /// In `source` mode, the source MACs whose frames this device receives (`macaddr set MAC …`,
    /// `IFLA_MACVLAN_MACADDR_DATA`).
    public var sourceAddresses: [MACAddress]
    /// MTU, MAC, group, queue length and the namespace to create it in.
    public var options: LinkOptions
    var parentIndex: Int32?

    /// A MACVLAN called `name` on `parent`; the defaults are `ip link add … type macvlan`'s.
    public init(
        name: InterfaceName, parent: InterfaceName, mode: MACVLANMode? = nil, flags: MACVLANFlags = [], broadcastQueueLength: UInt32? = nil,
        sourceAddresses: [MACAddress] = [], options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.parent = parent
        self.mode = mode
        self.flags = flags
        self.broadcastQueueLength = broadcastQueueLength
        self.sourceAddresses = sourceAddresses
        self.options = options
    }
}

/// A MACVTAP device: a ``MACVLAN`` whose frames are also read and written through a character
/// device (`/dev/tapN`), as virtual machines use it: `ip link add link DEV NAME type macvtap
/// [mode …]`. Its settings are a MACVLAN's, read and set by the same names (`tap.mode`).
@dynamicMemberLookup
public struct MACVTAP: StackedLinkSpecification {
    /// The settings, sent exactly as a ``MACVLAN``'s with the kind `macvtap`.
    public var macvlan: MACVLAN

    /// A MACVTAP called `name` on `parent`; the defaults are `ip link add … type macvtap`'s.
    public init(
        name: InterfaceName, parent: InterfaceName, mode: MACVLANMode? = nil, flags: MACVLANFlags = [], broadcastQueueLength: UInt32? = nil,
        sourceAddresses: [MACAddress] = [], options: LinkOptions = LinkOptions()
    ) {
        macvlan = MACVLAN(
            name: name, parent: parent, mode: mode, flags: flags, broadcastQueueLength: broadcastQueueLength,
            sourceAddresses: sourceAddresses, options: options)
    }

    /// ``MACVLAN``'s settings by name: `tap.mode`, `tap.parent` …
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<MACVLAN, Value>) -> Value {
        get { macvlan[keyPath: keyPath] }
        set { macvlan[keyPath: keyPath] = newValue }
    }

    public var name: InterfaceName { macvlan.name }
    var parent: InterfaceName { macvlan.parent }
    var options: LinkOptions { macvlan.options }
    var parentIndex: Int32? {
        get { macvlan.parentIndex }
        set { macvlan.parentIndex = newValue }
    }
    var command: String { macvlan.command(kind: .macvtap) }
    var kernelFeature: String? { "CONFIG_MACVTAP (module macvtap)" }
    func encode(into request: inout NetlinkRequest) throws(NetKitError) { try macvlan.encode(into: &request, kind: .macvtap) }
}

extension NetlinkHandle {
    /// `ip link add link DEV NAME type macvlan [mode M] …`: resolves `DEV` in this namespace
    /// (`RTM_GETLINK`), then creates the device (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// `IFLA_LINK`, `IFLA_MACVLAN_*`). Without `CONFIG_MACVLAN` this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ macvlan: MACVLAN) throws(NetKitError) { try createStacked(macvlan) }

    /// `ip -batch` of `ip link add link DEV NAME type macvlan …` lines: each parent resolved once
    /// (`RTM_GETLINK`), then one `RTM_NEWLINK` per device, sent in batches with one ACK per run.
    /// Returns one ``BatchResult`` per device, in order; a refused one does not stop the others.
    public func addLinks(_ macvlans: [MACVLAN]) throws(NetKitError) -> [BatchResult<MACVLAN>] {
        try createStackedBatch(macvlans)
    }

    /// `ip link add link DEV NAME type macvtap [mode M] …`, as `add(_: MACVLAN)` with kind
    /// `macvtap`. Without `CONFIG_MACVTAP` this throws ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ macvtap: MACVTAP) throws(NetKitError) { try createStacked(macvtap) }
}

extension MACVLAN {
    /// The device as `ip link add` takes it: `link DEV name NAME type macvlan …`.
    public var description: String { command }

    var command: String { command(kind: .macvlan) }
    var kernelFeature: String? { "CONFIG_MACVLAN (module macvlan)" }
    func encode(into request: inout NetlinkRequest) throws(NetKitError) { try encode(into: &request, kind: .macvlan) }

    func command(kind: LinkKind) -> String {
        var text = "link \(parent) name \(name)\(options.words) type \(kind)"
        if let broadcastQueueLength { text += " bcqueuelen \(broadcastQueueLength)" }
        if !sourceAddresses.isEmpty { text += " macaddr set " + sourceAddresses.map(\.description).joined(separator: " ") }
        if let mode { text += " mode \(mode)" }
        if flags.contains(.noPromisc) { text += " nopromisc" }
        if flags.contains(.noDestination) { text += " nodst" }
        return text
    }

    /// The attributes in iproute2's order: queue length and addresses as given, then mode and flags.
    func encode(into request: inout NetlinkRequest, kind: LinkKind) throws(NetKitError) {
        if !sourceAddresses.isEmpty && mode != .source {
            throw NetKitError.invalidInput("source addresses need mode source", operation: "ip link add", object: command(kind: kind))
        }
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: kind.rawValue)
            guard mode != nil || !flags.isEmpty || broadcastQueueLength != nil else { return }
            info.nested(IFLA.Info.data) { data in
                if let broadcastQueueLength { data.appendAttribute(IFLA.MACVLAN.broadcastQueueLength, uint32: broadcastQueueLength) }
                if !sourceAddresses.isEmpty {
                    data.appendAttribute(IFLA.MACVLAN.macaddrMode, uint32: IFLA.MACVLAN.macaddrSet)
                    data.nested(IFLA.MACVLAN.macaddrData) { list in
                        for address in sourceAddresses { list.appendAttribute(IFLA.MACVLAN.macaddr, bytes: address.bytes) }
                    }
                }
                if let mode { data.appendAttribute(IFLA.MACVLAN.mode, uint32: mode.rawValue) }
                if !flags.isEmpty { data.appendAttribute(IFLA.MACVLAN.flags, uint16: flags.rawValue) }
            }
        }
    }
}

/// How a MACVLAN's traffic meets its parent's other MACVLANs (`IFLA_MACVLAN_MODE`,
/// `MACVLAN_MODE_*`), printed as iproute2's word.
public struct MACVLANMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `MACVLAN_MODE_*` value.
    public var rawValue: UInt32
    /// The mode with this `MACVLAN_MODE_*` value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `private`: no traffic to the parent's other MACVLANs, even through an outside switch.
    public static let `private` = MACVLANMode(rawValue: 1)
    /// `vepa`: traffic to the parent's other MACVLANs goes out and needs a reflective switch.
    public static let vepa = MACVLANMode(rawValue: 2)
    /// `bridge`: the parent's MACVLANs reach each other directly.
    public static let bridge = MACVLANMode(rawValue: 4)
    /// `passthru`: one MACVLAN takes over the parent (and its MAC).
    public static let passthru = MACVLANMode(rawValue: 8)
    /// `source`: receives only frames from the listed source MACs.
    public static let source = MACVLANMode(rawValue: 16)

    /// `private`, `vepa`, `bridge`, `passthru`, `source`, or `unknown` as iproute2 prints others.
    public var description: String {
        switch rawValue {
        case 1: "private"
        case 2: "vepa"
        case 4: "bridge"
        case 8: "passthru"
        case 16: "source"
        default: "unknown"
        }
    }
}

/// A MACVLAN's flags (`IFLA_MACVLAN_FLAGS`, `MACVLAN_FLAG_*`).
public struct MACVLANFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `nopromisc` (`MACVLAN_FLAG_NOPROMISC`): a passthru MACVLAN leaves the parent out of
    /// promiscuous mode.
    public static let noPromisc = MACVLANFlags(rawValue: 1)
    /// `nodst` (`MACVLAN_FLAG_NODST`): a source MACVLAN does not also receive by destination.
    public static let noDestination = MACVLANFlags(rawValue: 2)
}
