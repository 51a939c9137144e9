#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NetKitCNI

/// A delegated plugin started from a helper thread: `posix_spawn` holds its caller until the
/// child has exec'ed (~1–2 ms for a plugin binary), which the main thread spends on netlink work
/// instead. The executable is looked up at once, so a missing plugin fails before anything else.
///
/// A plugin that may start only after some checks (an `ADD`'s IPAM plugin, after the
/// duplicate-interface check) is ``held(_:type:)`` first: its thread starts and waits, and
/// ``start()`` lets it go; released unstarted, the thread ends without starting the plugin.
final class PendingDelegation: @unchecked Sendable {
    let type: String
    private let thread: BackgroundThread?
    private let spawned: Spawned
    private let gate: StartGate?
    /// The executable lookup's failure, thrown by ``start()`` for a held plugin.
    private let lookupFailure: CNIError?
    private var released = false

    /// Written by the helper thread, read after it is joined.
    private final class Spawned: @unchecked Sendable {
        var call: Result<DelegatedCall, CNIError> = .failure(CNIError(.internal, "the delegated plugin was not started"))
    }

    /// Starts plugin `type` (for `command`, the request's by default) on a helper thread.
    convenience init(_ request: CNIRequest, type: String, command: CNICommand? = nil) throws(CNIError) {
        self.init(request, type: type, command: command, gate: nil)
        if let lookupFailure { throw lookupFailure }
    }

    /// Plugin `type` for the request's command, its helper thread waiting for ``start()``.
    static func held(_ request: CNIRequest, type: String) -> PendingDelegation {
        PendingDelegation(request, type: type, command: nil, gate: StartGate())
    }

    private init(_ request: CNIRequest, type: String, command: CNICommand?, gate: StartGate?) {
        self.type = type
        let spawned = Spawned()
        self.spawned = spawned
        let executable: String
        do throws(CNIError) {
            executable = try DelegatedCall.executable(for: type, environment: request.environment)
        } catch {
            lookupFailure = error
            self.gate = nil
            thread = nil
            return
        }
        lookupFailure = nil
        self.gate = gate
        let command = command ?? request.command
        let environment = request.environment, configuration = request.configurationBytes
        thread = BackgroundThread.start {
            guard gate?.wait() ?? true else { return }
            spawned.call = Result { () throws(CNIError) in
                try DelegatedCall(
                    type: type, command: command, executable: executable, environment: environment, configuration: configuration)
            }
        }
    }

    deinit {
        if let gate, !released { gate.close() }
        thread?.join()
    }

    /// Lets a held plugin start (nothing for one started at once); a plugin missing from
    /// `CNI_PATH` is thrown here.
    func start() throws(CNIError) {
        if let lookupFailure { throw lookupFailure }
        guard let gate, !released else { return }
        released = true
        gate.open()
    }

    /// The plugin's result (see ``DelegatedCall/result()``).
    func result() throws(CNIError) -> CNIResult? {
        try call().result()
    }

    /// The plugin's result once printed, before it has exited (see
    /// ``DelegatedCall/provisionalResult()``); ``result()`` confirms it.
    func provisionalResult() throws(CNIError) -> CNIResult? {
        try call().provisionalResult()
    }

    private func call() throws(CNIError) -> DelegatedCall {
        try start()
        thread?.join()
        return try spawned.call.get()
    }
}

/// The go or stop a held helper thread waits for (``PendingDelegation/held(_:type:)``).
private final class StartGate: @unchecked Sendable {
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    /// Written before the post, read after the wait.
    private var go = false

    init() { sem_init(semaphore, 0, 0) }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func open() {
        go = true
        sem_post(semaphore)
    }

    func close() { sem_post(semaphore) }

    /// Waits for ``open()`` (true) or ``close()`` (false).
    func wait() -> Bool {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
        return go
    }
}
