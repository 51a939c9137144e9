#if canImport(Glibc)
    import Glibc
#endif

/// Runs a closure on a new, short-lived pthread that first enters a network namespace (or
/// creates one with `unshare(CLONE_NEWNET)`), then returns to the process's initial namespace
/// and ends.
///
/// This and ``NamespaceWorker`` are the only places in NetKit that change a thread's namespace.
/// The thread is NetKit's own, never a Swift-concurrency pool thread, and it ends after the
/// closure, so no thread that changed namespace is ever reused for other work. It runs the
/// closures of ``Namespace/run(_:)`` and ``Namespace/perform(_:)``, which are the user's;
/// NetKit's own short jobs (creating a namespace, opening a socket in one) go to the reusable
/// ``NamespaceWorker`` instead.
///
/// The thread that ran the closure never wakes anyone: a new thread inherits its creator's
/// namespace (and name, signal mask, capabilities…), and waking a task can make libdispatch
/// start a pool thread from the waking thread. `run`'s caller joins it; `perform`'s task is
/// resumed by a second NetKit thread (``NetKitThreads/Role/resumer``) that joins it and never
/// leaves the initial namespace.
enum NamespaceThread {
    enum Entry: Sendable {
        /// `setns(fd, CLONE_NEWNET)`
        case enter(fileDescriptor: Int32)
        /// `unshare(CLONE_NEWNET)`: a brand-new namespace.
        case unshare
    }

    /// Runs `body` in the namespace and waits for it (blocking the caller, not a pool thread's
    /// namespace).
    static func run<T>(_ entry: Entry, operation: NetKitError.Operation, _ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let job = Job(entry: entry, operation: operation, body: body)
            try job.runAndWait()
            return try job.result!.get()
        }
    }

    /// The async form: the calling task suspends (its pool thread is free) while a dedicated
    /// thread runs `body` inside the namespace; a resumer thread joins it and resumes the task.
    static func perform<T: Sendable>(
        _ entry: Entry, operation: NetKitError.Operation, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try InitialNamespace.capture()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let resumer = Resumer(job: Job(entry: entry, operation: operation, body: body), continuation: continuation)
            let unmanaged = Unmanaged<ThreadJob>.passRetained(resumer)
            let status = startDetached(threadMain, unmanaged.toOpaque())
            if status != 0 {
                unmanaged.release()
                continuation.resume(throwing: startFailure(status, operation: operation))
            }
        }
    }

    /// Starts a detached pthread running `main(argument)`; returns `pthread_create`'s status.
    static func startDetached(
        _ main: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?, _ argument: UnsafeMutableRawPointer
    ) -> Int32 {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, main, argument)
        pthread_attr_destroy(&attributes)
        return status
    }

    static func startFailure(_ status: Int32, operation: NetKitError.Operation) -> NetKitError {
        NetKitError(.system(Errno(rawValue: status)), operation: operation, hint: "could not start a thread to enter the namespace")
    }

    /// The name every NetKit namespace thread carries (`/proc/self/task/TID/comm`), for people
    /// reading `top -H`; NetKit itself tells its threads apart by id (``NetKitThreads``).
    static let threadName = "netkit-ns"

    /// Enters the namespace on the current (dedicated) thread; names it `netkit-ns` first.
    static func enter(_ entry: Entry, operation: NetKitError.Operation) throws(NetKitError) {
        SystemCalls.setThreadName(threadName)
        switch entry {
        case .enter(let fd):
            guard SystemCalls.enterNetworkNamespace(fd) == 0 else {
                throw NetKitError(.system(.current), operation: "\(operation): setns(CLONE_NEWNET)")
            }
        case .unshare:
            guard SystemCalls.unshareNetworkNamespace() == 0 else {
                throw NetKitError(.system(.current), operation: "\(operation): unshare(CLONE_NEWNET)")
            }
        }
    }

    /// One closure on its own thread: marked away before it enters the namespace, it runs the
    /// closure and goes home; if it cannot, it stays marked away until it ends, at once.
    private final class Job<T>: ThreadJob {
        let entry: Entry
        let operation: NetKitError.Operation
        let body: () throws -> T
        var result: Result<T, any Error>?

        init(entry: Entry, operation: NetKitError.Operation, body: @escaping () throws -> T) {
            self.entry = entry
            self.operation = operation
            self.body = body
        }

        /// Starts the job's thread from the calling thread and joins it.
        func runAndWait() throws(NetKitError) {
            try InitialNamespace.capture()
            var thread = pthread_t()
            let unmanaged = Unmanaged<ThreadJob>.passRetained(self)
            let status = pthread_create(&thread, nil, threadMain, unmanaged.toOpaque())
            guard status == 0 else {
                unmanaged.release()
                throw NamespaceThread.startFailure(status, operation: operation)
            }
            pthread_join(thread, nil)
        }

        override func execute() {
            let tid = NetKitThreads.register(.namespaceJob, isAway: true)
            defer { NetKitThreads.unregister(tid) }
            result = Result {
                try NamespaceThread.enter(entry, operation: operation)
                return try body()
            }
            // The thread ends next, so the kernel's word (setns succeeded) is check enough.
            if InitialNamespace.enterCallingThread() { NetKitThreads.setAway(tid, false) }
        }
    }

    /// `perform`'s waiting thread: goes home (it starts where its creator is), starts the job's
    /// thread, joins it, and resumes the task. It never enters a namespace and runs no code of
    /// the user's, so the threads libdispatch may start from it are clean.
    private final class Resumer<T: Sendable>: ThreadJob {
        let job: Job<T>
        let continuation: CheckedContinuation<T, any Error>

        init(job: Job<T>, continuation: CheckedContinuation<T, any Error>) {
            self.job = job
            self.continuation = continuation
        }

        override func execute() {
            let tid = NetKitThreads.register(.resumer)
            // Only a caller outside the initial namespace (code inside a user's closure) leaves
            // it elsewhere; if it cannot go home it stays where that caller already is.
            InitialNamespace.enterCallingThread()
            let outcome = Result { () throws(NetKitError) in try job.runAndWait() }
            NetKitThreads.unregister(tid)
            switch outcome {
            case .success: continuation.resume(with: job.result!)
            case .failure(let error): continuation.resume(throwing: error)
            }
        }
    }

    /// What a NetKit thread runs; non-generic so a C function pointer can start it.
    private class ThreadJob {
        func execute() {}
    }

    private static let threadMain: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { raw in
        Unmanaged<ThreadJob>.fromOpaque(raw!).takeRetainedValue().execute()
        return nil
    }
}
