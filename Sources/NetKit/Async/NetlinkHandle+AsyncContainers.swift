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
