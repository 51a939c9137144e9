import Foundation
@testable import NetKit
import Testing

/// `SystemCalls` is the Swift side of the CNetlink shims: checked against what the kernel
/// reports through /proc and libc, without privilege.
@Suite("System calls behind the namespace code")
struct SystemCallsTests {
    /// `CapEff:` (and the others) from /proc/thread-self/status, as 64-bit masks.
    static func statusMask(_ field: String) throws -> UInt64 {
        let status = try String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(field + ":") })
        let hex = try #require(line.split(separator: "\t").last)
        return try #require(UInt64(hex, radix: 16))
    }

    @Test("capget's two 32-bit words per set are joined into the masks /proc/thread-self/status shows")
    func capabilitiesMatchProc() throws {
        // Read on one thread: capabilities are per thread, and a test may move between threads.
        let (sets, effective, permitted, inheritable) = try Self.onOneThread {
            (SystemCalls.threadCapabilities(), try Self.statusMask("CapEff"), try Self.statusMask("CapPrm"), try Self.statusMask("CapInh"))
        }
        let read = try #require(sets)
        #expect(read.effective == effective)
        #expect(read.permitted == permitted)
        #expect(read.inheritable == inheritable)
    }

    @Test("the thread's user and group ids are those libc reports")
    func idsMatchLibc() throws {
        #expect(SystemCalls.threadUserIDs()?[0] == getuid())
        #expect(SystemCalls.threadUserIDs()?[1] == geteuid())
        #expect(SystemCalls.threadGroupIDs()?[0] == getgid())
        #expect(SystemCalls.threadGroupIDs()?[1] == getegid())
    }

    @Test("NS_GET_NSTYPE tells a network namespace from a UTS one and from a plain file")
    func namespaceTypes() throws {
        func type(of path: String) throws -> Int32 {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            try #require(fd >= 0, "open \(path)")
            defer { close(fd) }
            return SystemCalls.namespaceType(fd)
        }
        #expect(SystemCalls.networkNamespaceType == 0x4000_0000)  // CLONE_NEWNET
        #expect(try type(of: "/proc/self/ns/net") == SystemCalls.networkNamespaceType)
        #expect(try type(of: "/proc/self/ns/uts") == 0x0400_0000)  // CLONE_NEWUTS
        #expect(try type(of: "/proc/self/stat") == -1)
    }

    @Test("setThreadName names the calling thread only, as /proc/thread-self/comm shows")
    func threadName() throws {
        let (status, comm) = try Self.onOneThread {
            (
                SystemCalls.setThreadName("nk-syscall-test"),
                try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
            )
        }
        #expect(status == 0)
        #expect(comm == "nk-syscall-test\n")
    }

    /// Runs `body` on a new thread of its own (which ends afterwards) and waits for it.
    static func onOneThread<T>(_ body: @escaping () throws -> T) throws -> T {
        let box = ThreadResult(body)
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.result = Result { try box.body() }
            done.signal()
        }.start()
        done.wait()
        return try box.result!.get()
    }
}

/// A closure and its result, handed to one thread; the result is written before that thread
/// signals, and read only after.
private final class ThreadResult<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
    let body: () throws -> T
    init(_ body: @escaping () throws -> T) { self.body = body }
}
