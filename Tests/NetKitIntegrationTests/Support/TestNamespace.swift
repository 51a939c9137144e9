import Foundation
import NetKit
import Synchronization
import Testing

/// A fresh named namespace for one test (named, so `ip -n NAME` can cross-check it), removed
/// when the test ends — also when it fails.
final class TestNamespace {
    let namespace: Namespace
    let net: NetlinkHandle
    let name: String

    private static let counter = Atomic<Int>(0)

    static func uniqueName(_ tag: String = "t") -> String {
        "nk\(tag)-\(getpid())-\(counter.add(1, ordering: .relaxed).newValue)"
    }

    init(_ tag: String = "t", loopbackUp: Bool = true) throws {
        try requirePrivilege()
        let name = Self.uniqueName(tag)
        let namespace = try Namespace.create(named: name)
        do {
            let net = try namespace.netlink()
            if loopbackUp { try net.setUp("lo") }
            self.net = net
        } catch {
            try? Namespace.delete(named: name, whenInUse: .detach)
            throw error
        }
        self.name = name
        self.namespace = namespace
    }

    deinit {
        try? Namespace.delete(named: name, whenInUse: .detach)
    }

    /// `ip -n NAME -j ARGS…` parsed as JSON (an array of objects for list commands).
    func ip(_ arguments: String...) throws -> [[String: Any]] {
        try IPTool.json(["-n", name, "-j"] + arguments)
    }

    /// `bridge -n NAME -j ARGS…`.
    func bridge(_ arguments: String...) throws -> [[String: Any]] {
        try IPTool.json(["-n", name, "-j"] + arguments, tool: "/usr/sbin/bridge")
    }
}

/// Privileged tests fail (never skip) without privilege: CI must prove them.
func requirePrivilege() throws {
    _ = ThreadInvariantAtExit.installed
    _ = StaleTestNamespaces.reaped
    guard geteuid() == 0 else {
        throw PrivilegeMissing()
    }
}

struct PrivilegeMissing: Error, CustomStringConvertible {
    var description: String { "privileged integration test needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN): run the suite as root" }
}

/// Runs iproute2 as an independent reader of kernel state.
enum IPTool {
    static func run(_ arguments: [String], tool: String = "/usr/sbin/ip") throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: tool) ? tool : "/sbin/\((tool as NSString).lastPathComponent)")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static func json(_ arguments: [String], tool: String = "/usr/sbin/ip") throws -> [[String: Any]] {
        let result = try run(arguments, tool: tool)
        guard result.status == 0 else {
            throw IPToolFailed(arguments: arguments, status: result.status, error: result.error)
        }
        let text = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [] }
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return value as? [[String: Any]] ?? []
    }

    /// Plain-text output, for comparing NetKit's `description` with what `ip` prints.
    static func text(_ arguments: [String], tool: String = "/usr/sbin/ip") throws -> String {
        let result = try run(arguments, tool: tool)
        guard result.status == 0 else {
            throw IPToolFailed(arguments: arguments, status: result.status, error: result.error)
        }
        return result.output
    }
}

struct IPToolFailed: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var error: String
    var description: String { "ip \(arguments.joined(separator: " ")) exited \(status): \(error)" }
}

/// After the whole suite (at process exit), every thread of the test process must still be in
/// the namespace the process started in; otherwise the run fails with exit status 70.
enum ThreadInvariantAtExit {
    static let installed: Void = {
        atexit {
            guard let initial = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net"),
                  let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return }
            let strays = tasks.filter { tid in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/task/\(tid)/ns/net")) != initial
            }
            if strays.isEmpty {
                FileHandle.standardError.write(Data("thread-namespace invariant: all \(tasks.count) threads still in \(initial) after the suite\n".utf8))
            } else {
                FileHandle.standardError.write(Data("thread-namespace invariant VIOLATED: threads \(strays) left \(initial)\n".utf8))
                _exit(70)
            }
        }
    }()
}

/// Test namespaces are named `nk<tag>-<pid>-<n>`. A test process that crashed could not delete
/// its own; the next run removes those whose pid is gone (never another live process's).
enum StaleTestNamespaces {
    static let reaped: Void = {
        for name in (try? Namespace.namedNamespaces()) ?? [] {
            let parts = name.split(separator: "-")
            guard parts.count == 3, parts[0].hasPrefix("nk"), let pid = Int32(parts[1]), Int(parts[2]) != nil,
                  pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? Namespace.delete(named: name, whenInUse: .detach)
        }
    }()
}
