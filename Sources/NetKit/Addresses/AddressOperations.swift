extension NetlinkHandle {
    /// `ip addr add ADDR/PLEN dev DEV [brd +|ADDR] [peer P] [label L] [scope S] [metric M]
    /// [valid_lft V preferred_lft P] [noprefixroute] [nodad]` (`RTM_NEWADDR` with
    /// `NLM_F_CREATE|NLM_F_EXCL`).
    ///
    ///     try net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "veth1"))
    ///
    /// An address that is already on the device throws ``NetKitError`` with `EEXIST`
    /// (``NetKitError/isAlreadyExists``); `replaceAddress(_:)` is the idempotent form. Input the
    /// kernel would reject or silently ignore (see ``InterfaceAddress``'s initialiser) throws
    /// `.invalidInput` before anything is sent; a missing device throws `ENODEV`.
    public func addAddress(_ address: InterfaceAddress) throws(NetKitError) {
        try send(AddressRequest(address), .newAddress, flags: [.create, .exclusive], operation: "RTM_NEWADDR (ip addr add)")
    }

    /// `ip addr replace …` (`RTM_NEWADDR` with `NLM_F_CREATE|NLM_F_REPLACE`): adds the address, or
    /// updates its broadcast, label, scope, metric, lifetime and flags if it is already there.
    /// Validates as `addAddress(_:)` does.
    public func replaceAddress(_ address: InterfaceAddress) throws(NetKitError) {
        try send(AddressRequest(address), .newAddress, flags: [.create, .replace], operation: "RTM_NEWADDR (ip addr replace)")
    }

    /// `ip addr del ADDR/PLEN dev DEV [peer P]` (`RTM_DELADDR`): sends the address's local
    /// address, prefix length, peer and device, which is what the kernel matches; an address
    /// read with `addresses(dev:family:)` deletes exactly that address. The prefix length must
    /// match the configured one. An address that is not on the device throws ``NetKitError``
    /// with `EADDRNOTAVAIL` (``NetKitError/isNotFound``).
    public func deleteAddress(_ address: InterfaceAddress) throws(NetKitError) {
        try send(AddressRequest(deleting: address), .delAddress, flags: [], operation: "RTM_DELADDR (ip addr del)")
    }

    /// `ip addr show [dev DEV]` with `-4`/`-6` (`RTM_GETADDR` dump): the addresses of one device,
    /// or of all, of one family or both, in the kernel's order. The kernel filters by device
    /// (NetKit's sockets use strict checking); the result is filtered again here so an older
    /// kernel cannot widen it.
    public func addresses(dev: InterfaceName? = nil, family: AddressFamily? = nil) throws(NetKitError) -> [InterfaceAddress] {
        let operation: NetKitError.Operation = "RTM_GETADDR (ip addr show)"
        let index = try dev.map { name throws(NetKitError) in try interfaceIndex(of: name, operation: operation) }
        var request = NetlinkRequest(.getAddress, flags: [], operation: operation, object: dev.map { "dev \($0)" } ?? "")
        request.appendHeader(InterfaceAddressHeader(family: family?.rawValue ?? 0, index: UInt32(bitPattern: index ?? 0)))
        var addresses = try dump(request) { try InterfaceAddress(message: $0) }.filter { address in
            (index == nil || address.interfaceIndex == index) && (family == nil || address.family == family)
        }
        let names: [Int32: InterfaceName]
        if let dev, let index { names = [index: dev] } else { names = try linkNamesByIndex(operation: operation) }
        for i in addresses.indices {
            if let name = names[addresses[i].interfaceIndex] { addresses[i].interfaceName = name }
        }
        return addresses
    }

    /// `ip addr flush dev DEV` with `-4`/`-6`: deletes every address of the device (IPv6
    /// link-local ones included, as `ip` does), sending all `RTM_DELADDR` requests in one batch.
    /// Returns the addresses removed. Deleting a primary IPv4 address takes its secondaries with
    /// it, so their own requests finding nothing (`EADDRNOTAVAIL`) count as removed.
    @discardableResult
    public func flushAddresses(dev: InterfaceName, family: AddressFamily? = nil) throws(NetKitError) -> [InterfaceAddress] {
        let operation: NetKitError.Operation = "RTM_DELADDR (ip addr flush)"
        let existing = try addresses(dev: dev, family: family)
        let requests = existing.map { address in
            AddressRequest(deleting: address).encode(.delAddress, flags: [], index: address.interfaceIndex, operation: operation)
        }
        let errors: [NetKitError?]
        do {
            errors = try socket.batch(requests)
        } catch {
            throw NetKitError.wrap(error, operation: operation, object: "dev \(dev)")
        }
        for case var error? in errors where error.errno != .EADDRNOTAVAIL {
            error.object = annotate(error.object)
            throw error
        }
        return existing
    }

    // MARK: - Helpers

    private func send(_ request: AddressRequest, _ type: MessageType, flags: MessageFlags, operation: NetKitError.Operation)
        throws(NetKitError)
    {
        try request.validate(operation: operation)
        let index = try interfaceIndex(of: request.dev, operation: operation)
        try execute(request.encode(type, flags: flags, index: index, operation: operation)) { error in
            switch error.errno {
            case .EEXIST?: "\(request.local) is already on \(request.dev); replaceAddress updates it in place"
            case .EADDRNOTAVAIL?: "\(request.local) is not configured on \(request.dev) (the prefix length must match too)"
            default: nil
            }
        }
    }

    /// The index of device `name`, with a failure reported as part of `operation` (a missing
    /// device is `ENODEV`, ``NetKitError/isNotFound``).
    func interfaceIndex(of name: InterfaceName, operation: NetKitError.Operation) throws(NetKitError) -> Int32 {
        try linkLookup(name, operation: operation) { _, header in header.index }
    }

    /// One `RTM_GETLINK` for device `name` without statistics (as `linkIndex(of:)` sends it),
    /// its answer read by `read`; a failure is reported as part of `operation`.
    func linkLookup<Result>(
        _ name: InterfaceName, operation: NetKitError.Operation,
        _ read: (NetlinkMessage, InterfaceInfoHeader) throws -> Result
    ) throws(NetKitError) -> Result {
        var request = NetlinkRequest(.getLink, flags: [], operation: operation, object: "dev \(name)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.ifname, string: name.rawValue)
        request.appendAttribute(IFLA.extMask, uint32: IFLA.skipStatsFilter)
        return try fetch(request, hint: { $0.errno == .ENODEV ? "no link named \(name)" : nil }) { message in
            try read(message, try message.header(InterfaceInfoHeader.self))
        }
    }

    /// ``interfaceIndex(of:operation:)`` for a name given as text, validated first.
    func interfaceIndex(of name: String, operation: NetKitError.Operation) throws(NetKitError) -> Int32 {
        let parsed: InterfaceName
        do {
            parsed = try InterfaceName(parsing: name)
        } catch {
            var error = error
            error.operation = operation
            throw error
        }
        return try interfaceIndex(of: parsed, operation: operation)
    }
}

extension InterfaceName {
    /// `ifN`, the name `ip` prints for an index whose device vanished during a listing.
    static func unnamed(index: some BinaryInteger) -> InterfaceName {
        InterfaceName(rawValue: "if\(index)") ?? .loopback
    }
}
