#if canImport(Glibc)
    import Glibc
#endif
import NetKit

// netkit-namespace-probe SCENARIO: one namespace scenario in a process of its own, so that the
// Swift-concurrency pool is idle while NetKit works (libdispatch ends a worker idle for about
// 5 s, and the next piece of work then starts a new one from whichever thread enqueues it). The
// test suite runs each scenario as a child process (Tests/NetKitIntegrationTests/Namespaces/
// IdlePoolTests.swift): a test process runs its tests concurrently, so its pool is never idle.
//
// After the scenario every thread and every new task must be in the process's initial
// namespace. Prints one line per finding and `checked: …` at the end; exits 0 only if nothing
// was out of place, 1 if something was, 2 on a usage or setup error.

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let scenario = ProbeScenario(name) else {
    print("usage: netkit-namespace-probe \(ProbeScenario.usage)")
    exit(2)
}
let initial = ThreadProbe.initialNamespace
do {
    var findings = try await scenario.run()
    findings += await ThreadProbe.checkHome(initial: initial)
    for finding in findings { print("FOUND: \(finding)") }
    print("checked: \(name): \(ThreadProbe.threadCount()) threads, \(ThreadProbe.tasksChecked) new tasks, \(findings.count) out of place")
    exit(findings.isEmpty ? 0 : 1)
} catch {
    print("ERROR: \(name): \(error)")
    exit(2)
}
