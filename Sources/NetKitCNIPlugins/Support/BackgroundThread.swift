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
