import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// What the consumer side of a subscription tells its reader thread: stop, or read on after a
/// pause. The thread sleeps in `poll` on the subscription socket and on one end of a socket pair;
/// a byte written to the other end wakes it.
///
/// Flow control: the thread stops reading the socket while ``pendingLimit`` live events wait
/// unconsumed in the stream, and reads on once the consumer has taken half of them. A consumer
/// that falls behind therefore makes the kernel's queue fill up, and the kernel reports the
/// loss (`ENOBUFS`, ``NetworkEvent/overrun``) — instead of the process buffering without limit
/// or dropping events silently.
final class ReaderControl: Sendable {
    static let defaultPendingLimit = 4096

    let pendingLimit: Int
    /// Snapshot mode's hooks and counts, for tests (``SnapshotProbe``).
    let probe: SnapshotProbe
    /// The end the reader polls.
    let wakeFD: Int32
    let wakeWriteFD: Int32

    private struct State {
        var stopping = false
        var closed = false
        var pending = 0
        var paused = false
        var threadID: Int32 = 0
    }
    private let state = Mutex(State())

    init(pendingLimit: Int = ReaderControl.defaultPendingLimit, probe: SnapshotProbe = SnapshotProbe()) throws(NetKitError) {
        self.probe = probe
        // A socket pair rather than eventfd or pipe2, which Glibc's module does not export; it
        // is created close-on-exec atomically, so no child process inherits it.
        var ends: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        guard socketpair(AF_UNIX, type, 0, &ends) == 0 else {
            throw NetKitError(.system(.current), operation: "socketpair for the subscription's wake-up")
        }
        wakeFD = ends[0]
        wakeWriteFD = ends[1]
        self.pendingLimit = max(pendingLimit, 2)
    }

    deinit { close() }

    /// Asks the reader to finish the stream, close its sockets and exit. Idempotent; safe from
    /// any thread, also after the reader is gone.
    func stop() {
        state.withLock(owner: self) { state in
            state.stopping = true
            if !state.closed { wake() }
        }
    }

    var isStopping: Bool { state.withLock(owner: self) { $0.stopping } }
    /// The reader thread's id once it runs (0 before): lets tests see it gone.
    var threadID: Int32 { state.withLock(owner: self) { $0.threadID } }

    func threadStarted(id: Int32) {
        state.withLock(owner: self) { $0.threadID = id }
    }
    var isPaused: Bool { state.withLock(owner: self) { $0.paused } }

    /// Reader: one more live event is in the stream.
    func produced() {
        state.withLock(owner: self) { state in
            state.pending += 1
            if state.pending >= pendingLimit { state.paused = true }
        }
    }

    /// Consumer: one live event was taken; wakes a paused reader once half the backlog is gone.
    func consumed() {
        state.withLock(owner: self) { state in
            state.pending -= 1
            if state.paused, state.pending <= pendingLimit / 2 {
                state.paused = false
                if !state.closed { wake() }
            }
        }
    }

    /// Reader: empties the wake-up channel before deciding what to do.
    func drainWake() {
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &bytes, { read(wakeFD, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Closes the wake-up channel (the reader does so as it exits, so nothing is left open).
    func close() {
        state.withLock(owner: self) { state in
            guard !state.closed else { return }
            state.closed = true
            Glibc.close(wakeFD)
            Glibc.close(wakeWriteFD)
        }
    }

    /// Called with the lock held, so the descriptor cannot be closed meanwhile. A full channel
    /// (`EAGAIN`) already holds a wake-up.
    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWriteFD, &byte, 1)
    }
}
