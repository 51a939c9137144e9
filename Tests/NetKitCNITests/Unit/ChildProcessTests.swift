import Foundation
import NetKit
import NetKitCNI
import Testing

/// `ChildProcess` with children that write more than a pipe holds, on stdout, stderr and from
/// stdin: nothing deadlocks. Each child bounds itself with `timeout 20`, so that a deadlock
/// shows as truncated output instead of a hung test.
@Suite("ChildProcess")
struct ChildProcessTests {
    static let megabyte = 1 << 20

    @Test("a child that fills stderr before writing stdout does not deadlock; both are read whole")
    func largeStandardErrorIsReadConcurrently() throws {
        let script = "head -c \(Self.megabyte) /dev/zero >&2; head -c \(Self.megabyte) /dev/zero"
        let child = try ChildProcess(
            executable: "/usr/bin/timeout", arguments: ["20", "/bin/sh", "-c", script], captureStandardError: true)
        let (termination, output) = child.wait()
        #expect(termination == .exited(0), "timeout(1) ended it with 124 if the pipes deadlocked")
        #expect(output.count == Self.megabyte)
        #expect(child.standardError.count == Self.megabyte)
    }

    @Test("a child that echoes a megabyte of stdin gets all of it and returns all of it")
    func largeStandardInputWhileReadingOutput() throws {
        let input = (0..<Self.megabyte).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let child = try ChildProcess(executable: "/usr/bin/timeout", arguments: ["20", "/bin/cat"], stdin: input)
        let (termination, output) = child.wait()
        #expect(termination == .exited(0))
        #expect(output.count == input.count)
        #expect(output == input)
    }

    @Test("a child starts with SIGPIPE at its default action even when this process ignores it")
    func childSIGPIPEIsDefault() throws {
        signal(SIGPIPE, SIG_IGN)  // as tests, and some runtimes, do
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "grep SigIgn /proc/self/status"])
        let (termination, output) = child.wait()
        #expect(termination == .exited(0))
        let text = String(decoding: output, as: UTF8.self)
        let mask = UInt64(text.split(separator: "\t").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", radix: 16)
        let pipeBit = UInt64(1) << (UInt64(SIGPIPE) - 1)
        #expect(mask.map { $0 & pipeBit == 0 } == true, "SigIgn of the child: \(text)")
    }

    @Test("a child still running at its timeout is killed and reaped; wait says so")
    func timedOutChildIsKilledAndReaped() throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"], timeout: .milliseconds(200))
        let (termination, _) = child.wait()
        #expect(termination == .timedOut(.milliseconds(200)))
        #expect(kill(child.pid, 0) == -1 && errno == ESRCH, "no zombie left: the child was reaped")
    }

    @Test("readOutput returns once the output is complete while the child runs on; wait then reaps it")
    func readOutputBeforeExit() throws {
        let child = try ChildProcess(executable: "/bin/sh", arguments: ["-c", "echo '{}'; exec sleep 30"])
        let output = child.readOutput { $0.contains(UInt8(ascii: "}")) }
        #expect(output == Array("{}\n".utf8))
        #expect(kill(child.pid, 0) == 0, "the child still runs (sleep 30)")
        kill(child.pid, SIGTERM)
        #expect(child.wait().termination == .signalled(SIGTERM))
    }

    @Test("a child is not started from a thread inside another network namespace (it would run there)")
    func refusesForeignNamespaceThread() throws {
        try requireRoot()
        let namespace = try Namespace.anonymous()
        let outcome = try namespace.run { Result { () throws(CNIError) in try ChildProcess(executable: "/bin/true") } }
        #expect(throws: CNIError.self) { try outcome.get() }
        #expect(try ChildProcess(executable: "/bin/true").wait().termination == .exited(0), "from this thread it starts")
    }

    @Test("a delegated plugin that hangs is error 11 naming the plugin")
    func hungDelegatedPluginNamesIt() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/stuck-ipam"
        try "#!/bin/sh\nexec sleep 30\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        let environment = try CNIEnvironment([
            "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "c1", "CNI_NETNS": "/run/netns/x",
            "CNI_IFNAME": "eth0", "CNI_PATH": scratch.path,
        ])
        let call = try DelegatedCall(
            type: "stuck-ipam", command: .add, environment: environment, configuration: Array("{}".utf8),
            timeout: .milliseconds(300))
        #expect {
            _ = try call.result()
        } throws: { error in
            guard let error = error as? CNIError else { return false }
            return error.code == .tryAgainLater && error.msg.contains("stuck-ipam")
        }
    }
}

