#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
internal import CNetKitCNI

/// A program started with `posix_spawn`, its stdin fed from bytes and its stdout captured;
/// stderr is shared with this process, as the spec wants for delegated plugins ("the
/// delegated plugin's stderr is output to the calling plugin's stderr"), or captured.
///
/// Starting returns at once, so a plugin can do other work while the child runs (NetKit's
/// bridge runs IPAM alongside its own netlink requests) and collect the result with ``wait()``.
/// The input goes into the pipe at start as far as it fits; ``wait()`` writes the rest while it
/// reads stdout and stderr, all three at once (`poll`), so no pipe filling up can deadlock
/// the two processes. A child still running at its ``timeout`` is killed (`SIGKILL`) and reaped.
///
/// The child gets an empty signal mask and `SIGPIPE` at its default action, whatever this
/// process's threads block or ignore; this process's own dispositions are left alone, except
/// that `SIGCHLD` set to "ignore" (which a runtime's ignored signals pass on through `exec`)
/// is reset to the default: with it ignored the kernel reaps children itself and their exit
/// status is lost. Pipes are made close-on-exec atomically (`pipe2(O_CLOEXEC)`), so a child
/// another thread spawns at the same moment inherits none of them.
///
/// Namespace rule: a child starts in the calling thread's network namespace, so starting one
/// from a thread that entered another namespace than the process's is refused (error 999).
public final class ChildProcess {
    public let executable: String
    public let pid: pid_t
    /// How long the child may run, from its start until it has exited and closed its output.
    public let timeout: Duration

    /// The spec sets no time limit; a runtime's does (kubelet gives a whole sandbox set-up
    /// 2 minutes). 30 s leaves a plugin time to roll back after a hung child (an `ADD` may
    /// run the IPAM plugin's `ADD` and then its `DEL`) and still answer the runtime first.
    public static let defaultTimeout: Duration = .seconds(30)

    private var pipes: ChildPipes
    private let processDescriptor: Int32
    private let deadline: UInt64
    private var finished: (termination: Termination, stdout: [UInt8])?
    /// What the child wrote on stderr, when started with `captureStandardError` (after ``wait()``).
    public private(set) var standardError: [UInt8] = []

