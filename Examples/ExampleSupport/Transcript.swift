import Foundation

/// Prints an example the way the source document shows it: each step as the shell command it
/// replaces, then NetKit's output in iproute2's format; and checks every claim, exiting
/// non-zero (after cleanup) as soon as one does not hold.
public enum Transcript {
    nonisolated(unsafe) private static var failures = 0

    /// `$ ip netns add ren` — the command this step replaces.
    public static func command(_ text: String) {
        print("\n$ \(text)")
    }

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

    /// Runs `body`, expecting it to throw; prints the error as the document's failing command
    /// would have printed it, and returns it.
    @discardableResult
    public static func expectFailure<T>(_ claim: String, _ body: () throws -> T) -> Error? {
        do {
            _ = try body()
            check(false, claim)
            return nil
        } catch {
            output("Error: \(error)")
            check(true, claim)
            return error
        }
    }

    /// Ends the example: cleans up, prints a verdict, exits 0 only when every claim held.
    public static func finish() -> Never {
        Cleanup.runAll()
        if failures == 0 {
            print("\nAll checks passed; everything the example created has been removed.")
            exit(0)
        }
        print("\n\(failures) check(s) failed; everything the example created has been removed.")
        exit(1)
    }

    /// Runs the example's body; any thrown error fails the run after cleanup.
    public static func run(_ body: () throws -> Void) -> Never {
        Cleanup.installSignalHandlers()
        do {
            try body()
        } catch {
            print("\nerror: \(error)")
            failures += 1
        }
        finish()
    }
}
