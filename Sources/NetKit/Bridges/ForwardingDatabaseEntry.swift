/// One bridge forwarding-database entry: a row of `brctl showmacs BRIDGE` or a line of
/// `bridge fdb show`.
public struct ForwardingDatabaseEntry: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The bridge's own or a port's own address (`permanent`; `is local? yes`).
        case local
        /// Added by hand and never ages out (`static`).
        case `static`
        /// Learned from traffic; ages out after the bridge's ageing time.
        case learned
    }

    public var macAddress: MACAddress
    /// The port's interface index and name.
    public var portIndex: Int32
    public var portName: String
    /// The bridge's index (`master br0`), when the kernel reports it.
    public var bridgeIndex: Int32?
    public var vlan: UInt16?
    public var kind: Kind
    /// Seconds since the entry was last refreshed (`brctl showmacs`' ageing timer).
    public var secondsSinceUpdate: Double?
    /// `self` entries belong to the device itself; `master` entries to its bridge.
    public var isSelf: Bool

    /// `is local?` in `brctl showmacs`.
    public var isLocal: Bool { kind == .local }

    /// A `bridge fdb show` line.
    public var description: String {
        var text = "\(macAddress) dev \(portName)"
        if let vlan { text += " vlan \(vlan)" }
        if !isSelf { text += " master if\(bridgeIndex ?? 0)" } else { text += " self" }
        switch kind {
        case .local: text += " permanent"
        case .static: text += " static"
        case .learned: break
        }
        return text
    }
}

/// What `addForwardingEntry` installs: `bridge fdb add MAC dev PORT master static|permanent [vlan N]`.
public enum ForwardingEntryKind: Sendable, Hashable {
    /// `static`: forwards to the port, never ages.
    case `static`
    /// `permanent`: treated as the port's own (local) address.
    case permanent
}
