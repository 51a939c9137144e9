#if canImport(Glibc)
import Glibc
#endif

/// Runs a closure on a new, short-lived pthread that first enters a network namespace (or
/// creates one with `unshare(CLONE_NEWNET)`) and then exits.
///
/// This and ``NamespaceWorker`` are the only places in NetKit that change a thread's namespace.
/// The thread is NetKit's own, never a Swift-concurrency pool thread, and it ends after the
/// closure, so no thread that changed namespace is ever reused for other work. It runs the
/// closures of ``Namespace/run(_:)`` and ``Namespace/perform(_:)``, which are the user's;
/// NetKit's own short jobs (creating a namespace, opening a socket in one) go to the reusable
/// ``NamespaceWorker`` instead.
enum NamespaceThread {
    enum Entry: Sendable {
        /// `setns(fd, CLONE_NEWNET)`
        case enter(fileDescriptor: Int32)
        /// `unshare(CLONE_NEWNET)`: a brand-new namespace.
        case unshare
    }

    /// Runs `body` in the namespace and waits for it (blocking the caller, not a pool thread's
    /// namespace).
    static func run<T>(_ entry: Entry, operation: String, _ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let job = Job(entry: entry, operation: operation, body: body)
            let unmanaged = Unmanaged<ThreadJob>.passRetained(job)
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, threadMain, unmanaged.toOpaque())
            guard status == 0 else {
                unmanaged.release()
                throw NetKitError(.system(Errno(rawValue: status)), operation: operation,
                                  hint: "could not start a thread to enter the namespace")
            }
            pthread_join(thread, nil)
            return try job.result!.get()
        }
    }

    /// The async form: the calling task suspends (its pool thread is free) while a dedicated
    /// thread runs `body` inside the namespace.
    static func perform<T: Sendable>(
        _ entry: Entry, operation: String, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = DetachedJob(entry: entry, operation: operation, body: body, continuation: continuation)
            let unmanaged = Unmanaged<ThreadJob>.passRetained(job)
            let status = startDetached(threadMain, unmanaged.toOpaque())
            if status != 0 {
                unmanaged.release()
                continuation.resume(throwing: NetKitError(.system(Errno(rawValue: status)), operation: operation,
                                                          hint: "could not start a thread to enter the namespace"))
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

    /// The name every NetKit namespace thread carries (`/proc/self/task/TID/comm`), so a check
    /// of the thread invariant can tell them from the threads NetKit must never move.
    static let threadName = "netkit-ns"

    /// Enters the namespace on the current (dedicated) thread; names it `netkit-ns` first.
    static func enter(_ entry: Entry, operation: String) throws(NetKitError) {
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

    /// What a NetKit thread runs; non-generic so a C function pointer can start it.
    private class ThreadJob {
        func execute() {}
    }

    private static let threadMain: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { raw in
        Unmanaged<ThreadJob>.fromOpaque(raw!).takeRetainedValue().execute()
        return nil
    }

    private final class Job<T>: ThreadJob {
        let entry: Entry
        let operation: String
        let body: () throws -> T
        var result: Result<T, any Error>?

        init(entry: Entry, operation: String, body: @escaping () throws -> T) {
            self.entry = entry
            self.operation = operation
            self.body = body
        }

        override func execute() {
            result = Result {
                try NamespaceThread.enter(entry, operation: operation)
                return try body()
            }
        }
    }

    private final class DetachedJob<T: Sendable>: ThreadJob {
        let entry: Entry
        let operation: String
        let body: @Sendable () throws -> T
        let continuation: CheckedContinuation<T, any Error>

        init(entry: Entry, operation: String, body: @escaping @Sendable () throws -> T,
             continuation: CheckedContinuation<T, any Error>) {
            self.entry = entry
            self.operation = operation
            self.body = body
            self.continuation = continuation
        }

        override func execute() {
            continuation.resume(with: Result {
                try NamespaceThread.enter(entry, operation: operation)
                return try body()
            })
        }
    }
}
