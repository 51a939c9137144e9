import Foundation

/// Starts a program with `posix_spawn` from the calling thread and returns its exit status and
/// output. A child created by clone (which `posix_spawn` uses) shares the network namespace of
/// the *thread* that created it — so called inside `namespace.run { }`, the child runs in that
/// namespace, exactly as under `ip netns exec`.
enum ChildProcess {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// The first executable among `candidates` (iproute2 lives in /usr/sbin or /sbin).
    static func locate(_ candidates: String...) -> String? {
        candidates.first { access($0, X_OK) == 0 }
    }

    static func run(_ path: String, _ arguments: [String]) -> Outcome {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            return Outcome(status: -1, output: "pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])

        // The example blocks SIGINT/SIGTERM in its own threads (see ThrowawayNamespaces); the
        // child gets an empty mask so Ctrl-C stops it as usual.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        defer { close(pipeEnds[0]) }
        guard spawned == 0 else {
            return Outcome(status: -1, output: "posix_spawn \(path): \(String(cString: strerror(spawned)))")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output += buffer[..<count]
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros: exited normally when the low 7 bits are zero.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(status: exitStatus, output: String(decoding: output, as: UTF8.self))
    }
}

/// `readlink PATH` for the nsfs links under /proc, e.g. `net:[4026531840]`.
func namespaceLink(_ path: String) -> String {
    var buffer = [CChar](repeating: 0, count: 128)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return "(\(path): \(String(cString: strerror(errno))))" }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
