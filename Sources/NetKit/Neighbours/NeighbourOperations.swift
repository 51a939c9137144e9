extension NetlinkHandle {
    /// `ip neigh show nud all [dev DEV]` with `-4`/`-6` (`RTM_GETNEIGH` dump): the ARP and NDP
    /// entries of one device or all. Unlike plain `ip neigh`, entries in states `NOARP` and
    /// `NONE` are included; proxy entries are listed by `proxyNeighbours(dev:family:)`.
    public func neighbours(dev: String? = nil, family: AddressFamily? = nil) throws -> [Neighbour] {
        try dumpNeighbours(dev: dev, family: family, proxy: false, operation: "RTM_GETNEIGH (ip neigh show)")
    }

    /// `ip neigh show proxy [dev DEV]` (`RTM_GETNEIGH` dump with `NTF_PROXY`): the addresses this
    /// host answers ARP/NDP for.
    public func proxyNeighbours(dev: String? = nil, family: AddressFamily? = nil) throws -> [Neighbour] {
        try dumpNeighbours(dev: dev, family: family, proxy: true, operation: "RTM_GETNEIGH (ip neigh show proxy)")
    }

    /// `ip neigh add ADDR lladdr MAC dev DEV nud STATE [router]` (`RTM_NEWNEIGH` with
    /// `NLM_F_CREATE|NLM_F_EXCL`). The state defaults to `permanent`, as with `ip neigh add`; a
    /// resolved state (`permanent`, `noarp`, `reachable`, `stale`, `delay`, `probe`) needs
    /// `lladdr` on devices that have link-layer addresses. An existing entry throws `EEXIST`
    /// (``NetKitError/isAlreadyExists``).
    public func addNeighbour(
        _ address: IPAddress, dev: String, lladdr: MACAddress? = nil, state: NeighbourState = .permanent, router: Bool = false
    ) throws {
        let request = NeighbourRequest(address: address, dev: dev, lladdr: lladdr, state: state, router: router)
        try send(request, .newNeighbour, flags: [.create, .exclusive], operation: "RTM_NEWNEIGH (ip neigh add)")
    }

    /// `ip neigh replace …` (`RTM_NEWNEIGH` with `NLM_F_CREATE|NLM_F_REPLACE`): creates the entry
    /// or overwrites its address, state and router flag.
    public func replaceNeighbour(
        _ address: IPAddress, dev: String, lladdr: MACAddress? = nil, state: NeighbourState = .permanent, router: Bool = false
    ) throws {
        let request = NeighbourRequest(address: address, dev: dev, lladdr: lladdr, state: state, router: router)
        try send(request, .newNeighbour, flags: [.create, .replace], operation: "RTM_NEWNEIGH (ip neigh replace)")
    }

    /// `ip neigh del ADDR dev DEV` (`RTM_DELNEIGH`). A missing entry throws `ENOENT`
    /// (``NetKitError/isNotFound``).
    public func deleteNeighbour(_ address: IPAddress, dev: String) throws {
        let request = NeighbourRequest(address: address, dev: dev)
        try send(request, .delNeighbour, flags: [], operation: "RTM_DELNEIGH (ip neigh del)")
    }

    /// `ip neigh add proxy ADDR dev DEV` (`RTM_NEWNEIGH` with `NTF_PROXY`, `NLM_F_CREATE|NLM_F_EXCL`):
    /// answer ARP/NDP for `address` on `dev`. Unlike other entries, adding one that exists
    /// succeeds: the kernel ignores `NLM_F_EXCL` for proxy entries.
    public func addProxyNeighbour(_ address: IPAddress, dev: String) throws {
        let request = NeighbourRequest(address: address, dev: dev, proxy: true)
        try send(request, .newNeighbour, flags: [.create, .exclusive], operation: "RTM_NEWNEIGH (ip neigh add proxy)")
    }

    /// `ip neigh del proxy ADDR dev DEV` (`RTM_DELNEIGH` with `NTF_PROXY`). A missing entry
    /// throws `ENOENT` (``NetKitError/isNotFound``).
    public func deleteProxyNeighbour(_ address: IPAddress, dev: String) throws {
        let request = NeighbourRequest(address: address, dev: dev, proxy: true)
        try send(request, .delNeighbour, flags: [], operation: "RTM_DELNEIGH (ip neigh del proxy)")
    }

    // MARK: - Helpers

    private func send(_ request: NeighbourRequest, _ type: MessageType, flags: MessageFlags, operation: String) throws {
        try request.validate(operation: operation)
        let name = try validName(request.dev, operation: operation)
        let device: Link
        do {
            device = try link(named: name)
        } catch {
            var error = error
            error.operation = operation
            throw error
        }
        if type == .newNeighbour { try request.validate(deviceHasLinkLayerAddress: !device.hardwareAddress.isEmpty, operation: operation) }
        try execute(request.encode(type, flags: flags, index: device.index, operation: operation)) { error in
            switch error.errno {
            case .EEXIST?: "\(request.address) already has an entry on \(request.dev); replaceNeighbour updates it in place"
            case .ENOENT?: "no \(request.proxy ? "proxy " : "")entry for \(request.address) on \(request.dev)"
            default: nil
            }
        }
    }

    private func dumpNeighbours(dev: String?, family: AddressFamily?, proxy: Bool, operation: String) throws -> [Neighbour] {
        let index = try dev.map { try interfaceIndex(of: $0, operation: operation) }
        var request = NetlinkRequest(.getNeighbour, flags: [], operation: operation, object: dev.map { "dev \($0)" } ?? "")
        // Strict checking wants ndm_ifindex 0 in a dump; the device filter is NDA_IFINDEX.
        request.appendHeader(NeighbourHeader(family: family?.rawValue ?? 0, flags: proxy ? NTF.proxy : 0))
        if let index { request.appendAttribute(NDA.ifindex, uint32: UInt32(bitPattern: index)) }
        var neighbours = try dump(request) { try Neighbour(message: $0) }.filter { neighbour in
            (index == nil || neighbour.interfaceIndex == index) && (family == nil || neighbour.family == family)
                && neighbour.isProxy == proxy
        }
        let names: [Int32: String]
        if let dev, let index { names = [index: dev] } else { names = try linkNames() }
        for i in neighbours.indices {
            if let name = names[neighbours[i].interfaceIndex] { neighbours[i].interfaceName = name }
        }
        return neighbours
    }
}
