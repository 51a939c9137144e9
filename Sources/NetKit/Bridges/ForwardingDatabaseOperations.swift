extension NetlinkHandle {
    /// `bridge fdb show br BRIDGE` / `brctl showmacs BRIDGE`: the forwarding database of one
    /// bridge (`RTM_GETNEIGH` dump, family `AF_BRIDGE`, filtered by `NDA_MASTER`). Includes
    /// learned entries with their ageing timers, static and local (permanent) entries.
    public func forwardingDatabase(bridge: String) throws -> [ForwardingDatabaseEntry] {
        let bridgeLink = try link(named: bridge)
        let names = Dictionary(try links().map { ($0.index, $0.name) }, uniquingKeysWith: { a, _ in a })
        var request = NetlinkRequest(.getNeighbour, flags: [], operation: "RTM_GETNEIGH (bridge fdb show)", object: "br \(bridge)")
        request.appendHeader(NeighbourHeader(family: BridgeFDB.family))
        request.appendAttribute(BridgeFDB.master, uint32: UInt32(bitPattern: bridgeLink.index))
        return try dump(request) { message in
            guard let entry = try ForwardingDatabaseEntry(message: message, names: names) else { return nil }
            // Older kernels ignore the filter: keep the bridge's own entries and its ports'.
            return entry.bridgeIndex == bridgeLink.index || entry.portIndex == bridgeLink.index ? entry : nil
        }
    }

    /// `bridge fdb add MAC dev PORT master static|permanent [vlan N]` (`RTM_NEWNEIGH`, family
    /// `AF_BRIDGE`, `NTF_MASTER`, `NLM_F_CREATE|NLM_F_EXCL`, state `NUD_NOARP` or
    /// `NUD_PERMANENT`, `NDA_LLADDR` and `NDA_VLAN`). An existing entry throws `EEXIST`.
    public func addForwardingEntry(_ mac: MACAddress, port: String, kind: ForwardingEntryKind = .static, vlan: UInt16? = nil) throws {
        try forwardingEntryRequest(.newNeighbour, flags: [.create, .exclusive], mac, port: port, kind: kind, vlan: vlan,
                                   operation: "bridge fdb add")
    }

    /// `bridge fdb del MAC dev PORT master [vlan N]` (`RTM_DELNEIGH`, family `AF_BRIDGE`,
    /// `NTF_MASTER`, `NDA_LLADDR` and `NDA_VLAN`). A missing entry throws `ENOENT`.
    public func deleteForwardingEntry(_ mac: MACAddress, port: String, vlan: UInt16? = nil) throws {
        try forwardingEntryRequest(.delNeighbour, flags: [], mac, port: port, kind: nil, vlan: vlan, operation: "bridge fdb del")
    }

    private func forwardingEntryRequest(
        _ type: MessageType, flags: MessageFlags, _ mac: MACAddress, port: String,
        kind: ForwardingEntryKind?, vlan: UInt16?, operation: String
    ) throws {
        if let vlan, vlan == 0 || vlan > 4094 {
            throw NetKitError.invalidInput("VLAN \(vlan) is outside 1–4094", operation: operation, object: "\(mac) dev \(port)")
        }
        let portIndex = try linkIndex(of: port)
        var object = "\(mac) dev \(port) master"
        if let kind { object += kind == .static ? " static" : " permanent" }
        if let vlan { object += " vlan \(vlan)" }
        var request = NetlinkRequest(type, flags: flags, operation: "\(type) (\(operation))", object: object)
        let state: UInt16 = switch kind {
        case .permanent?: BridgeFDB.statePermanent
        case .static?, nil: BridgeFDB.stateNoARP
        }
        request.appendHeader(NeighbourHeader(family: BridgeFDB.family, index: portIndex, state: state, flags: BridgeFDB.flagMaster))
        request.appendAttribute(BridgeFDB.lladdr, bytes: mac.bytes)
        if let vlan { request.appendAttribute(BridgeFDB.vlan, uint16: vlan) }
        try execute(request) { error in
            switch error.errno {
            case .EEXIST?: "the bridge already has an entry for \(mac)"
            case .ENOENT?: "no entry for \(mac) on \(port)"
            case .EINVAL?:
                // With a VLAN the likelier cause is a port that is not in it.
                if let vlan {
                    "\(port) must be a port of a VLAN-filtering bridge with VLAN \(vlan) on it (bridge vlan add vid \(vlan) dev \(port))"
                } else {
                    "\(port) must be a bridge port (ip link set dev \(port) master BRIDGE)"
                }
            case .EOPNOTSUPP?: "\(port) must be a bridge port (ip link set dev \(port) master BRIDGE)"
            default: nil
            }
        }
    }
}

extension ForwardingDatabaseEntry {
    init?(message: NetlinkMessage, names: [Int32: String]) throws {
        let header = try message.header(NeighbourHeader.self)
        guard header.family == BridgeFDB.family else { return nil }
        var mac: MACAddress?
        var bridgeIndex: Int32?
        var vlan: UInt16?
        var updated: Double?
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<NeighbourHeader>.size) {
            switch attribute.type {
            case BridgeFDB.lladdr: mac = MACAddress(bytes: attribute.value)
            case BridgeFDB.master: bridgeIndex = attribute.int32
            case BridgeFDB.vlan: vlan = attribute.uint16
            case BridgeFDB.cacheinfo:
                // struct nda_cacheinfo { confirmed, used, updated, refcnt } in clock_t ticks.
                if attribute.value.count >= 12 {
                    updated = Double(attribute.value.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) / 100
                }
            default: break
            }
        }
        guard let mac else { return nil }
        let kind: Kind = header.state & BridgeFDB.statePermanent != 0 ? .local
            : header.state & BridgeFDB.stateNoARP != 0 ? .static : .learned
        self.init(macAddress: mac, portIndex: header.index, portName: names[header.index] ?? "if\(header.index)",
                  bridgeIndex: bridgeIndex, bridgeName: bridgeIndex.flatMap { names[$0] }, vlan: vlan, kind: kind,
                  secondsSinceUpdate: kind == .learned ? updated : nil,
                  isSelf: header.flags & BridgeFDB.flagSelf != 0)
    }
}
