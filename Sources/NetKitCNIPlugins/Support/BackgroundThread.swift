#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NetKitCNI

/// A step on its own pthread, joined later. Plugins are short-lived processes, so a plain thread
/// is simpler and cheaper than a task executor. The thread stays in the process's namespace (it
/// never calls `setns`); results travel in objects the step captures, read after ``join()``.
///
/// Start it only from the plugin's main thread or another `BackgroundThread`, never from inside
/// a `Namespace.run` closure: a new thread, and any process it spawns, inherits its creator's
/// namespace. The plugins do namespace work through NetKit's threads only (`run` closures that
/// write sysctls, netlink handles), so every thread and child process of theirs starts in the
/// initial namespace.
final class BackgroundThread: @unchecked Sendable {
    private let body: () -> Void
    private var thread: pthread_t?

    private init(body: @escaping () -> Void) {
        self.body = body
    }

    /// Starts `body` on a new thread (or runs it here if no thread can be made).
    static func start(_ body: @escaping () -> Void) -> BackgroundThread {
        let job = BackgroundThread(body: body)
        job.launch()
        return job
    }

    private func launch() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                Unmanaged<BackgroundThread>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, context)
        if status == 0 {
            self.thread = thread
        } else {
            Unmanaged<BackgroundThread>.fromOpaque(context).release()
            body()
        }
    }

    /// Waits for the step.
    func join() {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }
}

/// A delegated plugin started from a helper thread: `posix_spawn` holds its caller until the
/// child has exec'ed (~1–2 ms for a plugin binary), which the main thread spends on netlink work
/// instead. The executable is looked up at once, so a missing plugin fails before anything else.
final class PendingDelegation: @unchecked Sendable {
    let type: String
    private let thread: BackgroundThread
    private let spawned: Spawned

    /// Written by the helper thread, read after it is joined.
    private final class Spawned: @unchecked Sendable {
        var call: Result<DelegatedCall, CNIError> = .failure(CNIError(.internal, "the delegated plugin was not started"))
    }

    init(_ request: CNIRequest, type: String, command: CNICommand? = nil) throws(CNIError) {
        let executable = try DelegatedCall.executable(for: type, environment: request.environment)
        let command = command ?? request.command
        let environment = request.environment, configuration = request.configurationBytes
        let spawned = Spawned()
        self.type = type
        self.spawned = spawned
        thread = BackgroundThread.start {
            spawned.call = Result { () throws(CNIError) in
                try DelegatedCall(
                    type: type, command: command, executable: executable, environment: environment, configuration: configuration)
            }
        }
    }

    /// The plugin's result (see ``DelegatedCall/result()``).
    func result() throws(CNIError) -> CNIResult? {
        thread.join()
        return try spawned.call.get().result()
    }

    /// The plugin's result once printed, before it has exited (see
    /// ``DelegatedCall/provisionalResult()``); ``result()`` confirms it.
    func provisionalResult() throws(CNIError) -> CNIResult? {
        thread.join()
        return try spawned.call.get().provisionalResult()
    }
}
