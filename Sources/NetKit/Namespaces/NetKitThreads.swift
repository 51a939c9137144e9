import Synchronization

/// NetKit's own threads, by kernel thread id — never by name: a thread started from one of
/// them inherits its name, and must not be mistaken for it.
///
/// A thread that may change namespace marks itself *away* (under the lock) before it enters a
/// namespace, and clears the mark only once it is back in the initial namespace. So while
/// ``withRegistry(_:)`` holds the lock, a thread that is not marked away cannot leave, and one
/// that is marked is the only kind of NetKit thread that may be elsewhere.
enum NetKitThreads {
    /// What a NetKit thread is for.
    enum Role: Sendable, Equatable {
        /// Runs one closure of ``Namespace/run(_:)`` or ``Namespace/perform(_:)`` in a namespace.
        case namespaceJob
        /// ``NamespaceWorker``: NetKit's own short jobs in namespaces, reused.
        case worker
        /// Waits for a ``Namespace/perform(_:)`` job and resumes its task; never leaves home.
        case resumer
        /// Reads a subscription's socket; never leaves home.
        case eventReader
        /// Runs the blocking calls of ``NetlinkHandle``'s `async` operations
        /// (``NetlinkExecutor``); never leaves home.
        case netlinkIO
    }

    struct Entry: Sendable, Equatable {
        var role: Role
        /// Inside a job, so perhaps in another namespace.
        var isAway: Bool
    }

    private static let registry = Mutex<[Int32: Entry]>([:])
    /// Names ``registry`` to ThreadSanitizer (see `Mutex.withLock(owner:_:)`).
    private static let registryLock = LockIdentity()
    private final class LockIdentity: Sendable {}

    /// Registers the calling thread; returns its thread id, for the calls below.
    static func register(_ role: Role, isAway: Bool = false) -> Int32 {
        let tid = SystemCalls.threadID()
        registry.withLock(owner: registryLock) { $0[tid] = Entry(role: role, isAway: isAway) }
        return tid
    }

    /// Marks the calling thread (registered as `tid`) away or home: away *before* it enters a
    /// namespace, home only *after* it is confirmed back in the initial one.
    static func setAway(_ tid: Int32, _ isAway: Bool) {
        registry.withLock(owner: registryLock) { $0[tid]?.isAway = isAway }
    }

    /// Forgets the calling thread, its last act before it ends.
    static func unregister(_ tid: Int32) {
        _ = registry.withLock(owner: registryLock) { $0.removeValue(forKey: tid) }
    }

    /// Runs `body` with the registry while no NetKit thread can change its mark.
    static func withRegistry<T>(_ body: ([Int32: Entry]) -> T) -> T {
        registry.withLock(owner: registryLock) { body($0) }
    }
}
