import Foundation
import Testing

/// NetKit's threads must never leave Swift-concurrency threads, tasks or their children in a
/// pod's namespace — also when the pool is idle, which a test process never is (its tests run
/// concurrently). libdispatch ends a pool thread idle for about 5 s and starts the next one from
/// whichever thread enqueues work, and a new thread inherits its creator's namespace. So each
/// scenario runs in a process of its own, `netkit-namespace-probe` (Tests/NamespaceProbe),
/// built next to the test bundle: after the scenario, 16 new tasks, a task group of 16 and
/// every thread of that process must be in its initial namespace. The scenarios run
/// concurrently (each child has its own pool), so the suite waits about as long as the longest.
@Suite("Namespace safety with an idle concurrency pool")
struct IdlePoolTests {
    /// `cannot-return`: the closure drops `CAP_SYS_ADMIN` from its thread, which then cannot go
    /// home; the task must resume home all the same, from the thread that never left.
    @Test(
        "perform, ping, cancellation, 200 concurrent performs and a thread that cannot return leave every thread and task home",
        arguments: ["perform:0.1", "perform:6", "perform:12", "throwing", "cancelled", "ping", "concurrent", "cannot-return"])
    func scenarioLeavesEverythingHome(_ scenario: String) async throws {
        let result = try await NamespaceProbe.run(scenario)
        #expect(result.status == 0, "netkit-namespace-probe \(scenario) exited \(result.status):\n\(result.output)")
        #expect(result.output.contains("checked: \(scenario): "), "\(result.output)")
    }

    @Test("a thread started inside a run closure is reported by threadsOutsideInitialNamespace()")
    func threadStartedInsideIsReported() async throws {
        let result = try await NamespaceProbe.run("stray-thread")
        #expect(result.status == 0, "netkit-namespace-probe stray-thread exited \(result.status):\n\(result.output)")
        #expect(result.output.contains("reported: [\"thread "), "\(result.output)")
    }
}

/// Runs `netkit-namespace-probe SCENARIO` (from the directory of the running test bundle) without
/// blocking a pool thread while it runs.
enum NamespaceProbe {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ scenario: String) async throws -> Result {
        try requirePrivilege()
        let bundle = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let executable = bundle.deletingLastPathComponent().appendingPathComponent("netkit-namespace-probe")
        // A thread of its own waits for the probe (seconds), so no pool thread is blocked. A
        // Process awaited with waitUntilExit is freed; one left to finish asynchronously is not
        // (Foundation, Swift 6.3), which LeakSanitizer reports.
        let outcome: (status: Int32, output: String, error: String) = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try IPTool.run([scenario], tool: executable.path) }) }.start()
        }
        return Result(status: outcome.status, output: outcome.output + outcome.error)
    }
}
