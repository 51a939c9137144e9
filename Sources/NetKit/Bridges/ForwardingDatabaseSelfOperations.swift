/// A device's own forwarding entries (`self`): the remotes of a vxlan device, as flannel's
/// vxlan backend and Calico's vxlan mode program them. Each request is `RTM_NEWNEIGH` or
/// `RTM_DELNEIGH` with family `AF_BRIDGE`, `NTF_SELF`, `NDA_LLADDR`, `NDA_DST` and optionally
/// `NDA_PORT` and `NDA_VNI`, state `NUD_NOARP|NUD_PERMANENT` (or `NUD_REACHABLE` for
/// `.static`), exactly as `bridge fdb` sends it.
extension NetlinkHandle {
    /// `bridge fdb add MAC dev DEV self permanent dst IP [port P] [vni N]`
    /// (`NLM_F_CREATE|NLM_F_EXCL`): frames for `mac` go to `destination`. An existing entry for
    /// `mac` throws `EEXIST`.
    public func addForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind = .permanent
    ) throws(NetKitError) {
        try sendSelfEntry(mac, dev, destination, port, vni, kind, .newNeighbour, flags: [.create, .exclusive], operation: "bridge fdb add")
    }

    /// `bridge fdb append MAC dev DEV self dst IP [port P] [vni N]`
    /// (`NLM_F_CREATE|NLM_F_APPEND`): one more destination for `mac`. With the all-zero MAC
    /// this is the flood list a vxlan device sends broadcast and unknown unicast to, one
    /// append per remote node.
    public func appendForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind = .permanent
    ) throws(NetKitError) {
        try sendSelfEntry(mac, dev, destination, port, vni, kind, .newNeighbour, flags: [.create, .append], operation: "bridge fdb append")
    }

    /// `bridge fdb replace MAC dev DEV self permanent dst IP [port P] [vni N]`
    /// (`NLM_F_CREATE|NLM_F_REPLACE`): creates the entry or moves it to `destination`, as
    /// flannel and Calico set an entry (`netlink.NeighSet`).
    public func replaceForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind = .permanent
    ) throws(NetKitError) {
        try sendSelfEntry(
            mac, dev, destination, port, vni, kind, .newNeighbour, flags: [.create, .replace], operation: "bridge fdb replace")
    }

    /// `bridge fdb del MAC dev DEV self [dst IP] [port P] [vni N]` (`RTM_DELNEIGH`): with a
    /// destination, only that remote of the entry; without, the whole entry. A missing entry
    /// throws `ENOENT`.
    public func deleteForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress? = nil, port: UInt16? = nil, vni: UInt32? = nil
    ) throws(NetKitError) {
        try sendSelfEntry(mac, dev, destination, port, vni, nil, .delNeighbour, flags: [], operation: "bridge fdb del")
    }

    /// `bridge fdb show dev DEV`: the entries of one device (`RTM_GETNEIGH` dump, family
    /// `AF_BRIDGE`, the device's index in `ndm_ifindex`): a vxlan device's own (`self`) entries
    /// with their destinations, or a bridge port's entries in its bridge (`master`).
    public func forwardingDatabase(dev: InterfaceName) throws(NetKitError) -> [ForwardingDatabaseEntry] {
        let index = try interfaceIndex(of: dev, operation: "bridge fdb show")
        return try forwardingDump(Self.forwardingDumpRequest(port: index, object: "dev \(dev)")) { $0.portIndex == index }
    }

    private func sendSelfEntry(
        _ mac: MACAddress, _ dev: InterfaceName, _ destination: IPAddress?, _ port: UInt16?, _ vni: UInt32?,
        _ kind: ForwardingEntryKind?, _ type: MessageType, flags: MessageFlags, operation: NetKitError.Operation
    ) throws(NetKitError) {
        let request = ForwardingEntryRequest(
            mac: mac, dev: dev, isSelf: true, kind: kind, destination: destination, destinationPort: port, vni: vni)
        try send(request, type, flags: flags, operation: operation)
    }
}