/// netkit-bridge's child processes as the kernel sees them (strace), and under a runtime that
/// started it with SIGCHLD ignored.
@Suite("Plugin child processes")
struct PluginChildProcessTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    /// A fake IPAM plugin in the scratch directory: `body` is its shell script.
    private func fakeIPAM(_ body: String) throws {
        let path = scratch.path + "/fake-ipam"
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// netkit-bridge DEL without a namespace (nothing to remove but the IPAM allocation), so no
    /// privilege is needed; `wrapper` runs first (strace, a signal-setting exec).
    private func deleteWithFakeIPAM(wrapper: [String]) throws -> PluginRun {
        try PluginBinaries.requireBuilt()
        let config = try JSONSerialization.data(withJSONObject: [
            "cniVersion": "1.0.0", "name": "net", "type": "netkit-bridge", "ipam": ["type": "fake-ipam"],
        ])
        var environment = cniVariables("DEL", containerID: "c1", netns: nil, ifname: "eth0", path: scratch.path, args: nil)
        environment["PATH"] = "/usr/bin:/bin"
        return try PluginRun.execute(wrapper + [PluginBinaries.bridge], environment: environment, stdin: config)
    }

    @Test("a failing IPAM plugin is a failed DEL even when netkit-bridge was started with SIGCHLD ignored")
    func ignoredSIGCHLDDoesNotTurnFailureIntoSuccess() throws {
        try fakeIPAM("cat > /dev/null; exit 3")
        let ignoring = [
            "/usr/bin/python3", "-c",
            "import os, signal, sys; signal.signal(signal.SIGCHLD, signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])",
        ]
        let run = try deleteWithFakeIPAM(wrapper: ignoring)
        #expect(run.status != 0, "DEL must fail: \(run.text) \(run.stderr)")
        let error = try run.json
        #expect((error["msg"] as? String)?.contains("fake-ipam") == true, "\(error)")
    }

    @Test("pipes to children are made close-on-exec atomically (pipe2 with O_CLOEXEC, never pipe then fcntl)")
    func pipesAreCloseOnExecFromTheStart() throws {
        try fakeIPAM("cat > /dev/null; exit 0")
        let trace = scratch.path + "/trace"
        let run = try deleteWithFakeIPAM(wrapper: [
            "/usr/bin/strace", "-f", "-qq", "-o", trace, "-e", "signal=none", "-e", "trace=pipe,pipe2",
        ])
        try run.expectSuccess()
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty, "the plugin made pipes for its IPAM child")
        #expect(lines.allSatisfy { $0.contains("pipe2(") && $0.contains("O_CLOEXEC") }, "\(lines)")
    }

    @Test("an executable still open for writing elsewhere (ETXTBSY) starts once the writer closes it")
    func busyExecutableIsTriedAgain() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/just-written"
        let writer = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o755)
        try #require(writer >= 0)
        let script = Array("#!/bin/sh\nexit 0\n".utf8)
        #expect(write(writer, script, script.count) == script.count)
        // What another thread's fork-to-exec window does to a file a test has just written.
        let closer = Thread {
            usleep(50_000); close(writer)
        }
        closer.start()
        let child = try ChildProcess(executable: path)
        #expect(child.wait().termination == .exited(0))
    }
}
