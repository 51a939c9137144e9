import Foundation
import NetKit
import Synchronization

/// The example's named namespaces, deleted at the end, on an error, and on SIGINT / SIGTERM.
///
/// Signals are handled by `sigwait` on a thread of our own, with SIGINT and SIGTERM blocked in
/// every other thread (the mask is set before any thread exists, and threads inherit it), so a
/// signal can never kill the process half-way. Creating and deleting take the same lock: a
/// signal that arrives while `ip netns add` is under way waits for it and then deletes that
/// namespace too, so there is no window in which a namespace exists but is not registered.
enum ThrowawayNamespaces {
    private struct State {
        var names: [String] = []
        var closing = false
        var interrupted = false
        var finished = false
    }

    private static let state = Mutex(State())

    /// `ip netns add NAME`, registered for deletion.
    static func create(_ name: String) throws -> Namespace {
        try state.withLock { state in
            guard !state.closing else { throw CancellationError() }
            let namespace = try Namespace.create(named: name)
            state.names.append(name)
            return namespace
        }
    }

    /// `ip netns del NAME` for every registered name, newest first, announcing each before it
    /// is deleted. Afterwards nothing more can be created.
    /// Deletion errors are printed, not swallowed; the caller checks afterwards that none of the
    /// names is still listed.
    static func deleteAll(announce: (String) -> Void) {
        // After a signal, the signal thread deletes and ends the process with 128 + signal; the
        // main thread must not race it to `exit`, so it stops here.
        if state.withLock({ $0.interrupted }) { parkForever() }
        deleteRegistered(announce: announce)
    }

    private static func deleteRegistered(announce: (String) -> Void) {
        state.withLock { state in
            state.closing = true
            for name in state.names.reversed() {
                announce(name)
                do {
                    try Namespace.delete(named: name, whenInUse: .detach)
                } catch {
                    print("  ✗ cleanup: \(error)")
                }
            }
            state.names = []
        }
    }

    /// Called by the main thread just before it exits: after a signal it stops here instead
    /// (the signal thread ends the process with 128 + signal), so the two never race to `exit`.
    static func finishing() {
        let interrupted = state.withLock { state -> Bool in
            if !state.interrupted { state.finished = true }
            return state.interrupted
        }
        if interrupted { parkForever() }
    }

    private static func parkForever() -> Never {
        while true { sleep(3600) }
    }

    /// Blocks SIGINT and SIGTERM in this (the main) thread — and so in every thread started
    /// later — and starts the thread that waits for them. Call before anything else.
    static func installSignalHandling() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let awaited = signals
        let waiter = Thread {
            var received: Int32 = 0
            var set = awaited
            guard sigwait(&set, &received) == 0 else { return }
            // Once the main thread has decided to exit with its own status, a late signal is
            // ignored; otherwise this thread owns the exit from here on.
            let proceed = state.withLock { state -> Bool in
                guard !state.finished else { return false }
                state.interrupted = true
                return true
            }
            guard proceed else { return }
            let name = received == SIGINT ? "SIGINT" : "SIGTERM"
            print("\ninterrupted by \(name): deleting this example's namespaces")
            deleteRegistered { print("$ ip netns del \($0)") }
            fflush(nil)
            exit(128 + received)
        }
        waiter.start()
    }
}
