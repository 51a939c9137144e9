import Foundation

/// Prints an example the way the source document shows it: each step as the shell command it
/// replaces, then NetKit's output in iproute2's format; and checks every claim, exiting
/// non-zero (after cleanup) as soon as one does not hold.
public enum Transcript {
    nonisolated(unsafe) private static var failures = 0

    /// `$ ip netns add ren` — the command this step replaces.
    public static func command(_ text: String) {
        if let pause = stepPause { usleep(pause) }
        print("\n$ \(text)")
    }

    /// `NETKIT_EXAMPLE_STEP_DELAY=SECONDS` pauses before each command, so a run can be watched
    /// step by step (or interrupted in the middle: `Scripts/run-examples.sh` does).
    private static let stepPause: UInt32? = ProcessInfo.processInfo.environment["NETKIT_EXAMPLE_STEP_DELAY"]
        .flatMap(Double.init).map { UInt32(max(0, min($0, 60)) * 1_000_000) }

    /// Output lines, as the command would have printed them.
    public static func output(_ text: String) {
        guard !text.isEmpty else { return }
        print(text)
    }

    /// Commentary (the document's explanations), marked so it is not mistaken for output.
    public static func note(_ text: String) {
        print("# \(text)")
    }

    public static func section(_ title: String) {
        print("\n=== \(title)")
    }

    /// A claim the example verifies; a false one fails the run.
    public static func check(_ condition: Bool, _ claim: String) {
        if condition {
            print("  ✓ \(claim)")
        } else {
            print("  ✗ \(claim)")
            failures += 1
        }
    }

    /// Runs `body`, expecting it to fail exactly as `expected` says; prints the error as the
    /// document's failing command would have printed it, and returns it. Succeeding, or failing
    /// for another reason, fails the claim.
    @discardableResult
    public static func expectFailure<T>(_ claim: String, _ expected: ExpectedFailure, _ body: () throws -> T) -> Error? {
        do {
            _ = try body()
            output("(no error)")
            check(false, "\(claim) — expected: \(expected)")
            return nil
        } catch {
            output("Error: \(error)")
            check(expected.matches(error), "\(claim) — \(expected)")
            return error
        }
    }

    /// With `NETKIT_EXAMPLE_HOLD=1` in the environment, waits before cleaning up, so you can look
    /// at what the example built (`ip netns list`, `ip -n NAME route`) from another terminal;
    /// press Ctrl-C to clean up. `Scripts/run-examples.sh` uses it to interrupt a complete run.
    public static func holdIfRequested() {
        guard ProcessInfo.processInfo.environment["NETKIT_EXAMPLE_HOLD"] == "1" else { return }
        print("\nholding before cleanup (NETKIT_EXAMPLE_HOLD=1): press Ctrl-C to clean up")
        fflush(nil)
        Cleanup.waitForSignalHandler()
    }

    /// Ends the example: cleans up, checks that everything is gone, prints a verdict, and exits
    /// 0 only when every claim held and nothing was left behind.
    public static func finish() -> Never {
        if Cleanup.isInterrupted { Cleanup.waitForSignalHandler() }
        holdIfRequested()
        let problems = Cleanup.runAll()
        Cleanup.finishing()
        for problem in problems { print("  ✗ cleanup: \(problem)") }
        if failures == 0 && problems.isEmpty {
            print("\nAll checks passed; everything the example created has been removed.")
            exit(0)
        }
        let gone = problems.isEmpty ? "everything the example created has been removed" : "cleanup left \(problems.count) problem(s)"
        print("\n\(failures) check(s) failed; \(gone).")
        exit(1)
    }

    /// Runs the example's body; any thrown error fails the run after cleanup.
    public static func run(_ body: () throws -> Void) -> Never {
        Cleanup.installSignalHandlers()
        do {
            try body()
        } catch {
            // After a Ctrl-C the handler deletes the namespaces under the body's feet: its
            // errors are expected then, and the handler ends the process.
            if Cleanup.isInterrupted { Cleanup.waitForSignalHandler() }
            print("\nerror: \(error)")
            failures += 1
        }
        finish()
    }
}
