/// One forwarding-database entry: a row of `brctl showmacs BRIDGE` or a line of `bridge fdb
/// show`, of a bridge (`master`) or of a device's own database (`self`, e.g. a vxlan remote).
public struct ForwardingDatabaseEntry: Sendable, Hashable, CustomStringConvertible {
    /// Where the entry came from, from `ndm_state` (`NUD_PERMANENT`, `NUD_NOARP`, else learned).
    public enum Kind: Sendable, Hashable {
        /// The bridge's own or a port's own address (`permanent`; `is local? yes`).
        case local
        /// Added by hand and never ages out (`static`).
        case `static`
        /// Learned from traffic; ages out after the bridge's ageing time.
        case learned
    }

    /// The destination MAC (`NDA_LLADDR`).
    public var macAddress: MACAddress
    /// The port's interface index (`ndm_ifindex`, `dev`).
    public var portIndex: Int32
    /// The port's name (`dev p1`), or `ifN` when the listing could not name it.
    public var portName: InterfaceName
    /// The bridge's index (`NDA_MASTER`), when the kernel reports it.
    public var bridgeIndex: Int32?
    /// The bridge's name (`master br0`), when the listing could name it.
    public var bridgeName: InterfaceName? = nil
    /// The VLAN the entry belongs to (`NDA_VLAN`, `vlan N`), on a VLAN-filtering bridge.
    public var vlan: UInt16?
    /// Local (`permanent`), static (`static`) or learned.
    public var kind: Kind
    /// Seconds since the entry was last refreshed (`brctl showmacs`' ageing timer).
    public var secondsSinceUpdate: Double?
    /// `self` entries belong to the device itself (`NTF_SELF`); `master` entries to its bridge.
    public var isSelf: Bool

    /// Where a vxlan device sends frames for the MAC (`NDA_DST`, `dst`): the remote node.
    public var destination: IPAddress? = nil
    /// The remote UDP port (`NDA_PORT`, `port`), when it differs from the device's.
    public var destinationPort: UInt16? = nil
    /// The remote VNI (`NDA_VNI`, `vni`), when it differs from the device's.
    public var vni: UInt32? = nil
    /// The VNI the entry matches on a collect-metadata device (`NDA_SRC_VNI`, `src_vni`).
    public var sourceVNI: UInt32? = nil
    /// The device that reaches the remote (`NDA_IFINDEX`, `via`).
    public var viaIndex: Int32? = nil
    /// That device's name, when the listing could name it.
    public var viaName: InterfaceName? = nil

    /// `is local?` in `brctl showmacs`.
    public var isLocal: Bool { kind == .local }

    /// A `bridge fdb show` line: `02:00:00:00:aa:01 dev p1 master br0 static`. The bridge is
    /// named as iproute2's `ll_index_to_name` does: its name, or `ifN` when unknown.
    public var description: String {
        var text = "\(macAddress) dev \(portName)"
        if let vlan { text += " vlan \(vlan)" }
        if let destination { text += " dst \(destination)" }
        if let destinationPort { text += " port \(destinationPort)" }
        if let vni { text += " vni \(vni)" }
        if let sourceVNI { text += " src_vni \(sourceVNI)" }
        if let viaIndex { text += " via \(viaName?.rawValue ?? "if\(viaIndex)")" }
        if isSelf { text += " self" }
        if let bridgeIndex { text += " master \(bridgeName?.rawValue ?? "if\(bridgeIndex)")" }
        switch kind {
        case .local: text += " permanent"
        case .static: text += " static"
        case .learned: break
        }
        return text
    }
}

/// What `addForwardingEntry` installs: `bridge fdb add MAC dev DEV master|self static|permanent`.
public enum ForwardingEntryKind: Sendable, Hashable {
    /// `static`: forwards to the port, never ages.
    case `static`
    /// `permanent`: treated as the port's own (local) address.
    case permanent
}
