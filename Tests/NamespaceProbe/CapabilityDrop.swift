#if canImport(Glibc)
    import Glibc
#endif
import NetKit

/// A `perform` closure that drops `CAP_SYS_ADMIN` from its own thread, so that NetKit's thread
/// cannot `setns` back to the initial namespace afterwards: the task must still resume there
/// (from a thread that never left), and the stranded thread must end.
enum CapabilityDrop {
    /// glibc's `capset` (no Swift declaration): the header and two data words of version 3.
    private typealias Capset = @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
    private typealias Capget = Capset
    private static let version3: UInt32 = 0x2008_0522
    private static let sysAdmin: UInt32 = 21

    /// Clears `CAP_SYS_ADMIN` from the calling thread's effective set; the error text or nil.
    static func dropSysAdmin() -> String? {
        guard let get = dlsym(nil, "capget").map({ unsafeBitCast($0, to: Capget.self) }),
            let set = dlsym(nil, "capset").map({ unsafeBitCast($0, to: Capset.self) })
        else {
            return "capget/capset not found"
        }
        var header: (UInt32, Int32) = (version3, 0)
        var data = [UInt32](repeating: 0, count: 6)  // (effective, permitted, inheritable) × 2
        let got = withUnsafeMutableBytes(of: &header) { h in data.withUnsafeMutableBytes { get(h.baseAddress!, $0.baseAddress!) } }
        guard got == 0 else { return "capget: errno \(errno)" }
        data[0] &= ~(1 << sysAdmin)
        let status = withUnsafeMutableBytes(of: &header) { h in data.withUnsafeMutableBytes { set(h.baseAddress!, $0.baseAddress!) } }
        guard status == 0 else { return "capset: errno \(errno)" }
        return setnsHomeFails() ? nil : "setns to the initial namespace still works without CAP_SYS_ADMIN"
    }

    /// Whether `setns` to the initial namespace fails now (as NetKit's attempt will).
    private static func setnsHomeFails() -> Bool {
        typealias Setns = @convention(c) (Int32, Int32) -> Int32
        guard let setns = dlsym(nil, "setns").map({ unsafeBitCast($0, to: Setns.self) }) else { return false }
        let fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        return fd >= 0 && setns(fd, 0x4000_0000) != 0 && errno == EPERM
    }

    static func check(_ pod: Namespace) async throws -> [String] {
        let (outcome, resumed) = try await Task.detached { () -> ((failure: String?, tid: Int), UInt64) in
            let outcome = try await pod.perform { () -> (failure: String?, tid: Int) in
                let failure = dropSysAdmin()
                sleep(6)
                return (failure, ThreadProbe.currentThreadID())
            }
            return (outcome, ThreadProbe.currentNamespace())
        }.value
        if let failure = outcome.failure { return ["could not drop CAP_SYS_ADMIN: \(failure)"] }
        // The stranded thread ends at once; wait for the kernel to drop it from the list.
        while ThreadProbe.inode("/proc/self/task/\(outcome.tid)/ns/net") != nil { usleep(1000) }
        return ProbeScenario.expect(resumed: resumed)
    }
}
