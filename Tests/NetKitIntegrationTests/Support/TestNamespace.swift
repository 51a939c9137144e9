import Foundation
@testable import NetKit
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
        // The bridge lock files of this namespace (BridgeClaim, made by attach): its bridges are gone.
        let claims = (try? FileManager.default.contentsOfDirectory(atPath: BridgeClaim.directory)) ?? []
        for file in claims where file.hasPrefix("\(namespace.inode).") {
            try? FileManager.default.removeItem(atPath: BridgeClaim.directory + "/" + file)
        }
    }

    /// `ip -n NAME -j ARGS…` parsed as JSON (an array of objects for list commands).
    func ip(_ arguments: String...) throws -> [[String: Any]] {
        try IPTool.json(["-n", name, "-j"] + arguments)
    }

    /// Waits (up to 30 s) until no address in the namespace is tentative: duplicate address
    /// detection ends asynchronously, and with it the kernel adds the address's local route, so
    /// two listings taken on either side of it differ.
    func awaitNoTentativeAddresses() throws {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(30)
        while clock.now < deadline {
            let infos = try ip("addr", "show").flatMap { $0["addr_info"] as? [[String: Any]] ?? [] }
            if !infos.contains(where: { $0["tentative"] as? Bool == true }) { return }
            usleep(50_000)
        }
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
        process.executableURL = URL(
            fileURLWithPath: FileManager.default.fileExists(atPath: tool) ? tool : "/sbin/\((tool as NSString).lastPathComponent)")
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
/// the namespace the process started in; otherwise the run fails with exit status 70. Not being
/// able to read `/proc` counts as a failure too: a check that cannot look proves nothing.
/// `Scripts/test.sh` fails a run that does not print the success line, so a hook that never ran
/// (or a process that died before it) cannot pass for a kept invariant.
enum ThreadInvariantAtExit {
    static let successPrefix = "thread-namespace invariant: all"

    static let installed: Void = {
        atexit {
            let files = FileManager.default
            func fail(_ message: String) -> Never {
                FileHandle.standardError.write(Data("thread-namespace invariant VIOLATED: \(message)\n".utf8))
                _exit(70)
            }
            guard let initial = try? files.destinationOfSymbolicLink(atPath: "/proc/self/ns/net") else {
                fail("cannot read /proc/self/ns/net (errno \(errno)), so the threads could not be checked")
            }
            guard let tasks = try? files.contentsOfDirectory(atPath: "/proc/self/task"), !tasks.isEmpty else {
                fail("cannot list /proc/self/task (errno \(errno)), so the threads could not be checked")
            }
            // NetKit's threads, by thread id (a thread started from one inherits its name, so a
            // name proves nothing). None is left out: when the suite is over, none may be away.
            let netKit = NetKitThreads.withRegistry { $0 }
            var strays: [String] = [], unreadable: [String] = []
            for tid in tasks {
                let role = Int32(tid).flatMap { netKit[$0] }.map { " (NetKit \($0.role))" } ?? ""
                if let link = try? files.destinationOfSymbolicLink(atPath: "/proc/self/task/\(tid)/ns/net") {
                    if link != initial { strays.append("\(tid)\(role) in \(link)") }
                } else if files.fileExists(atPath: "/proc/self/task/\(tid)") {
                    unreadable.append(tid)  // still there, but its namespace could not be read
                }  // else: the thread ended between the listing and the read; it is nowhere now
            }
            if !strays.isEmpty { fail("threads \(strays) left \(initial)") }
            if !unreadable.isEmpty { fail("cannot read the namespace of threads \(unreadable)") }
            let counted = tasks.filter { Int32($0).map { netKit[$0] != nil } ?? false }.count
            FileHandle.standardError.write(
                Data(
                    "\(successPrefix) \(tasks.count) threads (\(counted) of them NetKit's, by thread id) still in \(initial) after the suite\n"
                        .utf8))
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
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? Namespace.delete(named: name, whenInUse: .detach)
        }
    }()
}
