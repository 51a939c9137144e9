#if canImport(Glibc)
    import Glibc
#endif

/// The replies of a dump, kept as raw netlink messages until the dump is complete (see
/// ``NetlinkSocket/dumpCounted(_:_:)``).
///
/// One block grown with `realloc`: for large sizes glibc moves the pages (`mremap`) instead of
/// copying them, so the 6 MB of replies for 100k routes are written once, never copied, and
/// only the pages written are ever touched. While they are parsed (``forEachMessage(_:)``),
/// the pages already read are handed back to the kernel, so a dump's peak memory is its
/// result plus about a megabyte, not plus all its replies.
struct ReplyBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    /// Bytes stored: whole messages, each padded to 4 bytes.
    private(set) var count = 0
    /// Offsets of message boundaries about every ``segmentBytes``: where parsing may pause to
    /// release what it has read.
    private var boundaries: [Int] = []
    /// The last boundary, or 0: read for every message appended.
    private var segmentStart = 0

    static let segmentBytes = 1 << 20

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
        if count - segmentStart >= Self.segmentBytes {
            boundaries.append(count)
            segmentStart = count
        }
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

    /// Parses every stored message in order, releasing each megabyte of replies to the kernel
    /// (`MADV_DONTNEED`) once it has been read. The buffer is empty afterwards.
    mutating func forEachMessage(_ body: (NetlinkMessage) throws -> Void) throws {
        guard let base, count > 0 else { return }
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        var start = 0
        var released = 0  // bytes from `base` already given back
        for end in boundaries + [count] {
            try NetlinkMessage.forEach(in: UnsafeRawBufferPointer(start: base + start, count: end - start), body)
            start = end
            // Whole pages strictly inside the block and fully read.
            let from = (Int(bitPattern: base) + released + pageSize - 1) / pageSize * pageSize
            let to = (Int(bitPattern: base) + end) / pageSize * pageSize
            if to > from, let page = UnsafeMutableRawPointer(bitPattern: from) {
                _ = madvise(page, to - from, MADV_DONTNEED)
                released = to - Int(bitPattern: base)
            }
        }
        count = 0
        boundaries.removeAll()
        segmentStart = 0
    }
}
