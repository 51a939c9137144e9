import NetKit
import NetKitCNI

/// What an `ADD` has changed so far, undone in reverse order if a later step fails, so that a
/// failed `ADD` leaves nothing half-configured — and, when a step cannot be undone, says so.
///
/// NetKit keeps the same idea for its composite operations (`RollbackLog`, internal to NetKit);
/// this one lives in the plugins because its report ends up in a CNI error's `details`.
struct Undo {
    private var steps: [(what: String, undo: () throws -> Void)] = []

    /// Records how to undo a change; `what` names it in the report ("delete eth0 in the container").
    mutating func push(_ what: String, _ step: @escaping () throws -> Void) {
        steps.append((what, step))
    }

    /// Runs every step, newest first, each one even when an earlier one failed, and returns
    /// what could not be undone ("what: error"), empty when everything was.
    mutating func run() -> [String] {
        var failures: [String] = []
        while let step = steps.popLast() {
            do { try step.undo() } catch { failures.append("\(step.what): \(error)") }
        }
        return failures
    }

    /// Forgets the steps: the `ADD` succeeded.
    mutating func commit() {
        steps.removeAll()
    }

    /// Runs `body`; NetKit's "not found" counts as done, since what an undo step removes may
    /// already be gone (the container's namespace died, the kernel removed a peer).
    static func unlessGone(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as NetKitError where error.isNotFound {
            // Already gone.
        }
    }
}

extension CNIError {
    /// This error with what a failed `ADD` could not undo added to its `details`, so that the
    /// runtime's log names what was left behind.
    func noting(couldNotUndo leftovers: [String]) -> CNIError {
        guard !leftovers.isEmpty else { return self }
        var error = self
        let note = "could not undo: " + leftovers.joined(separator: "; ")
        error.details = details.map { "\($0); \(note)" } ?? note
        return error
    }
}
