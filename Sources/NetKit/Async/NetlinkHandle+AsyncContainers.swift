// The `async` forms of the container-interface operations (Containers/); see
// NetlinkHandle+AsyncLinks.swift for how they run and how cancellation behaves.
extension NetlinkHandle {
    /// Creates and configures a container's interface (veth, addresses, routes, bridge port);
    /// the `async` form of `attach(_:)`. A task cancelled once the attachment started gets its
    /// complete result: the steps are not interrupted half-way.
    public func attach(_ interface: ContainerInterface) async throws(NetKitError) -> AttachedContainerInterface {
        try await onIOThread { try $0.attach(interface) }
    }

    /// Removes what `attach(_:)` created; the `async` form of `detach(_:)`.
    public func detach(_ interface: ContainerInterface) async throws(NetKitError) {
        try await onIOThread { try $0.detach(interface) }
    }
}

extension NetlinkHandle {
    /// `attach(_:claim:undo:)`'s `async` form: the steps run on a NetKit I/O thread, and what
    /// they changed is recorded in `log` when the call returns or throws, as in the blocking form.
    public func attach(
        _ interface: ContainerInterface, claim: BridgeClaim? = nil, undo log: inout RollbackLog
    ) async throws(NetKitError) -> AttachedContainerInterface {
        let transfer = RollbackLog.Transfer(log)
        defer { log = transfer.log }
        return try await onIOThread { try $0.attach(interface, claim: claim, undo: &transfer.log) }
    }
}
