// netkit-soak: issue 8's leak test. Runs a mix of at least 100,000 NetKit operations (links,
// routes, addresses, up/down, dumps, handles, named and anonymous namespaces) inside network
// namespaces it creates, samples open descriptors and RSS after a warm-up and then at even
// intervals, and fails unless:
//   - the descriptor count at every sample equals the count after the warm-up, exactly, and
//     the count once everything is released equals the count before the soak;
//   - RSS grew by at most --rss-growth-kib (1024 KiB by default) from the first sample to the last;
//   - no /run/netns/nksoak-<pid>-* entry or mount is left, and every anonymous pod namespace
//     is gone within 10 s of the run's end (nothing holds one);
//   - every thread of the process is in the namespace it started in.
//
//   netkit-soak [--operations N] [--samples K] [--warm-up ROUNDS] [--rss-growth-kib KIB]
//
// Exit status: 0 all checks pass, 1 a check or an operation failed, 2 bad usage,
// 128+N after signal N (SIGINT, SIGTERM) once everything it made is removed.
import NetKit
#if canImport(Glibc)
    import Glibc
#endif

let arguments: SoakArguments
do {
    arguments = try SoakArguments(Array(CommandLine.arguments.dropFirst()))
} catch {
    print("netkit-soak: \(error)")
    exit(2)
}
Interruption.install()

let sandbox: SoakSandbox
do {
    sandbox = try SoakSandbox()
} catch {
    print("netkit-soak: \(error)")
    exit(1)
}

var failures: [String] = []
let report = SoakReport(arguments: arguments)
/// Waits (at most 5 s) until the process is down to its main thread: NetKit's idle namespace
/// worker ends one second after its last job. Descriptors are compared only in that quiet
/// state, so the comparison stays exact.
func waitForNetKitThreadsToEnd() {
    for _ in 0..<100 where ProcessSample.entries(of: "/proc/self/task") > 1 { usleep(50_000) }
}

waitForNetKitThreadsToEnd()
// NetKit keeps one descriptor of the initial namespace for the life of the process, opened on
// first use: open it before counting.
_ = try? Namespace.initial()
let fdsAtStart = ProcessSample.entries(of: "/proc/self/fd") - 1
do {
    let workload = try SoakWorkload(sandbox: sandbox)
    try report.run(workload)
    failures += report.checks()
} catch {
    failures.append("\(error)")
}
// The safety net for a failure or a signal; after a clean run nothing is registered any more.
failures += sandbox.removeAll().map { "could not remove \($0)" }
let leftovers = sandbox.leftovers()
if !leftovers.isEmpty { failures.append("left behind: \(leftovers.joined(separator: ", "))") }
do {
    let outside = try Namespace.threadsOutsideInitialNamespace()
    if !outside.isEmpty { failures.append("after the soak, threads \(outside) are outside the initial network namespace") }
} catch {
    failures.append("cannot check the threads' namespaces: \(error)")
}
waitForNetKitThreadsToEnd()
let fdsAtEnd = ProcessSample.entries(of: "/proc/self/fd") - 1
if fdsAtEnd != fdsAtStart {
    failures.append("\(fdsAtStart) descriptors were open before the soak and \(fdsAtEnd) after it released everything")
}
report.printSummary(fdsAtStart: fdsAtStart, fdsAtEnd: fdsAtEnd)

let signal = Interruption.signal.load(ordering: .relaxed)
if signal != 0 {
    print("netkit-soak: interrupted by signal \(signal); everything it made is removed" + (leftovers.isEmpty ? "" : " except \(leftovers)"))
    exit(128 + signal)
}
if !failures.isEmpty {
    for failure in failures { print("FAIL: \(failure)") }
    exit(1)
}
print("PASS: \(report.operations) operations, descriptors and RSS flat, nothing left behind, every thread in the initial namespace")
