extension NetlinkHandle {
    /// `bridge fdb show br BRIDGE` / `brctl showmacs BRIDGE`: the forwarding database of one
    /// bridge (`RTM_GETNEIGH` dump, family `AF_BRIDGE`, filtered by `NDA_MASTER`). Includes
    /// learned entries with their ageing timers, static and local (permanent) entries.
    public func forwardingDatabase(bridge: InterfaceName) throws(NetKitError) -> [ForwardingDatabaseEntry] {
        let bridgeLink = try link(named: bridge)
        return try forwardingDump(Self.forwardingDumpRequest(bridge: bridgeLink.index, object: "br \(bridge)")) { entry in
            // Older kernels ignore the filter: keep the bridge's own entries and its ports'.
            entry.bridgeIndex == bridgeLink.index || entry.portIndex == bridgeLink.index
        }
    }

    /// `bridge fdb add MAC dev PORT master static|permanent [vlan N]` (`RTM_NEWNEIGH`, family
    /// `AF_BRIDGE`, `NTF_MASTER`, `NLM_F_CREATE|NLM_F_EXCL`, state `NUD_NOARP` with
    /// `NUD_REACHABLE` or `NUD_PERMANENT`, `NDA_LLADDR` and `NDA_VLAN`). An existing entry
    /// throws `EEXIST`.
    public func addForwardingEntry(
        _ mac: MACAddress, port: InterfaceName, kind: ForwardingEntryKind = .static, vlan: UInt16? = nil
    ) throws(NetKitError) {
        let request = ForwardingEntryRequest(mac: mac, dev: port, isSelf: false, kind: kind, vlan: vlan)
        try send(request, .newNeighbour, flags: [.create, .exclusive], operation: "bridge fdb add")
    }

    /// `bridge fdb del MAC dev PORT master [vlan N]` (`RTM_DELNEIGH`, family `AF_BRIDGE`,
    /// `NTF_MASTER`, `NDA_LLADDR` and `NDA_VLAN`). A missing entry throws `ENOENT`.
    public func deleteForwardingEntry(_ mac: MACAddress, port: InterfaceName, vlan: UInt16? = nil) throws(NetKitError) {
        let request = ForwardingEntryRequest(mac: mac, dev: port, isSelf: false, kind: nil, vlan: vlan)
        try send(request, .delNeighbour, flags: [], operation: "bridge fdb del")
    }

    func send(_ request: ForwardingEntryRequest, _ type: MessageType, flags: MessageFlags, operation: NetKitError.Operation)
        throws(NetKitError)
    {
        try request.validate(operation: operation)
        let index = try interfaceIndex(of: request.dev, operation: operation)
        try execute(request.encode(type, flags: flags, index: index, operation: operation)) { request.hint(for: $0) }
    }

    /// An `RTM_GETNEIGH` dump of family `AF_BRIDGE` as iproute2 sends it: `bridge fdb show br
    /// BRIDGE` with the bridge's index in `NDA_MASTER`, `bridge fdb show dev DEV` with the
    /// device's index in `ndm_ifindex`. Under strict checking (every NetKit socket asks for it)
    /// the kernel's `valid_fdb_dump_strict` reads the port from `ndm_ifindex` exactly as from an
    /// `NDA_IFINDEX` attribute.
    static func forwardingDumpRequest(bridge: Int32? = nil, port: Int32 = 0, object: String) -> NetlinkRequest {
        var request = NetlinkRequest(.getNeighbour, flags: [], operation: "RTM_GETNEIGH (bridge fdb show)", object: object)
        request.appendHeader(NeighbourHeader(family: BridgeFDB.family, index: port))
        if let bridge { request.appendAttribute(BridgeFDB.master, uint32: UInt32(bitPattern: bridge)) }
        return request
    }

    /// Runs a forwarding database dump, with every index named from one link dump; `keep` drops
    /// what an older kernel's unfiltered dump adds (without strict checking the kernel filters
    /// neither form).
    func forwardingDump(_ request: NetlinkRequest, keep: (ForwardingDatabaseEntry) -> Bool) throws(NetKitError) -> [ForwardingDatabaseEntry]
    {
        let names = Dictionary(try linksNamingDevices().map { ($0.index, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try dump(request) { message in
            guard let entry = try ForwardingDatabaseEntry(message: message, names: names) else { return nil }
            return keep(entry) ? entry : nil
        }
    }
}

extension ForwardingDatabaseEntry {
    init?(message: NetlinkMessage, names: [Int32: InterfaceName]) throws {
        let header = try message.header(NeighbourHeader.self)
        guard header.family == BridgeFDB.family else { return nil }
        var mac: MACAddress?
        var bridgeIndex: Int32?
        var vlan: UInt16?
        var updated: Double?
        var destination: IPAddress?, port: UInt16?, vni: UInt32?, sourceVNI: UInt32?, via: Int32?
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<NeighbourHeader>.size) {
            switch attribute.type {
            case BridgeFDB.lladdr: mac = MACAddress(bytes: attribute.value)
            case BridgeFDB.master: bridgeIndex = attribute.int32
            case BridgeFDB.vlan: vlan = attribute.uint16
            case NDA.destination:
                destination = IPAddress(family: attribute.value.count == 16 ? .ipv6 : .ipv4, networkBytes: attribute.value)
            case NDA.port: port = attribute.uint16BigEndian
            case NDA.vni: vni = attribute.uint32
            case NDA.sourceVNI: sourceVNI = attribute.uint32
            case NDA.ifindex: via = attribute.int32
            case BridgeFDB.cacheinfo:
                // struct nda_cacheinfo { confirmed, used, updated, refcnt } in clock_t ticks.
                if attribute.value.count >= 12 {
                    updated = Double(attribute.value.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) / 100
                }
            default: break
            }
        }
        guard let mac else { return nil }
        let kind: Kind =
            header.state & BridgeFDB.statePermanent != 0
            ? .local
            : header.state & BridgeFDB.stateNoARP != 0 ? .static : .learned
        self.init(
            macAddress: mac, portIndex: header.index, portName: names[header.index] ?? InterfaceName(unchecked: "if\(header.index)"),
            bridgeIndex: bridgeIndex, bridgeName: bridgeIndex.flatMap { names[$0] }, vlan: vlan, kind: kind,
            secondsSinceUpdate: kind == .learned ? updated : nil,
            isSelf: header.flags & BridgeFDB.flagSelf != 0, destination: destination, destinationPort: port,
            vni: vni, sourceVNI: sourceVNI, viaIndex: via, viaName: via.flatMap { names[$0] })
    }
}
