import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// NetKit's threads for the `async` forms of ``NetlinkHandle``'s operations: a blocking netlink
/// call is handed to one of them, and the calling task suspends until it is done, so no thread
/// of Swift's cooperative pool ever sleeps in `poll` or `recvmsg` (as swift-nio's
/// `NIOThreadPool` keeps blocking work off its event loops).
///
/// - A few long-lived pthreads (at most ``maximumThreads``), started one at a time when a job
///   finds none idle, named `netkit-io` and registered in ``NetKitThreads`` by thread id.
/// - They live in the process's initial namespace and never call `setns`: a handle's socket
///   already acts in its namespace from any thread. A thread started from a thread outside the
///   initial namespace enters it first; if it cannot, it ends before it takes a job, and the
///   caller — blocked on a semaphore for that moment, never resumed from the new thread — gets
///   the error (or the jobs go to the threads that did start).
/// - A job not yet started when its task is cancelled is never run: the thread that takes it
///   resumes the task with ``NetKitError/Reason/cancelled``. A job already started runs to its
///   end — a netlink request cannot be recalled once sent — and its result is returned.
final class NetlinkExecutor: @unchecked Sendable {
    /// The one executor of the process.
    static let shared = NetlinkExecutor()
    /// At most this many I/O threads: enough that a slow dump does not hold up other handles'
    /// requests; the kernel serialises most rtnetlink changes anyway (`rtnl_lock`).
    static let maximumThreads = 4
    /// The name of every I/O thread (`/proc/self/task/TID/comm`), for `top -H`.
    static let threadName = "netkit-io"

    private struct State {
        var queue: [NetlinkIOJob] = []
        var threads = 0
        var idle = 0
        /// The process the threads belong to: after a `fork` the child has none.
        var processID = getpid()
    }

    private let state = Mutex(State())
    /// Names ``state`` to ThreadSanitizer (see `Mutex.withLock(owner:_:)`).
    private let stateLock = LockIdentity()
    private final class LockIdentity: Sendable {}
    /// Counts the jobs in the queue; the I/O threads wait on it.
    private let queued: UnsafeMutablePointer<sem_t>

    private init() {
        queued = .allocate(capacity: 1)
        sem_init(queued, 0, 0)
    }

    /// Runs `body` on an I/O thread and suspends the calling task until it returns.
    ///
    /// - Throws: what `body` throws (an error other than a ``NetKitError`` as
    ///   ``NetKitError/Reason/foreign(_:)``), or ``NetKitError/Reason/cancelled`` if the task
    ///   was cancelled before `body` started.
    func run<T: Sendable>(
        _ operation: NetKitError.Operation, in namespace: Namespace,
        _ body: @escaping @Sendable () throws -> T
    ) async throws(NetKitError) -> T {
        guard !Task.isCancelled else { throw Self.cancelled(operation, in: namespace) }
        try ensureThread(operation)
        let job = NetlinkIOJob()
        let result: Result<T, NetKitError> = await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                job.set(
                    run: {
                        continuation.resume(
                            returning: Result { try body() }.mapError {
                                NetKitError.wrap($0, operation: operation, object: "\(namespace)")
                            })
                    },
                    refuse: { continuation.resume(returning: .failure(Self.cancelled(operation, in: namespace))) })
                enqueue(job)
            }
        } onCancel: {
            job.cancel()
        }
        ThreadSanitizerAnnotation.acquireCurrentTask()
        return try result.get()
    }

    static func cancelled(_ operation: NetKitError.Operation, in namespace: Namespace) -> NetKitError {
        NetKitError(
            .cancelled, operation: operation, object: "\(namespace)",
            hint: "the task was cancelled before the request was sent; nothing was sent")
    }

    /// Jobs waiting for a thread (for tests).
    var queueLength: Int { state.withLock(owner: stateLock) { $0.queue.count } }

    private func enqueue(_ job: NetlinkIOJob) {
        state.withLock(owner: stateLock) { $0.queue.append(job) }
        sem_post(queued)
    }

    /// Starts another I/O thread if every one is busy and fewer than ``maximumThreads`` run.
    /// Throws only if no thread runs at all and none could be started.
    private func ensureThread(_ operation: NetKitError.Operation) throws(NetKitError) {
        let processID = getpid()
        let start = state.withLock(owner: stateLock) { state -> Bool in
            if state.processID != processID {
                // A child of `fork`: none of the parent's threads, nor its queued jobs, exist here.
                state = State()
                sem_destroy(queued)
                sem_init(queued, 0, 0)
            }
            guard state.threads < Self.maximumThreads, state.idle <= state.queue.count else { return false }
            state.threads += 1
            return true
        }
        guard start else { return }
        let failure = startThread()
        guard let failure else { return }
        let remaining = state.withLock(owner: stateLock) { state -> Int in
            state.threads -= 1
            return state.threads
        }
        if remaining == 0 {
            throw NetKitError(
                .system(failure), operation: operation,
                hint: "could not start a netlink I/O thread in the initial namespace")
        }
    }

    /// Starts a thread and waits until it is home (or has failed to get there and ended).
    private func startThread() -> Errno? {
        do { try InitialNamespace.capture() } catch { return error.errno ?? .EINVAL }
        let start = ThreadStart(executor: self)
        let unmanaged = Unmanaged.passRetained(start)
        let status = NamespaceThread.startDetached(Self.threadMain, unmanaged.toOpaque())
        guard status == 0 else {
            unmanaged.release()
            return Errno(rawValue: status)
        }
        while sem_wait(start.ready) != 0 {}
        return start.isHome ? nil : .EPERM
    }

    /// What a new thread reports to the caller that started it, which waits on ``ready``.
    private final class ThreadStart: @unchecked Sendable {
        let executor: NetlinkExecutor
        let ready: UnsafeMutablePointer<sem_t>
        /// Written by the new thread before it posts ``ready``.
        var isHome = false

        init(executor: NetlinkExecutor) {
            self.executor = executor
            ready = .allocate(capacity: 1)
            sem_init(ready, 0, 0)
        }

        deinit {
            sem_destroy(ready)
            ready.deallocate()
        }
    }

    private static let threadMain: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { raw in
        let start = Unmanaged<ThreadStart>.fromOpaque(raw!).takeRetainedValue()
        // Away until it is known to be home: it starts where its creator is.
        let tid = NetKitThreads.register(.netlinkIO, isAway: true)
        SystemCalls.setThreadName(threadName)
        let isHome = InitialNamespace.containsCallingThread() || InitialNamespace.returnCallingThread()
        if isHome { NetKitThreads.setAway(tid, false) }
        let executor = start.executor
        start.isHome = isHome
        // Its creator never left the namespace it is in: the one thing a thread that could not
        // get home does before it ends.
        sem_post(start.ready)
        guard isHome else {
            NetKitThreads.unregister(tid)
            return nil
        }
        executor.serve()
    }

    /// An I/O thread's life: take the next job, run it (or refuse it if its task was cancelled).
    private func serve() -> Never {
        while true {
            state.withLock(owner: stateLock) { $0.idle += 1 }
            while sem_wait(queued) != 0 {}
            let job = state.withLock(owner: stateLock) { state -> NetlinkIOJob in
                state.idle -= 1
                return state.queue.removeFirst()
            }
            job.execute()
        }
    }
}
