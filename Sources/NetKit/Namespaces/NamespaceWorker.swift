import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// A NetKit-owned thread that is reused for NetKit's *own* short namespace jobs — creating a
/// namespace, opening a socket inside one — and that goes back to the process's initial
/// namespace after each job, before it takes the next.
///
/// Why: starting a thread for each job (``NamespaceThread``) cost about 0.2–0.4 ms more per job
/// than handing the job to a waiting thread on this kind of machine (a 2-vCPU VM), which is
/// most of what separated NetKit's pod setup from a C program that calls `unshare`/`setns` on
/// its main thread. The rule stays the same: only a NetKit thread ever changes namespace, and
/// it returns home (or ends) before anything else runs on it.
///
/// - Only closures written inside NetKit run here, never a user's (``Namespace/run(_:)`` keeps
///   a fresh thread per call): a user's closure could leave per-thread state behind that the
///   next job would inherit.
/// - After each job the thread calls `setns` with the descriptor of the initial namespace
///   (``InitialNamespace``, which ``Namespace/threadsOutsideInitialNamespace()`` compares
///   against) and checks its own `/proc/thread-self/ns/net`; if either fails it releases its
///   caller — a thread that never left, blocked on a semaphore — and ends instead of being
///   reused. It is registered in ``NetKitThreads`` and marked away from before it enters a
///   namespace until it is confirmed home.
/// - A job runs with the caller's credentials: a worker is reused only by callers whose
///   capabilities and user/group ids (per thread on Linux) equal those of the thread that
///   created it; any other caller gets a new worker, which inherits the caller's.
/// - At most one worker waits idle (named `netkit-ns-idle`; while it works it is named
///   `netkit-ns` like every namespace thread). A worker
///   idle for ``idleSeconds`` ends; callers that find none idle start another, so concurrent
///   callers never queue behind each other.
final class NamespaceWorker: @unchecked Sendable {
    /// How long a worker waits for another job before it ends.
    static let idleSeconds = 1
    /// The thread's name while it waits, in the initial namespace.
    static let idleName = "netkit-ns-idle"

    /// The idle worker, if any. Taking it and a worker's decision to end on its idle timeout
    /// both happen under this lock, so a worker never ends while a caller holds it.
    private static let parked = Mutex<NamespaceWorker?>(nil)
    /// Names ``parked`` to ThreadSanitizer (see `Mutex.withLock(owner:_:)`).
    private static let parkedLock = LockIdentity()
    private final class LockIdentity: Sendable {}

    /// Posted by a caller once ``job`` is set.
    private let wake: UnsafeMutablePointer<sem_t>
    /// Written by the one caller that took this worker, before it posts ``wake``.
    private var job: WorkerJob?
    /// The process that started the thread: after a `fork` the child has no such thread.
    private let processID = getpid()
    /// The credentials of the thread that created this worker, which the worker inherits: it
    /// only ever works for callers with the same (see ``ThreadCredentials``).
    private let credentials: ThreadCredentials?

    private init(operation: NetKitError.Operation) throws(NetKitError) {
        try InitialNamespace.capture()
        credentials = ThreadCredentials.current()
        wake = .allocate(capacity: 1)
        sem_init(wake, 0, 0)
    }

    deinit {
        sem_destroy(wake)
        wake.deallocate()
    }

    /// Runs `body` inside the namespace `entry` names, on a worker thread, and waits for it.
    static func run<T>(
        _ entry: NamespaceThread.Entry, operation: NetKitError.Operation, _ body: () throws(NetKitError) -> T
    ) throws(NetKitError) -> T {
        try withoutActuallyEscaping(body) { body throws(NetKitError) -> T in
            let job = Job(entry: entry, operation: operation, body: body)
            let worker = try take(operation: operation)
            worker.job = job
            sem_post(worker.wake)
            job.waitUntilDone()
            return try job.result!.get()
        }
    }

    /// Runs `body(i)` for each `i` in `0..<count` in a brand-new namespace (`unshare` before
    /// every call), all on one worker thread: one hand-off for many namespaces. Stops at the
    /// first error; the worker then goes home as after any job.
    static func forEachNewNamespace(
        count: Int, operation: NetKitError.Operation, _ body: (Int) throws(NetKitError) -> Void
    ) throws(NetKitError) {
        guard count > 0 else { return }
        try run(.unshare, operation: operation) { () throws(NetKitError) in
            for i in 0..<count {
                if i > 0 { try NamespaceThread.enter(.unshare, operation: operation) }
                try body(i)
            }
        }
    }

