extension NetlinkHandle {
    /// `ip neigh show nud all [dev DEV]` with `-4`/`-6` (`RTM_GETNEIGH` dump): the ARP and NDP
    /// entries of one device or all. Unlike plain `ip neigh`, entries in states `NOARP` and
    /// `NONE` are included; proxy entries are listed by `proxyNeighbours(dev:family:)`.
    public func neighbours(dev: InterfaceName? = nil, family: AddressFamily? = nil) throws(NetKitError) -> [Neighbour] {
        try dumpNeighbours(dev: dev, family: family, proxy: false, operation: "RTM_GETNEIGH (ip neigh show)")
    }

    /// `ip neigh show proxy [dev DEV]` (`RTM_GETNEIGH` dump with `NTF_PROXY`): the addresses this
    /// host answers ARP/NDP for.
    public func proxyNeighbours(dev: InterfaceName? = nil, family: AddressFamily? = nil) throws(NetKitError) -> [Neighbour] {
        try dumpNeighbours(dev: dev, family: family, proxy: true, operation: "RTM_GETNEIGH (ip neigh show proxy)")
    }

    /// `ip neigh add ADDR lladdr MAC dev DEV nud STATE [router]` (`RTM_NEWNEIGH` with
    /// `NLM_F_CREATE|NLM_F_EXCL`), or `ip neigh add proxy ADDR dev DEV` for a proxy entry
    /// (`NTF_PROXY`: answer ARP/NDP for the address on the device).
    ///
    ///     try net.addNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:07"))
    ///
    /// A resolved state (`permanent`, `noarp`, `reachable`, `stale`, `delay`, `probe`) needs a
    /// link-layer address on devices that have them. An existing entry throws `EEXIST`
    /// (``NetKitError/isAlreadyExists``); adding a proxy entry that exists succeeds, as the
    /// kernel ignores `NLM_F_EXCL` for proxy entries.
    public func addNeighbour(_ neighbour: Neighbour) throws(NetKitError) {
        let operation: NetKitError.Operation = neighbour.isProxy ? "RTM_NEWNEIGH (ip neigh add proxy)" : "RTM_NEWNEIGH (ip neigh add)"
        try send(NeighbourRequest(neighbour), .newNeighbour, flags: [.create, .exclusive], operation: operation)
    }

    /// `ip neigh replace …` (`RTM_NEWNEIGH` with `NLM_F_CREATE|NLM_F_REPLACE`): creates the entry
    /// or overwrites its link-layer address, state and router flag.
    public func replaceNeighbour(_ neighbour: Neighbour) throws(NetKitError) {
        let operation: NetKitError.Operation =
            neighbour.isProxy ? "RTM_NEWNEIGH (ip neigh replace proxy)" : "RTM_NEWNEIGH (ip neigh replace)"
        try send(NeighbourRequest(neighbour), .newNeighbour, flags: [.create, .replace], operation: operation)
    }

    /// `ip neigh del [proxy] ADDR dev DEV` (`RTM_DELNEIGH`, with `NTF_PROXY` for a proxy entry):
    /// sends the address, the device and the proxy flag, so an entry read with
    /// `neighbours(dev:family:)` or `proxyNeighbours(dev:family:)` deletes exactly that entry.
    /// A missing entry throws `ENOENT` (``NetKitError/isNotFound``).
    public func deleteNeighbour(_ neighbour: Neighbour) throws(NetKitError) {
        let operation: NetKitError.Operation = neighbour.isProxy ? "RTM_DELNEIGH (ip neigh del proxy)" : "RTM_DELNEIGH (ip neigh del)"
        try send(NeighbourRequest(deleting: neighbour), .delNeighbour, flags: [], operation: operation)
    }

    // MARK: - Helpers

    private func send(_ request: NeighbourRequest, _ type: MessageType, flags: MessageFlags, operation: NetKitError.Operation)
        throws(NetKitError)
    {
        try request.validate(operation: operation)
        let device = try linkLookup(request.dev, operation: operation) { message, header in
            let attributes = message.attributes(afterHeaderOf: MemoryLayout<InterfaceInfoHeader>.size)
            return (index: header.index, hasLinkLayerAddress: attributes.contains { $0.type == IFLA.address && !$0.value.isEmpty })
        }
        if type == .newNeighbour {
            try request.validate(deviceHasLinkLayerAddress: device.hasLinkLayerAddress, operation: operation)
        }
        try execute(request.encode(type, flags: flags, index: device.index, operation: operation)) { error in
            switch error.errno {
            case .EEXIST?: "\(request.address) already has an entry on \(request.dev); replaceNeighbour updates it in place"
            case .ENOENT?: "no \(request.proxy ? "proxy " : "")entry for \(request.address) on \(request.dev)"
            default: nil
            }
        }
    }

    private func dumpNeighbours(dev: InterfaceName?, family: AddressFamily?, proxy: Bool, operation: NetKitError.Operation)
        throws(NetKitError)
        -> [Neighbour]
    {
        let index = try dev.map { name throws(NetKitError) in try interfaceIndex(of: name, operation: operation) }
        var request = NetlinkRequest(.getNeighbour, flags: [], operation: operation, object: dev.map { "dev \($0)" } ?? "")
        // Strict checking wants ndm_ifindex 0 in a dump; the device filter is NDA_IFINDEX.
        request.appendHeader(NeighbourHeader(family: family?.rawValue ?? 0, flags: proxy ? NTF.proxy : 0))
        if let index { request.appendAttribute(NDA.ifindex, uint32: UInt32(bitPattern: index)) }
        var neighbours = try dump(request) { try Neighbour(message: $0) }.filter { neighbour in
            (index == nil || neighbour.interfaceIndex == index) && (family == nil || neighbour.family == family)
                && neighbour.isProxy == proxy
        }
        let names: [Int32: InterfaceName]
        if let dev, let index { names = [index: dev] } else { names = try linkNamesByIndex(operation: operation) }
        for i in neighbours.indices {
            if let name = names[neighbours[i].interfaceIndex] { neighbours[i].interfaceName = name }
        }
        return neighbours
    }
}
