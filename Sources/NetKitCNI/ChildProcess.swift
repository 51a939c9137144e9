#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A program started with `posix_spawn`, its stdin fed from bytes and its stdout captured;
/// stderr is shared with this process, as the spec wants for delegated plugins ("the
/// delegated plugin's stderr is output to the calling plugin's stderr").
///
/// Starting returns at once, so a plugin can do other work while the child runs (NetKit's
/// bridge runs IPAM alongside its own netlink requests) and collect the result with ``wait()``.
public final class ChildProcess {
    public let executable: String
    public let pid: pid_t
    private var output: Int32
    private var errorOutput: Int32?
    private var finished: (status: Int32, stdout: [UInt8])?
    /// What the child wrote on stderr, when started with `captureStandardError` (after ``wait()``).
    public private(set) var standardError: [UInt8] = []

    /// How the child ended.
    public enum Termination: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case .exited(let status): "exit status \(status)"
            case .signalled(let signal): "signal \(signal)"
            }
        }
    }

    /// Starts `executable` with `arguments` (after argv[0]) and `environment` (this process's
    /// when nil), writes `stdin` to it and closes its input. Throws error 5 if it cannot start.
    /// With `captureStandardError`, stderr is kept in ``standardError`` instead of shared (for
    /// tools whose messages belong in an error's details, not in the runtime's log).
    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil,
                stdin: [UInt8] = [], captureStandardError: Bool = false) throws(CNIError) {
        self.executable = executable
        var input: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard Self.makePipe(&input) else { throw Self.failure("pipe", executable) }
        guard Self.makePipe(&outputPipe) else {
            let error = Self.failure("pipe", executable)
            close(input[0]); close(input[1])
            throw error
        }
        var errorPipe: [Int32] = [-1, -1]
        if captureStandardError, !Self.makePipe(&errorPipe) {
            let error = Self.failure("pipe", executable)
            for fd in input + outputPipe { close(fd) }
            throw error
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        if captureStandardError { posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2) }

        let argv = [executable] + arguments
        let envp = (environment ?? ChildProcess.currentEnvironment()).map { "\($0.key)=\($0.value)" }.sorted()
        var pid: pid_t = 0
        let status = withCStrings(argv) { argv in
            withCStrings(envp) { envp in
                posix_spawn(&pid, executable, &actions, nil, argv, envp)
            }
        }
        close(input[0])
        close(outputPipe[1])
        if captureStandardError { close(errorPipe[1]) }
        guard status == 0 else {
            close(input[1]); close(outputPipe[0])
            if captureStandardError { close(errorPipe[0]) }
            throw CNIError(.ioFailure, "cannot run \(executable)", details: "posix_spawn: \(String(cString: strerror(status)))")
        }
        self.pid = pid
        self.output = outputPipe[0]
        self.errorOutput = captureStandardError ? errorPipe[0] : nil
        // A child that exits without reading its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var offset = 0
        while offset < stdin.count {
            let written = stdin.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return write(input[1], base + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break  // the child closed its input early; its exit status tells the rest
            }
            offset += written
        }
        close(input[1])
    }

    deinit {
        if finished == nil { _ = wait() }
    }

    /// Reads the child's stdout to the end and reaps it.
    @discardableResult
    public func wait() -> (termination: Termination, stdout: [UInt8]) {
        if let finished { return (Self.termination(finished.status), finished.stdout) }
        // stdout first: only tools with short stderr messages are started with it captured.
        let bytes = Self.readToEnd(output)
        if let errorOutput { standardError = Self.readToEnd(errorOutput) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        finished = (status, bytes)
        return (Self.termination(status), bytes)
    }

    private static func readToEnd(_ fd: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        close(fd)
        return bytes
    }

    private static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
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

    /// A pipe whose ends close on exec: only the ends dup2'ed onto 0 and 1 reach the child
    /// (`pipe2` needs `_GNU_SOURCE`, which Swift's Glibc module does not define).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func failure(_ call: String, _ executable: String) -> CNIError {
        CNIError(.ioFailure, "cannot run \(executable)", details: "\(call): \(String(cString: strerror(errno)))")
    }
}

/// Calls `body` with a NULL-terminated `char *[]` of `strings`.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
