import Foundation
@testable import NetKit
import Testing

/// `Namespace.open(pid:)` reaches a process through a pidfd where the kernel has one, so a
/// process that exited is reported as gone (`ESRCH`) instead of being looked up by a number the
/// kernel may already have given to another process.
@Suite("Namespaces: the namespace of a process")
struct NamespaceOfProcessTests {
    /// `sleep 600` inside `namespace`'s netns (nsenter execs it, keeping the pid). Returns once
    /// the child runs `sleep`, i.e. after it entered the namespace.
    private func sleeper(in namespace: TestNamespace) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments = ["--net=/run/netns/\(namespace.name)", "/bin/sleep", "600"]
        try process.run()
        // Readiness, not timing: wait (bounded) until exec replaced nsenter with sleep.
        for _ in 0..<2000 {
            let comm = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/comm", encoding: .utf8)) ?? ""
            if comm.hasPrefix("sleep") { break }
            usleep(1000)
        }
        return process
    }

    @Test("open(pid:) of a child in a test namespace is that namespace; once the child exited and was reaped it throws ESRCH")
    func openByPid() throws {
        let t = try TestNamespace("pid")
        let child = try sleeper(in: t)
        let pid = child.processIdentifier
        defer { if child.isRunning { kill(pid, SIGKILL); child.waitUntilExit() } }

        let opened = try Namespace.open(pid: pid)
        #expect(opened == t.namespace)
        #expect(opened.description.contains("pid \(pid)"))

        kill(pid, SIGKILL)
        child.waitUntilExit()
        do {
            let reopened = try Namespace.open(pid: pid)
            Issue.record("pid \(pid) exited, yet open(pid:) returned \(reopened)")
        } catch {
            #expect(error.errno == .ESRCH, "\(error)")
        }
    }

    @Test("open(pidFileDescriptor:) reaches the pidfd's process; once it exited, ESRCH — never another process's namespace")
    func openByPidFileDescriptor() throws {
        let t = try TestNamespace("pfd")
        let child = try sleeper(in: t)
        let pid = child.processIdentifier
        defer { if child.isRunning { kill(pid, SIGKILL); child.waitUntilExit() } }
        let pidfd = SystemCalls.openProcess(pid)
        try #require(pidfd >= 0, "pidfd_open: errno \(errno)")
        defer { close(pidfd) }

        #expect(try Namespace.open(pidFileDescriptor: pidfd) == t.namespace)
        kill(pid, SIGKILL)
        child.waitUntilExit()
        #expect(throws: NetKitError.self) { try Namespace.open(pidFileDescriptor: pidfd) }
        do {
            _ = try Namespace.open(pidFileDescriptor: pidfd)
        } catch {
            #expect(error.errno == .ESRCH, "\(error)")
        }
        // A descriptor that is not a pidfd is refused as input.
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        #expect(throws: NetKitError.self) { try Namespace.open(pidFileDescriptor: null) }
    }

    @Test("open(pid:) of the process itself is its initial namespace")
    func openOwnPid() throws {
        try requirePrivilege()
        #expect(try Namespace.open(pid: getpid()) == (try Namespace.initial()))
    }
}
