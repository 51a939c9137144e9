import Foundation
@testable import NetKit
import NetKitTestSupport
import Testing

/// The library's core promise: no thread of the process ever ends up in another namespace.
/// This suite runs many namespace operations concurrently on the Swift-concurrency pool, then
/// compares every thread's `/proc/self/task/*/ns/net` with the process's initial namespace,
/// leaving out only NetKit's threads that are inside a job (known by thread id, never by name).
/// It is checked once more after the whole concurrent suite, when the test process exits, by
/// the `atexit` hook ``ThreadInvariantAtExit`` (Support/TestNamespace.swift), which fails the
/// run with status 70; `Scripts/test.sh` also fails unless each run printed its success line.
@Suite("Thread–namespace invariant")
struct ThreadInvariantTests {
    @Test("64 concurrent tasks in their own namespaces leave every thread where it started")
    func concurrentWorkLeavesThreadsHome() async throws {
        try requirePrivilege()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let ns = try Namespace.anonymous()
                    let net = try ns.netlink()
                    try await net.setUp("lo")
                    let end = try InterfaceName(parsing: "a\(i)")
                    try await net.add(VethPair(name: end, peerName: InterfaceName(parsing: "b\(i)")))
                    try await net.setUp(end)
                    _ = try await ns.perform { try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8) }
                    _ = try ns.run { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
                    await #expect(try net.links().map(\.name).withoutKernelFallbackDevices.count == 3)
                }
            }
            try await group.waitForAll()
        }
        // Other tests may have NetKit threads inside a job right now; NetKit knows them by
        // thread id. Every other thread — whatever its name — must be home.
        let strays = try Namespace.threadsOutsideInitialNamespace()
        #expect(strays.isEmpty, "threads outside the initial namespace: \(strays)")
        // The same, read independently of the diagnostic: each thread's own link, with only
        // the registry's threads that are marked away (inside a job) left out.
        let initial = "net:[\(try Namespace.initial().inode)]"
        let elsewhere = NetKitThreads.withRegistry { registry in
            ProcessScan.numericEntries(of: "/proc/self/task").compactMap { tid -> String? in
                guard registry[tid]?.isAway != true,
                    let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/task/\(tid)/ns/net"),
                    link != initial
                else { return nil }
                return "thread \(tid) (\(ProcessScan.threadName(tid) ?? "gone")) in \(link)"
            }
        }
        #expect(elsewhere.isEmpty, "\(elsewhere)")
    }
}
