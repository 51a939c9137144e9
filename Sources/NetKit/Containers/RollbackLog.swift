/// What a composite operation has changed so far, undone newest first when a later step fails,
/// so that a failed operation leaves the system as it found it.
struct RollbackLog {
    private var steps: [(what: String, undo: () throws -> Void)] = []

    mutating func record(_ what: String, _ undo: @escaping () throws -> Void) {
        steps.append((what, undo))
    }

    /// Runs every undo step, newest first, and returns what could not be undone (each step is
    /// tried even when an earlier one failed).
    mutating func rollBack() -> [String] {
        var failures: [String] = []
        while let step = steps.popLast() {
            do { try step.undo() } catch { failures.append("\(step.what): \(error)") }
        }
        return failures
    }
}
