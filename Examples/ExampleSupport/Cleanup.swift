import Dispatch
import Foundation
import NetKit
import Synchronization

/// Everything an example creates outside its process (named namespaces, files and directories)
/// is registered here and removed at the end — also on an error, and on Ctrl-C or SIGTERM.
///
/// A `defer` or an `atexit` handler is not enough: the signal path ends the process with
/// `exit()` from the handler, and a `defer` on the interrupted stack never runs. So both the
/// normal end (``runAll()`` from `Transcript.finish`) and the signal handler run one list.
/// Creation and registration happen under the same lock as the removal, so a Ctrl-C arriving
/// while something is being created waits for it to be registered and then removes it too.
public enum Cleanup {
    private enum Item {
        case namespace(String)
        case directory(String)
        case action(String, @Sendable () throws -> Void)
    }

    private struct State {
        var items: [Item] = []
        var closing = false
        var interruptedBy: Int32?
        /// The main thread has decided to exit with its own status: a late signal is ignored.
        var finished = false
    }

    private static let state = Mutex(State())
    /// Serializes whole cleanups: a Ctrl-C during the normal cleanup waits for it to end
    /// before checking and exiting, instead of exiting while namespaces are being deleted.
    private static let cleanupLock = NSLock()
    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []

    /// A unique throwaway name for the document's `base` name (e.g. `ren` → `ren-4242`).
    public static func uniqueName(_ base: String) -> String {
        "\(base)-\(getpid())"
    }

    /// Creates a named namespace (`ip netns add NAME`) that will be deleted at the end.
    public static func namespace(named name: String) throws -> NamedNamespace {
        try register("ip netns add", name) {
            let ns = try Namespace.create(named: name)
            return (ns, .namespace(name))
        }
    }

    /// Creates a directory (`mkdir -p PATH`) that will be removed, with its contents, at the end.
    public static func directory(_ path: String) throws {
        try register("mkdir", path) {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return ((), .directory(path))
        }
    }

    /// Registers an action to run at the end (newest first), e.g. undoing a change that is not a
    /// namespace or a directory. `what` names it in error reports.
    public static func atEnd(_ what: String, _ action: @escaping @Sendable () throws -> Void) throws {
        try register("register", what) { ((), .action(what, action)) }
    }

    private static func register<T>(_ operation: NetKitError.Operation, _ object: String, _ create: () throws -> (T, Item)) throws -> T {
        try state.withLock { state throws -> T in
            guard !state.closing else {
                throw NetKitError(.system(.ECANCELED), operation: operation, object: object, hint: "the example is shutting down")
            }
            let (value, item) = try create()
            state.items.append(item)
            return value
        }
    }

    /// True once a SIGINT/SIGTERM started the cleanup: the signal handler ends the process.
    public static var isInterrupted: Bool { state.withLock { $0.interruptedBy != nil } }

    /// Removes everything registered, newest first, then checks that it is really gone: each
    /// namespace is no longer in `/run/netns`, each directory no longer exists. Returns one line
    /// per problem (a deletion error, or something still present); empty means all is gone.
    /// Deleting a namespace removes its links with it.
    @discardableResult
    public static func runAll() -> [String] {
        cleanupLock.lock()
        defer { cleanupLock.unlock() }
        let items = state.withLock { state -> [Item] in
            state.closing = true
            defer { state.items.removeAll() }
            return state.items
        }
        var problems: [String] = []
        for item in items.reversed() {
            do {
                switch item {
                case .namespace(let name): try Namespace.delete(named: name, whenInUse: .detach)
                case .directory(let path): try FileManager.default.removeItem(atPath: path)
                case .action(_, let action): try action()
                }
            } catch {
                problems.append("\(error)")
            }
        }
        let listed = Set((try? Namespace.namedNamespaces()) ?? [])
        for item in items {
            switch item {
            case .namespace(let name) where listed.contains(name):
                problems.append("namespace \(name) is still listed by ip netns list")
            case .directory(let path) where FileManager.default.fileExists(atPath: path):
                problems.append("\(path) still exists")
            default: break
            }
        }
        return problems
    }

    /// SIGINT and SIGTERM remove everything registered and end the process with 128 + signal
    /// (130 for Ctrl-C), or 1 if something could not be removed.
    static func installSignalHandlers() {
        for (signalNumber, signalName) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                let proceed = state.withLock { state -> Bool in
                    guard !state.finished else { return false }
                    state.interruptedBy = signalNumber
                    return true
                }
                guard proceed else { return }
                print("\ninterrupted by \(signalName): cleaning up")
                let problems = runAll()
                for problem in problems { print("  ✗ cleanup: \(problem)") }
                print(
                    problems.isEmpty
                        ? "interrupted: everything the example created has been removed (checked)"
                        : "interrupted: cleanup left \(problems.count) problem(s)")
                fflush(nil)
                exit(problems.isEmpty ? 128 + signalNumber : 1)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Called by the main thread just before it exits with its own status. After a signal it
    /// blocks instead (the handler ends the process), so the two never race to `exit`.
    static func finishing() {
        let interrupted = state.withLock { state -> Bool in
            if state.interruptedBy == nil { state.finished = true }
            return state.interruptedBy != nil
        }
        if interrupted { waitForSignalHandler() }
    }

    /// Blocks the calling thread for good: used after an interrupt, while the signal handler
    /// cleans up and ends the process, so the main thread cannot exit first.
    static func waitForSignalHandler() -> Never {
        while true { sleep(3600) }
    }
}
