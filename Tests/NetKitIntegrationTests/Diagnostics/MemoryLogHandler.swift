import Logging
import Synchronization

/// A swift-log handler that keeps every entry in memory, for tests that read what was logged.
struct MemoryLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
    }

    final class Store: Sendable {
        let entries = Mutex<[Entry]>([])
        var all: [Entry] { entries.withLock { $0 } }
        func messages(at level: Logger.Level) -> [String] { all.filter { $0.level == level }.map(\.message) }
    }

    let store: Store
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        store.entries.withLock { $0.append(Entry(level: level, message: message.description)) }
    }

    /// A logger at `level` writing to a new store.
    static func logger(level: Logger.Level) -> (Logger, Store) {
        let store = Store()
        let logger = Logger(label: "netkit.test") { _ in MemoryLogHandler(store: store, logLevel: level) }
        return (logger, store)
    }
}
