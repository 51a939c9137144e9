import Foundation

/// The programs the example starts — `bird`, `birdc`, `nsenter` — always from the main thread,
/// which stays in the process's own network namespace: a child shares the namespace of the
/// thread that creates it, so BIRD reaches its node's namespace through `nsenter --net=…`,
/// never by being spawned from a thread inside it.
enum Programs {
    /// The first of `/usr/sbin`, `/sbin`, `/usr/local/sbin`, `/usr/bin`, `/bin` that holds an
    /// executable `name` (Debian puts `bird` in `/usr/sbin`, `nsenter` in `/usr/bin`).
    static func locate(_ name: String) -> String? {
        ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin", "/bin"].map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Runs `path ARGUMENTS` to its end (Foundation's `Process`) and returns its exit status
    /// and everything it printed (standard output and error together).
    static func run(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "\(path): \(error)")
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Starts `path ARGUMENTS` in the background with its output appended to `logPath`.
    /// Foundation's `Process` gives the child an empty signal mask and default signal actions
    /// (the example itself ignores SIGINT, and an ignored signal would stay ignored across `exec`).
    static func start(_ path: String, _ arguments: [String], logPath: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        return process
    }

    /// `kill PID`, then waits (up to 10 s) for the process to exit; if it has not exited by
    /// then, `kill -9 PID`. Returns how it ended, e.g. `exit status 0`.
    static func stop(_ process: Process) -> String {
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        var prefix = ""
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            prefix = "did not exit within 10 s of SIGTERM: "
        }
        let reason = process.terminationReason == .exit ? "exit status" : "killed by signal"
        return "\(prefix)\(reason) \(process.terminationStatus)"
    }

    /// True while a process `pid` exists (`kill -0 PID`).
    static func isRunning(_ pid: pid_t) -> Bool { kill(pid, 0) == 0 || errno != ESRCH }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
