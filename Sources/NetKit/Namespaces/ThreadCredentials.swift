/// The calling thread's capabilities and user/group ids. Linux keeps them per thread, so a
/// thread that dropped a capability must not get namespace work done by a NetKit thread that
/// still has it: ``NamespaceWorker`` hands a job only to a worker whose credentials are the
/// caller's (a new thread inherits its creator's).
struct ThreadCredentials: Equatable {
    var effective: UInt64, permitted: UInt64, inheritable: UInt64
    var uids: [UInt32], gids: [UInt32]

    /// nil if the kernel would not say (then no worker is shared).
    static func current() -> ThreadCredentials? {
        guard let capabilities = SystemCalls.threadCapabilities(), let uids = SystemCalls.threadUserIDs(),
            let gids = SystemCalls.threadGroupIDs()
        else { return nil }
        return ThreadCredentials(
            effective: capabilities.effective, permitted: capabilities.permitted,
            inheritable: capabilities.inheritable, uids: uids, gids: gids)
    }
}
