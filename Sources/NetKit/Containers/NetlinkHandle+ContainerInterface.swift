extension NetlinkHandle {
    /// Sets up `interface` (see ``ContainerInterface``) from this handle's namespace, the host
    /// side: the bridge if asked for, the veth pair with its container end created directly in
    /// the container's namespace (one request), `lo` up, the container end's addresses, the end
    /// up, its routes, then the host end as a bridge port (port options, VLANs) and up. Every
    /// step is one netlink request; inputs are validated before the first one.
    ///
    /// If any step fails, every change made so far is undone, newest first — the veth pair (and
    /// with it the container end, its addresses and routes), gateway addresses it added, a
    /// bridge it created, links it brought up or made promiscuous — and the step's error is
    /// thrown, its hint saying that the changes were undone (or which could not be). This is
    /// what a CNI plugin's `ADD` must guarantee.
    public func attach(_ interface: ContainerInterface) throws(NetKitError) -> AttachedContainerInterface {
        do {
            return try attach(interface, after: { _ in })
        } catch {
            throw NetKitError.wrap(error, operation: Self.attachOperation, object: interface.hostName.rawValue)
        }
    }

    /// `attach(_:)` as one step of a larger operation that has its own undo log — a CNI
    /// plugin's `ADD`, which goes on after the links are made (gateway addresses, masquerading,
    /// the IPAM plugin's result): each change is recorded in `log` as it is made, the same undo
    /// steps `attach(_:)` runs, and nothing is undone here. If attach fails, `log` holds the
    /// undo of what it did up to then, after the caller's own steps; either way, the caller's
    /// `log.rollBack()` undoes everything newest first, or `log.commit()` keeps it.
    ///
    /// `claim` is the caller's ``BridgeClaim`` on the attachment's bridge, held until the log is
    /// committed or rolled back, so that the caller's own undo steps on the bridge and attach's
    /// are decided by one claim (a second claim of the same process would count as another
    /// attach). Without one, attach takes its own, which the recorded steps keep as long as they
    /// exist. A claim for another bridge or namespace is refused with `.invalidInput`.
    ///
    ///     var log = RollbackLog()
    ///     let claim = try BridgeClaim(bridge: "cni0", on: node)
    ///     let attached = try node.attach(interface, claim: claim, undo: &log)
    ///     do { try node.addAddress(gateway, dev: "cni0") } catch { _ = log.rollBack(); throw error }
    ///     log.commit()
    public func attach(
        _ interface: ContainerInterface, claim: BridgeClaim? = nil, undo log: inout RollbackLog
    ) throws(NetKitError) -> AttachedContainerInterface {
        do {
            return try attach(interface, claim: claim, undo: &log, after: { _ in })
        } catch {
            throw NetKitError.wrap(error, operation: Self.attachOperation, object: interface.hostName.rawValue)
        }
    }

    /// `attach(_:claim:undo:)` for a caller that has a handle in the container's namespace
    /// already and reads no link back (a CNI plugin's `ADD`): the same steps, the container's
    /// sent on `container`, without the two closing `RTM_GETLINK`s (whose veth peer is named by
    /// asking each namespace under `/run/netns` for its id, one `RTM_GETNSID` each). A
    /// `container` handle of another namespace than `interface.namespace` is `.invalidInput`.
    package func attach(
        _ interface: ContainerInterface, container: NetlinkHandle, claim: BridgeClaim? = nil, undo log: inout RollbackLog
    ) throws(NetKitError) {
        do {
            guard container.namespace == interface.namespace else {
                throw NetKitError.invalidInput(
                    "the container handle is in \(container.namespace), the interface's namespace is \(interface.namespace)",
                    operation: Self.attachOperation, object: interface.hostName.rawValue)
            }
            _ = try attachSteps(interface, claim: claim, container: container, undo: &log, after: { _ in })
        } catch {
            throw NetKitError.wrap(error, operation: Self.attachOperation, object: interface.hostName.rawValue)
        }
    }

    /// `ip link del HOSTNAME`: removes the pair; the container end, its addresses and routes go
    /// with it. The bridge stays (other containers use it).
    public func detach(_ interface: ContainerInterface) throws(NetKitError) {
        do {
            try deleteLink(interface.hostName)
        } catch {
            throw NetKitError.wrap(error, operation: "ip link del", object: interface.hostName.rawValue)
        }
    }

    private static let attachOperation: NetKitError.Operation = "attach container interface"

    /// `attach(_:)` with `checkpoint` called after each step, so tests can make the next step
    /// fail for real (delete the namespace in between, take a name).
    func attach(
        _ interface: ContainerInterface, after checkpoint: (ContainerInterface.Step) throws -> Void
    ) throws -> AttachedContainerInterface {
        var log = RollbackLog()
        do {
            return try attach(interface, claim: nil, undo: &log, after: checkpoint)
        } catch {
            var error = NetKitError.wrap(error, operation: Self.attachOperation, object: interface.hostName.rawValue)
            let failures = log.rollBack()
            let note =
                failures.isEmpty
                ? "everything this attach had changed was undone"
                : "could not undo: " + failures.joined(separator: "; ")
            error.hint = error.hint.map { "\($0); \(note)" } ?? note
            throw error
        }
    }

    /// The steps, each change recorded in `log` as it is made, then both ends read back;
    /// nothing is undone here.
    func attach(
        _ interface: ContainerInterface, claim given: BridgeClaim?, undo log: inout RollbackLog,
        after checkpoint: (ContainerInterface.Step) throws -> Void
    ) throws -> AttachedContainerInterface {
        do {
            let container = try attachSteps(interface, claim: given, container: nil, undo: &log, after: checkpoint)
            return AttachedContainerInterface(
                host: try link(named: interface.hostName), container: try container.link(named: interface.name))
        } catch {
            throw NetKitError.wrap(error, operation: Self.attachOperation, object: interface.hostName.rawValue)
        }
    }

    /// The steps, each change recorded in `log` as it is made; nothing is undone here. The
    /// container's steps go to `given` (a handle in the container's namespace), or to a handle
    /// opened for them; that handle is returned.
    private func attachSteps(
        _ interface: ContainerInterface, claim given: BridgeClaim?, container givenContainer: NetlinkHandle?,
        undo log: inout RollbackLog, after checkpoint: (ContainerInterface.Step) throws -> Void
    ) throws -> NetlinkHandle {
        let operation = Self.attachOperation
        let hostName = interface.hostName
        let name = interface.name
        let routes = interface.routes.map { route in
            var route = route
            if route.leavesThroughUnnamedDevice { route.device = name }
            return route
        }
        for vlan in interface.bridge?.portVLANs ?? [] { try vlan.validate(operation: operation, object: hostName.rawValue) }
        // Held until the port is in or everything is undone (by the undo steps that use it):
        // another attach's rollback then leaves the bridge alone.
        let claim = try interface.bridge.map { bridge in try bridgeClaim(given, for: bridge, operation: operation) }
        defer { withExtendedLifetime(claim) {} }  // not released before the port is in
        do {
            if let bridge = interface.bridge, let claim { try prepare(bridge, claim: claim, operation: operation, log: &log) }
            try checkpoint(.bridgeReady)

            try add(
                VethPair(
                    name: hostName, peerName: name, options: LinkOptions(mtu: interface.mtu, macAddress: interface.hostMACAddress),
                    peerMACAddress: interface.macAddress, peerMTU: interface.mtu, peerNamespace: interface.namespace))
            log.record("ip link del \(hostName)") { try RollbackLog.unlessGone { try self.deleteLink(hostName) } }
            try checkpoint(.vethCreated)

            // The runtime may delete the container's namespace at any moment; configuring one
            // nobody can reach any more would only hide the failure.
            try interface.namespace.checkStillNamed(operation: operation, object: "\(name) in \(interface.namespace)")
            let container = try givenContainer ?? interface.namespace.netlink()
            if interface.loopbackUp, try !container.link(named: "lo").isUp {
                try container.setUp("lo")
                log.record("ip link set lo down") { try container.setDown("lo") }
            }
            for address in interface.addresses { try container.addAddress(InterfaceAddress(address, dev: name)) }
            if interface.containerEndUp { try container.setUp(name) }
            for route in routes { try container.addRoute(route) }
            try checkpoint(.containerConfigured)

            if let bridge = interface.bridge { try join(bridge, port: hostName) }
            try interface.configureHostEnd?(self, hostName)
            try setUp(hostName)
            try checkpoint(.hostAttached)
            return container
        } catch {
            throw NetKitError.wrap(error, operation: operation, object: hostName.rawValue)
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
