import NetKit
import NetKitCNI

// A failed `ADD` is undone with NetKit's `RollbackLog`; what it could not undo ends up in the
// CNI error's `details`.
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