    /// How the child ended.
    public enum Termination: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        /// Still running at its deadline: killed with `SIGKILL` and reaped.
        case timedOut(Duration)
        /// Its status could not be collected: `waitpid` failed with this errno.
        case unknown(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "signal \(signal)"
            case .timedOut(let limit): "no exit within \(limit) (killed)"
            case .unknown(let code): "an unknown status (waitpid: \(String(cString: strerror(code))))"
            }
        }
    }

    /// Starts `executable` with `arguments` (after argv[0]) and `environment` (this process's
    /// when nil) and hands it `stdin`. Throws error 5 if it cannot start. With
    /// `captureStandardError`, stderr is kept in ``standardError`` instead of shared (for tools
    /// whose messages belong in an error's details, not in the runtime's log).
    public init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil,
        stdin: [UInt8] = [], captureStandardError: Bool = false, timeout: Duration = ChildProcess.defaultTimeout
    ) throws(CNIError) {
        self.executable = executable
        self.timeout = timeout
        if let namespaces = Self.foreignNamespace() {
            throw CNIError(
                .internal, "cannot run \(executable) from this thread",
                details:
                    "the thread is in network namespace \(namespaces.thread), the process in \(namespaces.process): the child would start there"
            )
        }
        Self.keepChildStatus()
        var pipes = try ChildPipes(captureStandardError: captureStandardError, input: stdin, executable: executable)
        let argv = [executable] + arguments
        let envp = (environment ?? ChildProcess.currentEnvironment()).map { "\($0.key)=\($0.value)" }.sorted()
        var pid: pid_t = 0
        var status: Int32 = 0
        // ETXTBSY is transient when the executable was just written: a child that another thread
        // is starting holds a copy of the writer's descriptor until its own exec, and the kernel
        // refuses to run a file that anyone still has open for writing. Try again briefly.
        for attempt in 0..<Self.busyExecutableAttempts {
            if attempt > 0 { usleep(5_000) }
            status = pipes.withFileActions { actions in
                Self.withSpawnAttributes { attributes in
                    withCStrings(argv) { argv in
                        withCStrings(envp) { envp in posix_spawn(&pid, executable, &actions, &attributes, argv, envp) }
                    }
                }
            }
            if status != ETXTBSY { break }
        }
        pipes.closeChildEnds()
        guard status == 0 else {
            pipes.closeAll()
            throw CNIError(.ioFailure, "cannot run \(executable)", details: "posix_spawn: \(String(cString: strerror(status)))")
        }
        self.pid = pid
        self.deadline = Self.now() &+ timeout.nanoseconds
        processDescriptor = CNKC_pidfd_open(pid)  // -1 before Linux 5.3: wait() then polls waitpid
        pipes.writeInput()
        self.pipes = pipes
    }

    /// How often a spawn that fails with ETXTBSY is tried, 5 ms apart.
    static let busyExecutableAttempts = 40

    deinit {
        if finished == nil { _ = wait() }
        if processDescriptor >= 0 { close(processDescriptor) }
    }

    /// Feeds the rest of stdin, reads stdout (and stderr when captured) to the end and reaps
    /// the child, all bounded by ``timeout``.
    @discardableResult
    public func wait() -> (termination: Termination, stdout: [UInt8]) {
        if let finished { return finished }
        var ended: Termination?
        while ended == nil || pipes.isOpen {
            let now = Self.now()
            guard now < deadline else {
                // Exited, but something it started holds the pipes: keep what came.
                if let ended { return finish(ended, killing: false) }
                return finish(.timedOut(timeout), killing: true)
            }
            let left = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            let watchProcess = ended == nil && processDescriptor >= 0
            if pipes.isOpen || watchProcess {
                pipes.poll(processDescriptor: watchProcess ? processDescriptor : -1, milliseconds: left)
            } else {
                usleep(UInt32(min(left, 2)) * 1000)  // no pidfd: look again shortly
            }
            if ended == nil { ended = Self.reap(pid) }
        }
        return finish(ended ?? .unknown(ECHILD), killing: false)
    }

    /// Reads stdout (feeding stdin meanwhile) until `isComplete` accepts what came so far, the
    /// child closes it, or ``timeout`` passes; returns what came. The child is not waited for:
    /// a caller can act on a complete answer while the child exits, then ``wait()`` as usual.
    public func readOutput(until isComplete: ([UInt8]) -> Bool) -> [UInt8] {
        if let finished { return finished.stdout }
        while pipes.isOpen && !isComplete(pipes.standardOutput) {
            let now = Self.now()
            guard now < deadline else { break }
            pipes.poll(processDescriptor: -1, milliseconds: Int32(clamping: (deadline - now + 999_999) / 1_000_000))
        }
        return pipes.standardOutput
    }

    private func finish(_ termination: Termination, killing: Bool) -> (termination: Termination, stdout: [UInt8]) {
        if killing {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        pipes.closeAll()
        standardError = pipes.standardError
        let result = (termination, pipes.standardOutput)
        finished = result
        return result
    }

    /// The child's end if it has ended (`waitpid` with `WNOHANG`), nil while it runs.
    private static func reap(_ pid: pid_t) -> Termination? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return termination(status) }
            if result == 0 { return nil }
            if errno != EINTR { return .unknown(errno) }
        }
    }

    private static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The calling thread's and the process's network namespaces when they differ.
    private static func foreignNamespace() -> (thread: String, process: String)? {
        var thread = stat(), process = stat()
        guard stat("/proc/thread-self/ns/net", &thread) == 0, stat("/proc/self/ns/net", &process) == 0,
            thread.st_ino != process.st_ino
        else { return nil }
        return ("net:[\(thread.st_ino)]", "net:[\(process.st_ino)]")
    }

    /// `SIGCHLD` ignored (`SIG_IGN` or `SA_NOCLDWAIT`) makes the kernel reap children itself:
    /// `waitpid` then fails with `ECHILD` and the status is gone. Back to the default, under
    /// which the signal is not delivered either but children wait to be reaped.
    private static func keepChildStatus() {
        var action = sigaction()
        guard sigaction(SIGCHLD, nil, &action) == 0 else { return }
        let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
        if handler == unsafeBitCast(SIG_IGN, to: Int.self) || action.sa_flags & SA_NOCLDWAIT != 0 {
            signal(SIGCHLD, SIG_DFL)
        }
    }

    /// An empty signal mask and `SIGPIPE` at its default action in the child.
    private static func withSpawnAttributes<R>(_ body: (inout posix_spawnattr_t) -> R) -> R {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return body(&attributes)
    }

    /// This process's environment (`environ`).
    public static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            // The first '=' byte: "=\u{301}" is not the Character "=", so a value starting
            // with a combining mark would otherwise move the split into the value.
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                result[String(Substring(text.utf8[..<equals]))] = String(Substring(text.utf8[text.utf8.index(after: equals)...]))
            }
            pointer += 1
        }
        return result
    }

    /// The first executable file called `name` in `directories`.
    public static func find(_ name: String, in directories: [String]) -> String? {
        for directory in directories where !directory.isEmpty {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}

extension Duration {
    /// Whole nanoseconds (0 for a negative duration), to add to `CLOCK_MONOTONIC` readings.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}

/// Calls `body` with a NULL-terminated `char *[]` of `strings`.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
