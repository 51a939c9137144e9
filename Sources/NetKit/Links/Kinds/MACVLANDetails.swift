/// A MACVLAN device as the kernel reports it (`IFLA_INFO_DATA` as `IFLA_MACVLAN_*`), named and
/// typed as ``MACVLAN`` creates it; printed as `ip -d link` prints it:
/// `macvlan mode bridge bcqueuelen 1000 usedbcqueuelen 1000`.
public struct MACVLANDetails: LinkDetails {
    public static var kind: LinkKind { .macvlan }
    /// `mode` (`IFLA_MACVLAN_MODE`).
    public var mode: MACVLANMode
    /// `nopromisc`, `nodst` (`IFLA_MACVLAN_FLAGS`).
    public var flags: MACVLANFlags
    /// The requested broadcast queue length (`bcqueuelen`, `IFLA_MACVLAN_BC_QUEUE_LEN`).
    public var broadcastQueueLength: UInt32?
    /// The length the parent's queue uses, the largest any of its MACVLANs asked for
    /// (`usedbcqueuelen`, `IFLA_MACVLAN_BC_QUEUE_LEN_USED`).
    public var usedBroadcastQueueLength: UInt32?
    /// The broadcast cutoff (`bclim`, `IFLA_MACVLAN_BC_CUTOFF`), reported when not the default.
    public var broadcastCutoff: Int32?
    /// In `source` mode, the listed source MACs (`remotes (N) MAC …`, `IFLA_MACVLAN_MACADDR_DATA`).
    public var sourceAddresses: [MACAddress]

    /// Details with these values.
    public init(
        mode: MACVLANMode, flags: MACVLANFlags = [], broadcastQueueLength: UInt32? = nil, usedBroadcastQueueLength: UInt32? = nil,
        broadcastCutoff: Int32? = nil, sourceAddresses: [MACAddress] = []
    ) {
        self.mode = mode
        self.flags = flags
        self.broadcastQueueLength = broadcastQueueLength
        self.usedBroadcastQueueLength = usedBroadcastQueueLength
        self.broadcastCutoff = broadcastCutoff
        self.sourceAddresses = sourceAddresses
    }

    /// The kind line of `ip -d link show`, in iproute2's order.
    public var description: String { line(kind: Self.kind) }

    func line(kind: LinkKind) -> String {
        var text = "\(kind) mode \(mode)"
        if flags.contains(.noPromisc) { text += " nopromisc" }
        if flags.contains(.noDestination) { text += " nodst" }
        if let broadcastQueueLength { text += " bcqueuelen \(broadcastQueueLength)" }
        if let usedBroadcastQueueLength { text += " usedbcqueuelen \(usedBroadcastQueueLength)" }
        if let broadcastCutoff { text += " bclim \(broadcastCutoff)" }
        if mode == .source { text += " remotes (\(sourceAddresses.count))" + sourceAddresses.map { " \($0)" }.joined() }
        return text
    }

    init(infoData attributes: NetlinkAttributes?) {
        self.init(mode: .vepa)
        for attribute in attributes ?? .empty {
            switch attribute.type {
            case IFLA.MACVLAN.mode: mode = MACVLANMode(rawValue: attribute.uint32 ?? 0)
            case IFLA.MACVLAN.flags: flags = MACVLANFlags(rawValue: attribute.uint16 ?? 0)
            case IFLA.MACVLAN.broadcastQueueLength: broadcastQueueLength = attribute.uint32
            case IFLA.MACVLAN.broadcastQueueLengthUsed: usedBroadcastQueueLength = attribute.uint32
            case IFLA.MACVLAN.broadcastCutoff: broadcastCutoff = attribute.int32
            case IFLA.MACVLAN.macaddrData:
                sourceAddresses = attribute.nested.compactMap { $0.type == IFLA.MACVLAN.macaddr ? MACAddress(bytes: Array($0.value)) : nil }
            default: break
            }
        }
    }
}

/// A MACVTAP device as the kernel reports it: a MACVLAN's attributes, read by the same names
/// (`details.mode`), printed after `macvtap`.
@dynamicMemberLookup
public struct MACVTAPDetails: LinkDetails {
    public static var kind: LinkKind { .macvtap }
    /// The attributes, decoded as a ``MACVLANDetails``'s.
    public var macvlan: MACVLANDetails

    /// Details with these attributes.
    public init(_ macvlan: MACVLANDetails) { self.macvlan = macvlan }

    /// ``MACVLANDetails``' attributes by name: `details.mode` …
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<MACVLANDetails, Value>) -> Value {
        get { macvlan[keyPath: keyPath] }
        set { macvlan[keyPath: keyPath] = newValue }
    }

    /// The kind line of `ip -d link show`.
    public var description: String { macvlan.line(kind: Self.kind) }

    init(infoData attributes: NetlinkAttributes?) { macvlan = MACVLANDetails(infoData: attributes) }
}
