#if canImport(Glibc)
import Glibc
#endif

/// The replies of a dump, kept as raw netlink messages until the dump is complete (see
/// ``NetlinkSocket/dumpCounted(_:_:)``).
///
/// One block grown with `realloc`: for large sizes glibc moves the pages (`mremap`) instead of
/// copying them, so the 6 MB of replies for 100k routes are written once, never copied, and
/// only the pages written are ever touched.
struct ReplyBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    /// Bytes stored: whole messages, each padded to 4 bytes.
    private(set) var count = 0

    init() {}

    deinit { free(base) }

    /// Copies `message` (header, payload and padding) out of the receive buffer.
    mutating func append(_ message: NetlinkMessage) throws(NetKitError) {
        let source = message.bytes
        let padded = (source.count + 3) & ~3
        if count + padded > capacity {
            let grown = max(64 * 1024, 2 * (count + padded))
            guard let block = realloc(base, grown) else {
                throw NetKitError(.system(.ENOMEM), operation: "netlink dump", hint: "the dump's replies do not fit in memory")
            }
            base = block
            capacity = grown
        }
        guard let base, let start = source.baseAddress else { return }
        let destination = base + count
        destination.copyMemory(from: start, byteCount: source.count)
        if padded > source.count {
            (destination + source.count).initializeMemory(as: UInt8.self, repeating: 0, count: padded - source.count)
        }
        count += padded
    }

    /// The stored messages, for ``NetlinkMessage/forEach(in:_:)``.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: count > 0 ? base : nil, count: count))
    }
}
