import Synchronization

/// One blocking call waiting for a ``NetlinkExecutor`` thread, with the two ways its task can
/// be resumed: run the call, or refuse it because the task was cancelled before it started.
/// Exactly one of the two happens, on the I/O thread that takes the job.
final class NetlinkIOJob: @unchecked Sendable {
    private static let pending: UInt8 = 0
    private static let running: UInt8 = 1
    private static let cancelled: UInt8 = 2

    private let phase = Atomic<UInt8>(NetlinkIOJob.pending)
    /// Set once, before the job is queued (the queue's lock orders it before the I/O thread).
    private var run: (() -> Void)?
    private var refuse: (() -> Void)?

    func set(run: @escaping () -> Void, refuse: @escaping () -> Void) {
        self.run = run
        self.refuse = refuse
    }

    /// Marks the job cancelled unless it already started; called from the cancelling thread,
    /// which resumes nothing.
    func cancel() {
        _ = phase.compareExchange(expected: Self.pending, desired: Self.cancelled, ordering: .relaxed)
    }

    /// Runs the call, or refuses it if its task was cancelled first; on an I/O thread.
    func execute() {
        let started = phase.compareExchange(expected: Self.pending, desired: Self.running, ordering: .relaxed).exchanged
        let resume = started ? run : refuse
        run = nil
        refuse = nil
        resume?()
    }
}
