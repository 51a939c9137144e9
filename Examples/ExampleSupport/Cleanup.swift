import Dispatch
import Foundation
import NetKit
import Synchronization

/// Everything an example creates outside its process (named namespaces) is registered here and
/// removed at the end — also on an error, and on Ctrl-C or SIGTERM.
public enum Cleanup {
    private struct State {
        var namespaces: [String] = []
        var closing = false
    }

    private static let state = Mutex(State())
    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []

    /// A unique throwaway name for the document's `base` name (e.g. `ren` → `ren-4242`).
    public static func uniqueName(_ base: String) -> String {
        "\(base)-\(getpid())"
    }

    /// Creates a named namespace (`ip netns add NAME`) that will be deleted at the end.
    /// The lock is held while the namespace is created, so a Ctrl-C arriving meanwhile waits
    /// for the name to be registered and then deletes it too.
    public static func namespace(named name: String) throws -> Namespace {
        try state.withLock { state throws -> Namespace in
            guard !state.closing else {
                throw NetKitError(.system(.ECANCELED), operation: "ip netns add", object: name, hint: "the example is shutting down")
            }
            let ns = try Namespace.create(named: name)
            state.namespaces.append(name)
            return ns
        }
    }

    /// Deletes every registered namespace (deleting a namespace removes its links with it).
    public static func runAll() {
        let names = state.withLock { state -> [String] in
            state.closing = true
            defer { state.namespaces.removeAll() }
            return state.namespaces
        }
        for name in names.reversed() {
            try? Namespace.delete(named: name, whenInUse: .detach)
        }
    }

    static func installSignalHandlers() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                print("\ninterrupted (signal \(signalNumber)): cleaning up")
                runAll()
                exit(128 + signalNumber)
            }
            source.resume()
            signalSources.append(source)
        }
    }
}
