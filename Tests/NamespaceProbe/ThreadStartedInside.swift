#if canImport(Glibc)
    import Glibc
#endif
import NetKit

/// A `run` closure that starts a thread of its own: the thread lives in the pod's namespace (a
/// new thread inherits its creator's) and carries the closure thread's name. NetKit's
/// diagnostic must name it, and forget it once it has ended.
enum ThreadStartedInside {
    /// Shared with the thread: a pipe it waits on, and its thread id once running.
    private final class Parked {
        var pipe: [Int32] = [-1, -1]
        var threadID: Int32 = 0
        let started = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        init() { sem_init(started, 0, 0) }
        deinit { sem_destroy(started); started.deallocate() }
    }

    static func check(_ pod: Namespace) throws -> [String] {
        let parked = Parked()
        guard pipe(&parked.pipe) == 0 else { return ["pipe: errno \(errno)"] }
        defer { close(parked.pipe[0]); close(parked.pipe[1]) }
        let context = Unmanaged.passRetained(parked).toOpaque()
        var thread = pthread_t()
        let status = try pod.run {
            pthread_create(
                &thread, nil,
                { raw in
                    let parked = Unmanaged<Parked>.fromOpaque(raw!).takeRetainedValue()
                    parked.threadID = Int32(ThreadProbe.currentThreadID())
                    sem_post(parked.started)
                    var byte: UInt8 = 0
                    _ = read(parked.pipe[0], &byte, 1)
                    return nil
                }, context)
        }
        guard status == 0 else { return ["pthread_create: \(status)"] }
        while sem_wait(parked.started) != 0 {}
        var findings: [String] = []
        let reported = try Namespace.threadsOutsideInitialNamespace().map { "\($0)" }
        let expected = "thread \(parked.threadID) "
        if !reported.contains(where: { $0.hasPrefix(expected) && $0.hasSuffix("net:[\(pod.inode)]") }) {
            findings.append("the diagnostic did not name thread \(parked.threadID) in net:[\(pod.inode)]; it reported \(reported)")
        } else {
            print("reported: \(reported)")
        }
        var byte: UInt8 = 1
        _ = write(parked.pipe[1], &byte, 1)
        pthread_join(thread, nil)
        // pthread_join returns when the thread is done; the kernel may list it a moment longer.
        while ThreadProbe.inode("/proc/self/task/\(parked.threadID)/ns/net") != nil { usleep(1000) }
        let after = try Namespace.threadsOutsideInitialNamespace().map { "\($0)" }
        if !after.isEmpty { findings.append("after the thread ended the diagnostic still reported \(after)") }
        return findings
    }
}

extension ThreadProbe {
    /// The kernel's id of the calling thread (`/proc/thread-self` is `PID/task/TID`).
    static func currentThreadID() -> Int {
        var bytes = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/thread-self", &bytes, bytes.count - 1)
        guard count > 0 else { return 0 }
        let text = String(decoding: bytes[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "/").last.flatMap { Int($0) } ?? 0
    }
}
