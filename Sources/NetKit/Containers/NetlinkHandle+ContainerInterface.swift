extension NetlinkHandle {
    /// Sets up `interface` (see ``ContainerInterface``) from this handle's namespace, the host
    /// side: the bridge if asked for, the veth pair with its container end created directly in
    /// the container's namespace (one request), `lo` up, the container end's addresses, the end
    /// up, its routes, then the host end as a bridge port and up. Every step is one netlink
    /// request; inputs are validated before the first one.
    ///
    /// If any step fails, every change made so far is undone, newest first — the veth pair (and
    /// with it the container end, its addresses and routes), gateway addresses it added, a
    /// bridge it created, links it brought up — and the step's error is thrown, its hint saying
    /// that the changes were undone (or which could not be). This is what a CNI plugin's `ADD`
    /// must guarantee.
    public func attach(_ interface: ContainerInterface) throws -> AttachedContainerInterface {
        try attach(interface, after: { _ in })
    }

    /// `ip link del HOSTNAME`: removes the pair; the container end, its addresses and routes go
    /// with it. The bridge stays (other containers use it).
    public func detach(_ interface: ContainerInterface) throws {
        try deleteLink(InterfaceName(parsing: interface.hostName))
    }

    /// ``attach(_:)`` with `checkpoint` called after each step, so tests can make the next step
    /// fail for real (delete the namespace in between, take a name).
    func attach(
        _ interface: ContainerInterface, after checkpoint: (ContainerInterface.Step) throws -> Void
    ) throws -> AttachedContainerInterface {
        let operation: NetKitError.Operation = "attach container interface"
        let hostName = try InterfaceName(parsing: validName(interface.hostName, operation: operation))
        let name = try InterfaceName(parsing: validName(interface.name, operation: operation))
        let routes = interface.routes.map { route in
            var route = route
            if route.leavesThroughUnnamedDevice { route.device = name }
            return route
        }
        var log = RollbackLog()
        // Held until the port is in or everything is undone: another attach's rollback then
        // leaves the bridge alone.
        let claim = try interface.bridge.map { try BridgeClaim(bridge: $0.bridge.name.rawValue, on: self) }
        defer { claim?.release() }
        do {
            if let bridge = interface.bridge, let claim { try prepare(bridge, claim: claim, operation: operation, log: &log) }
            try checkpoint(.bridgeReady)

            try add(
                VethPair(
                    name: hostName, peerName: name, options: LinkOptions(mtu: interface.mtu),
                    peerMACAddress: interface.macAddress, peerMTU: interface.mtu, peerNamespace: interface.namespace))
            log.record("ip link del \(hostName)") { try self.deleteLink(hostName) }
            try checkpoint(.vethCreated)

            // The runtime may delete the container's namespace at any moment; configuring one
            // nobody can reach any more would only hide the failure.
            try interface.namespace.checkStillNamed(operation: operation, object: "\(name) in \(interface.namespace)")
            let container = try interface.namespace.netlink()
            if interface.loopbackUp, try !container.link(named: "lo").isUp {
                try container.setUp("lo")
                log.record("ip link set lo down") { try container.setDown("lo") }
            }
            for address in interface.addresses { try container.addAddress(InterfaceAddress(address, dev: name)) }
            try container.setUp(name)
            for route in routes { try container.addRoute(route) }
            try checkpoint(.containerConfigured)

            if let bridge = interface.bridge { try setMaster(hostName, to: bridge.bridge.name) }
            try setUp(hostName)
            try checkpoint(.hostAttached)
            return AttachedContainerInterface(host: try link(named: hostName), container: try container.link(named: name))
        } catch {
            var error = NetKitError.wrap(error, operation: operation, object: hostName.rawValue)
            let failures = log.rollBack()
            let note =
                failures.isEmpty
                ? "everything this attach had changed was undone"
                : "could not undo: " + failures.joined(separator: "; ")
            error.hint = error.hint.map { "\($0); \(note)" } ?? note
            throw error
        }
    }

    /// The bridge: created if missing, gateway addresses added if missing, up. On rollback, a
    /// bridge this attach created is deleted, and an address it added or the up it set are
    /// undone, only if no other attach claims the bridge (and, to delete it, it has no port
    /// then): ``BridgeClaim``.
    private func prepare(_ attachment: BridgeAttachment, claim: BridgeClaim, operation: NetKitError.Operation, log: inout RollbackLog)
        throws
    {
        let name = attachment.bridge.name
        var existing: Link?
        do {
            existing = try link(named: name)
        } catch {
            guard error.isNotFound else { throw error }
            existing = nil
        }
        if existing == nil {
            do {
                try add(attachment.bridge)
                let index = try link(named: name).index
                log.record("ip link del \(name) (unless another attach uses it)") { _ = try claim.deleteIfUnused(index: index) }
            } catch {
                guard error.isAlreadyExists else { throw error }
                existing = try link(named: name)  // a concurrent attach created it first
            }
        }
        if let existing, existing.kind != .bridge {
            throw NetKitError(
                .system(.EEXIST), operation: operation, object: name.rawValue,
                hint: "\(name) exists and is a \(existing.kind) link, not a bridge")
        }
        let present = existing == nil ? [] : try addresses(dev: name).map(\.local)
        for address in attachment.addresses where !present.contains(address) {
            try addAddress(InterfaceAddress(address, dev: name))
            if existing != nil {
                log.record("ip addr del \(address) dev \(name) (unless another attach uses it)") {
                    _ = try claim.ifUnclaimed { try self.deleteAddress(InterfaceAddress(address, dev: name)) }
                }
            }
        }
        if existing?.isUp != true {
            try setUp(name)
            if existing != nil {
                log.record("ip link set \(name) down (unless another attach uses it)") {
                    _ = try claim.ifUnclaimed { try self.setDown(name) }
                }
            }
        }
    }
}

private extension Route {
    /// A single-path unicast route that names no device (no `dev`, no next hops, no nexthop
    /// object): in a container it goes out of the container end, as CNI plugins bind it.
    var leavesThroughUnnamedDevice: Bool {
        type == .unicast && device == nil && deviceIndex == nil && nextHops.isEmpty && nexthopID == nil
    }
}
