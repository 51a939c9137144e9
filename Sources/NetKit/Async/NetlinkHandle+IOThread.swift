extension NetlinkHandle {
    /// Runs `body` with this handle on one of NetKit's netlink I/O threads (``NetlinkExecutor``)
    /// and suspends the calling task until it returns: every `async` operation of the handle is
    /// its blocking form run this way, so the socket's waits never hold a thread of Swift's
    /// cooperative pool.
    func onIOThread<T: Sendable>(
        _ operation: NetKitError.Operation = #function,
        _ body: @escaping @Sendable (NetlinkHandle) throws -> T
    ) async throws(NetKitError) -> T {
        try await NetlinkExecutor.shared.run(operation, in: namespace) { try body(self) }
    }
}
