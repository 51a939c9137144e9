#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
internal import CNetKitCNI

/// The pipes between ``ChildProcess`` and its child: stdin fed from bytes, stdout and (when
/// captured) stderr read into buffers. Every end is made close-on-exec by `pipe2`; the child's
/// ends are `dup2`ed onto 0, 1 and 2 (which clears the flag there) and closed here once it runs.
struct ChildPipes {
    private var input: [Int32]
    private var output: [Int32]
    private var errorOutput: [Int32]?
    private let bytes: [UInt8]
    private var offset = 0
    private(set) var standardOutput: [UInt8] = []
    private(set) var standardError: [UInt8] = []

    init(captureStandardError: Bool, input bytes: [UInt8], executable: String) throws(CNIError) {
        self.bytes = bytes
        var made: [[Int32]] = []
        for _ in 0..<(captureStandardError ? 3 : 2) {
            var ends: [Int32] = [-1, -1]
            guard CNKC_pipe_cloexec(&ends) == 0 else {
                let error = CNIError(.ioFailure, "cannot run \(executable)", details: "pipe2: \(String(cString: strerror(errno)))")
                for fd in made.joined() { Glibc.close(fd) }
                throw error
            }
            made.append(ends)
        }
        input = made[0]
        output = made[1]
        errorOutput = captureStandardError ? made[2] : nil
    }

    /// Whether stdin, stdout or stderr is still open on this side.
    var isOpen: Bool { input[1] >= 0 || output[0] >= 0 || (errorOutput?[0] ?? -1) >= 0 }

    /// `body` with file actions that put the child's ends on 0, 1 (and 2).
    func withFileActions<R>(_ body: (inout posix_spawn_file_actions_t) -> R) -> R {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        if let errorOutput { posix_spawn_file_actions_adddup2(&actions, errorOutput[1], 2) }
        return body(&actions)
    }

    /// After the spawn: the child's ends are its own now.
    mutating func closeChildEnds() {
        Self.close(&input[0])
        Self.close(&output[1])
        if errorOutput != nil { Self.close(&errorOutput![1]) }
        _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK)
        if bytes.isEmpty { Self.close(&input[1]) }
    }

    mutating func closeAll() {
        for index in 0..<2 {
            Self.close(&input[index])
            Self.close(&output[index])
            if errorOutput != nil { Self.close(&errorOutput![index]) }
        }
    }

    /// Writes as much of stdin as the pipe takes now; closes it when all is written or the
    /// child closed its end (its exit status tells the rest). `SIGPIPE` is blocked on this
    /// thread meanwhile, and one it raised is taken back, so the process's disposition is
    /// never touched.
    mutating func writeInput() {
        guard input[1] >= 0 else { return }
        let fd = input[1]
        let start = offset
        var failed = false
        withSIGPIPEBlocked {
            var position = start
            while position < bytes.count {
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + position, $0.count - position) }
                if written > 0 {
                    position += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    failed = !(written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    break
                }
            }
            offset = position
        }
        if failed || offset == bytes.count { Self.close(&input[1]) }
    }

    /// One `poll` of the open pipes (and `processDescriptor`, a pidfd, unless -1) for up to
    /// `milliseconds`; then writes and reads whatever is ready.
    mutating func poll(processDescriptor: Int32, milliseconds: Int32) {
        var fds: [pollfd] = []
        if input[1] >= 0 { fds.append(pollfd(fd: input[1], events: Int16(POLLOUT), revents: 0)) }
        if output[0] >= 0 { fds.append(pollfd(fd: output[0], events: Int16(POLLIN), revents: 0)) }
        if let error = errorOutput?[0], error >= 0 { fds.append(pollfd(fd: error, events: Int16(POLLIN), revents: 0)) }
        if processDescriptor >= 0 { fds.append(pollfd(fd: processDescriptor, events: Int16(POLLIN), revents: 0)) }
        guard Glibc.poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
        for entry in fds where entry.revents != 0 {
            if entry.fd == input[1] {
                if entry.revents & Int16(POLLOUT) != 0 { writeInput() } else { Self.close(&input[1]) }
            } else if entry.fd == output[0] {
                Self.drain(&output[0], into: &standardOutput)
            } else if let error = errorOutput?[0], entry.fd == error {
                Self.drain(&errorOutput![0], into: &standardError)
            }
        }
    }

    /// Reads what is there (one `read`); closes `fd` at end of file or on an error.
    private static func drain(_ fd: inout Int32, into buffer: inout [UInt8]) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            buffer += chunk[..<count]
        } else if count == 0 || errno != EINTR {
            close(&fd)
        }
    }

    private static func close(_ fd: inout Int32) {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}

/// Runs `body` with `SIGPIPE` blocked on this thread; a `SIGPIPE` that `body` raised (a write
/// to a pipe whose reader is gone) is consumed before the mask is restored, so it is never
/// delivered, and the process-wide disposition stays as it was.
private func withSIGPIPEBlocked(_ body: () -> Void) {
    var pipeSet = sigset_t()
    sigemptyset(&pipeSet)
    sigaddset(&pipeSet, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeSet, &previous)
    var pending = sigset_t()
    sigpending(&pending)
    let alreadyPending = sigismember(&pending, SIGPIPE) == 1
    body()
    sigpending(&pending)
    if !alreadyPending && sigismember(&pending, SIGPIPE) == 1 {
        var zero = timespec(tv_sec: 0, tv_nsec: 0)
        _ = sigtimedwait(&pipeSet, nil, &zero)
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
}