    /// The idle worker if it has the caller's credentials, or a new one (which inherits them).
    private static func take(operation: NetKitError.Operation) throws(NetKitError) -> NamespaceWorker {
        let processID = getpid()
        let caller = ThreadCredentials.current()
        let idle = parked.withLock(owner: parkedLock) { slot -> NamespaceWorker? in
            // A worker inherited through fork has no thread in this process: drop it.
            if slot?.processID != processID { slot = nil }
            // A caller that dropped a capability (or changed ids) on its own thread gets a
            // thread of its own: the idle worker may hold privileges the caller gave up.
            guard let worker = slot, caller != nil, worker.credentials == caller else { return nil }
            slot = nil
            return worker
        }
        if let idle { return idle }
        let worker = try NamespaceWorker(operation: operation)
        let unmanaged = Unmanaged.passRetained(worker)
        let status = NamespaceThread.startDetached(workerMain, unmanaged.toOpaque())
        guard status == 0 else {
            unmanaged.release()
            throw NetKitError(
                .system(Errno(rawValue: status)), operation: operation,
                hint: "could not start a thread to enter the namespace")
        }
        return worker
    }

    private static let workerMain: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { raw in
        Unmanaged<NamespaceWorker>.fromOpaque(raw!).takeRetainedValue().main()
        return nil
    }

    /// The thread's life: a job, home, parked; again until idle for ``idleSeconds`` or unable
    /// to return home.
    private func main() {
        // Away until its first return home: it starts where its creator is.
        let tid = NetKitThreads.register(.worker, isAway: true)
        defer { NetKitThreads.unregister(tid) }
        SystemCalls.setThreadName(Self.idleName)
        while let job = nextJob() {
            NetKitThreads.setAway(tid, true)
            job.execute()
            let isHome = InitialNamespace.returnCallingThread()
            if isHome {
                NetKitThreads.setAway(tid, false)
                SystemCalls.setThreadName(Self.idleName)
            }
            // Parked before the caller is released, so a caller's next job finds this worker.
            let isParked =
                isHome
                && Self.parked.withLock(owner: Self.parkedLock) { slot in
                    guard slot == nil, processID == getpid() else { return false }
                    slot = self
                    return true
                }
            job.finish()
            if !isParked { return }
        }
    }

    /// Waits for the next job; nil when idle too long (and no caller took the worker meanwhile).
    private func nextJob() -> WorkerJob? {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += Self.idleSeconds
        while sem_timedwait(wake, &deadline) != 0 {
            if errno == EINTR { continue }
            let leaves = Self.parked.withLock(owner: Self.parkedLock) { slot in
                guard slot === self else { return false }
                slot = nil
                return true
            }
            if leaves { return nil }
            // A caller took this worker just as it timed out: its job is on the way.
            while sem_wait(wake) != 0 {}
            break
        }
        defer { job = nil }
        return job
    }

    /// A job and the semaphore its caller waits on; non-generic so the worker can hold any.
    private class WorkerJob {
        private let done: UnsafeMutablePointer<sem_t>

        init() {
            done = .allocate(capacity: 1)
            sem_init(done, 0, 0)
        }

        deinit {
            sem_destroy(done)
            done.deallocate()
        }

        func execute() {}

        /// Releases the caller; the worker must not touch the job afterwards.
        func finish() { sem_post(done) }

        func waitUntilDone() {
            while sem_wait(done) != 0 {}
        }
    }

    private final class Job<T>: WorkerJob {
        let entry: NamespaceThread.Entry
        let operation: NetKitError.Operation
        /// The caller's non-escaping closure: dropped before the caller is released, since the
        /// worker may still hold the job for a moment afterwards.
        var body: (() throws(NetKitError) -> T)?
        var result: Result<T, NetKitError>?

        init(entry: NamespaceThread.Entry, operation: NetKitError.Operation, body: @escaping () throws(NetKitError) -> T) {
            self.entry = entry
            self.operation = operation
            self.body = body
        }

        override func execute() {
            guard let body else { return }
            self.body = nil
            result = Result { () throws(NetKitError) -> T in
                try NamespaceThread.enter(entry, operation: operation)
                return try body()
            }
        }
    }
}
