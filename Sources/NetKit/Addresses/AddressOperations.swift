extension NetlinkHandle {
    /// `ip addr add ADDR/PLEN dev DEV [brd +|ADDR] [peer P] [label L] [scope S] [metric M]
    /// [valid_lft V preferred_lft P] [noprefixroute] [nodad]` (`RTM_NEWADDR` with
    /// `NLM_F_CREATE|NLM_F_EXCL`).
    ///
    /// Like `ip addr add 172.19.0.100/24 dev veth1`, no IPv4 broadcast is set unless asked for:
    /// the kernel then reports none and `ip addr` prints no `brd`. Pass `broadcast: .computed`
    /// for `brd +`. The scope defaults as in `ip`: `host` for `127.0.0.0/8`, `global` otherwise.
    ///
    /// An address that is already on the device throws ``NetKitError`` with `EEXIST`
    /// (``NetKitError/isAlreadyExists``); `replaceAddress(_:dev:broadcast:peer:label:scope:metric:lifetime:noPrefixRoute:noDAD:)`
    /// is the idempotent form. Input the kernel would reject or silently ignore — a peer of the
    /// other family, `brd`/`label`/`scope` on IPv6, `nodad` on IPv4, a zero or inverted lifetime —
    /// and a label that does not start with the device name (`veth1:web`; the kernel would take
    /// any label, but alias tools rely on the prefix) throw `.invalidInput` before anything is sent.
    public func addAddress(
        _ address: IPNetwork, dev: String, broadcast: InterfaceAddress.Broadcast? = nil, peer: IPAddress? = nil,
        label: String? = nil, scope: AddressScope? = nil, metric: UInt32? = nil, lifetime: AddressLifetime? = nil,
        noPrefixRoute: Bool = false, noDAD: Bool = false
    ) throws {
        let request = AddressRequest(
            local: address, dev: dev, peer: peer, broadcast: broadcast, label: label, scope: scope, metric: metric,
            lifetime: lifetime, flags: AddressRequest.flags(noPrefixRoute: noPrefixRoute, noDAD: noDAD))
        try send(request, .newAddress, flags: [.create, .exclusive], operation: "RTM_NEWADDR (ip addr add)")
    }

    /// `ip addr replace …` (`RTM_NEWADDR` with `NLM_F_CREATE|NLM_F_REPLACE`): adds the address, or
    /// updates its broadcast, label, scope, metric, lifetime and flags if it is already there.
    /// Takes the same options, with the same validation, as
    /// `addAddress(_:dev:broadcast:peer:label:scope:metric:lifetime:noPrefixRoute:noDAD:)`.
    public func replaceAddress(
        _ address: IPNetwork, dev: String, broadcast: InterfaceAddress.Broadcast? = nil, peer: IPAddress? = nil,
        label: String? = nil, scope: AddressScope? = nil, metric: UInt32? = nil, lifetime: AddressLifetime? = nil,
        noPrefixRoute: Bool = false, noDAD: Bool = false
    ) throws {
        let request = AddressRequest(
            local: address, dev: dev, peer: peer, broadcast: broadcast, label: label, scope: scope, metric: metric,
            lifetime: lifetime, flags: AddressRequest.flags(noPrefixRoute: noPrefixRoute, noDAD: noDAD))
        try send(request, .newAddress, flags: [.create, .replace], operation: "RTM_NEWADDR (ip addr replace)")
    }

    /// `ip addr del ADDR/PLEN dev DEV [peer P]` (`RTM_DELADDR`). The prefix length must match the
    /// configured one, as the kernel matches on it. An address that is not on the device throws
    /// ``NetKitError`` with `EADDRNOTAVAIL` (``NetKitError/isNotFound``).
    public func deleteAddress(_ address: IPNetwork, dev: String, peer: IPAddress? = nil) throws {
        let request = AddressRequest(local: address, dev: dev, peer: peer)
        try send(request, .delAddress, flags: [], operation: "RTM_DELADDR (ip addr del)")
    }

    /// `ip addr show [dev DEV]` with `-4`/`-6` (`RTM_GETADDR` dump): the addresses of one device,
    /// or of all, of one family or both, in the kernel's order. The kernel filters by device
    /// (NetKit's sockets use strict checking); the result is filtered again here so an older
    /// kernel cannot widen it.
    public func addresses(of dev: String? = nil, family: AddressFamily? = nil) throws -> [InterfaceAddress] {
        let operation = "RTM_GETADDR (ip addr show)"
        let index = try dev.map { try interfaceIndex(of: $0, operation: operation) }
        var request = NetlinkRequest(.getAddress, flags: [], operation: operation, object: dev.map { "dev \($0)" } ?? "")
        request.appendHeader(InterfaceAddressHeader(family: family?.rawValue ?? 0, index: UInt32(bitPattern: index ?? 0)))
        var addresses = try dump(request) { try InterfaceAddress(message: $0) }.filter { address in
            (index == nil || address.interfaceIndex == index) && (family == nil || address.family == family)
        }
        let names: [Int32: String]
        if let dev, let index { names = [index: dev] } else { names = try linkNames() }
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
    public func flushAddresses(of dev: String, family: AddressFamily? = nil) throws -> [InterfaceAddress] {
        let operation = "RTM_DELADDR (ip addr flush)"
        let existing = try addresses(of: dev, family: family)
        let requests = existing.map { address in
            AddressRequest(local: address.local, dev: address.interfaceName, peer: address.peer)
                .encode(.delAddress, flags: [], index: address.interfaceIndex, operation: operation)
        }
        for case var error? in try socket.batch(requests) where error.errno != .EADDRNOTAVAIL {
            error.object = annotate(error.object)
            throw error
        }
        return existing
    }

    // MARK: - Helpers

    private func send(_ request: AddressRequest, _ type: MessageType, flags: MessageFlags, operation: String) throws {
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
    func interfaceIndex(of name: String, operation: String) throws -> Int32 {
        let name = try validName(name, operation: operation)
        do {
            return try linkIndex(of: name)
        } catch {
            var error = error
            error.operation = operation
            throw error
        }
    }

    /// Index → name of every link, for messages that carry only an index.
    func linkNames() throws -> [Int32: String] {
        Dictionary(try linksNamingDevices().map { ($0.index, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

extension AddressRequest {
    static func flags(noPrefixRoute: Bool, noDAD: Bool) -> AddressFlags {
        var flags: AddressFlags = []
        if noPrefixRoute { flags.insert(.noPrefixRoute) }
        if noDAD { flags.insert(.noDAD) }
        return flags
    }
}
