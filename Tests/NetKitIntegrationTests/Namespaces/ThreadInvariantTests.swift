import Foundation
import NetKit
import NetKitTestSupport
import Testing

/// The library's core promise: no thread of the process ever ends up in another namespace.
/// This suite runs many namespace operations concurrently on the Swift-concurrency pool, then
/// compares every thread's `/proc/self/task/*/ns/net` with the process's initial namespace.
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
                    try net.setUp("lo")
                    try net.add(VethPair(name: "a\(i)", peerName: "b\(i)"))
                    try net.setUp("a\(i)")
                    _ = try await ns.perform { try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8) }
                    _ = try ns.run { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
                    #expect(try net.links().map(\.name).withoutKernelFallbackDevices.count == 3)
                }
            }
            try await group.waitForAll()
        }
        // Other tests may be running NetKit's own namespace threads (named netkit-ns) right
        // now; every other thread must be home.
        let strays = try Namespace.threadsOutsideInitialNamespace()
        let names = strays.map { tid in
            ((try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)) ?? "gone").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(strays.isEmpty, "threads outside the initial namespace: \(zip(strays, names).map { "\($0) (\($1))" })")
        let initial = try Namespace.initial().inode
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
        for tid in tasks {
            guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/task/\(tid)/ns/net"),
                  let name = try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8) else { continue }
            if name.trimmingCharacters(in: .whitespacesAndNewlines) == "netkit-ns" { continue }
            #expect(link == "net:[\(initial)]", "thread \(tid) (\(name)) is in \(link)")
        }
    }
}
