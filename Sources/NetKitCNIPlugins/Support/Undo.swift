/// What an `ADD` has changed so far, undone in reverse order if a later step fails, so that a
/// failed `ADD` leaves nothing half-configured.
struct Undo {
    private var steps: [() -> Void] = []

    mutating func push(_ step: @escaping () -> Void) {
        steps.append(step)
    }

    /// Runs every step, newest first; steps do not throw (each is best-effort cleanup).
    mutating func run() {
        while let step = steps.popLast() { step() }
    }

    /// Forgets the steps: the `ADD` succeeded.
    mutating func commit() {
        steps.removeAll()
    }
}
