import Synchronization

/// A view into snapshot mode's "list, then follow", for tests: without it, nothing shows that a
/// test's changes really landed in the window between joining the groups and reading the dump's
/// end, so a passing no-gap test could just mean the window was always empty.
///
/// The reader thread calls ``beforeDump`` after discarding what was queued and before dumping,
/// and ``afterDump`` after the dump and before reading the window; a change made in the first
/// is queued *and* shown by the dump (the window must drop it), one made in the second is queued
/// and not shown (the window must deliver it). The counts say how many notifications queued up
/// during dumps and how many of those the dump already showed.
final class SnapshotProbe: Sendable {
    struct Counts: Equatable, Sendable {
        /// Snapshots delivered (the first, and one per resynchronisation).
        var snapshots = 0
        /// Notifications read from the window, over all snapshots.
        var windowEvents = 0
        /// Window notifications dropped because the dump already showed their effect.
        var reflected = 0
    }

    let beforeDump: (@Sendable () -> Void)?
    let afterDump: (@Sendable () -> Void)?
    private let state = Mutex(Counts())

    init(beforeDump: (@Sendable () -> Void)? = nil, afterDump: (@Sendable () -> Void)? = nil) {
        self.beforeDump = beforeDump
        self.afterDump = afterDump
    }

    var counts: Counts { state.withLock { $0 } }

    /// Reader: a snapshot was delivered with a window of `window` notifications, of which
    /// `delivered` were not yet shown by the dump.
    func recordSnapshot(window: Int, delivered: Int) {
        state.withLock { counts in
            counts.snapshots += 1
            counts.windowEvents += window
            counts.reflected += window - delivered
        }
    }
}
