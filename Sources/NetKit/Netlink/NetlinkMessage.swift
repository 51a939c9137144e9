/// A received netlink message, viewed in place in the receive buffer.
///
/// Valid only inside the closure that received it: copy out what you keep. Every read is
/// bounds-checked, so arbitrary bytes (a hostile or buggy peer) produce a
/// ``NetKitError/Reason/malformedMessage(_:)`` error, never a crash.
struct NetlinkMessage {
    let type: MessageType
    let flags: MessageFlags
    let sequence: UInt32
    let portID: UInt32
    /// Everything after the 16-byte `nlmsghdr`.
    let payload: UnsafeRawBufferPointer
    /// The whole message, header included (without trailing padding).
    let bytes: UnsafeRawBufferPointer

    /// Splits a buffer holding one or more messages (as `recv` returns them).
    static func forEach(
        in buffer: UnsafeRawBufferPointer, _ body: (NetlinkMessage) throws -> Void
    ) throws {
        var offset = 0
        while buffer.count - offset >= NetlinkRequest.headerSize {
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            guard length >= NetlinkRequest.headerSize, length <= buffer.count - offset, let base = buffer.baseAddress else {
                throw NetKitError(
                    .malformedMessage("message length \(length) at offset \(offset) exceeds the \(buffer.count)-byte buffer"),
                    operation: "netlink receive")
            }
            let message = NetlinkMessage(
                type: MessageType(rawValue: buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self)),
                flags: MessageFlags(rawValue: buffer.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self)),
                sequence: buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self),
                portID: buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self),
                payload: UnsafeRawBufferPointer(
                    start: base + (offset &+ NetlinkRequest.headerSize), count: length &- NetlinkRequest.headerSize),
                bytes: UnsafeRawBufferPointer(start: base + offset, count: length))
            try body(message)
            offset += (length + 3) & ~3
        }
    }

    /// The fixed family header at the start of the payload (e.g. `rtmsg`), or an error if the
    /// payload is too short.
    @inline(__always)
    func header<Header: BitwiseCopyable>(_ type: Header.Type) throws -> Header {
        guard payload.count >= MemoryLayout<Header>.size else { throw shortHeader(MemoryLayout<Header>.size) }
        return payload.loadUnaligned(as: Header.self)
    }

    /// The error for a payload shorter than its header, built apart so ``header(_:)`` stays a
    /// length check and a load where a dump decodes it once per message.
    @inline(never)
    private func shortHeader(_ size: Int) -> NetKitError {
        NetKitError(
            .malformedMessage("\(type) payload of \(payload.count) bytes is shorter than its \(size)-byte header"),
            operation: "netlink receive")
    }

    /// The attributes that follow a family header of `headerSize` bytes.
    func attributes(afterHeaderOf headerSize: Int) -> NetlinkAttributes {
        let start = min((headerSize + 3) & ~3, payload.count)
        return NetlinkAttributes(UnsafeRawBufferPointer(rebasing: payload[start...]))
    }
}

/// A run of netlink attributes (TLVs), iterated in place.
struct NetlinkAttributes: Sequence {
    let buffer: UnsafeRawBufferPointer

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    struct Attribute {
        /// The type without the `NLA_F_NESTED`/`NLA_F_NET_BYTEORDER` bits.
        let type: UInt16
        let value: UnsafeRawBufferPointer

        var nested: NetlinkAttributes { NetlinkAttributes(value) }

        var uint8: UInt8? { value.count >= 1 ? value[0] : nil }
        var uint16: UInt16? { value.count >= 2 ? value.loadUnaligned(as: UInt16.self) : nil }
        var uint32: UInt32? { value.count >= 4 ? value.loadUnaligned(as: UInt32.self) : nil }
        var uint64: UInt64? { value.count >= 8 ? value.loadUnaligned(as: UInt64.self) : nil }
        var int32: Int32? { value.count >= 4 ? value.loadUnaligned(as: Int32.self) : nil }
        var uint16BigEndian: UInt16? { uint16.map { UInt16(bigEndian: $0) } }
        /// The payload copied out. Read as typed bytes, so that it is one copy (an array built
        /// from a raw buffer is filled byte by byte).
        var bytes: [UInt8] { value.withMemoryRebound(to: UInt8.self) { Array($0) } }
        /// A string attribute without its terminating NUL (and anything after it).
        var string: String {
            value.withMemoryRebound(to: UInt8.self) { typed in
                let end = typed.firstIndex(of: 0) ?? typed.count
                return String(decoding: UnsafeBufferPointer(rebasing: typed[..<end]), as: UTF8.self)
            }
        }
    }

    struct Iterator: IteratorProtocol {
        let buffer: UnsafeRawBufferPointer
        var offset = 0

        mutating func next() -> Attribute? {
            guard buffer.count - offset >= 4 else { return nil }
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            let type = buffer.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self) & 0x3FFF
            // A truncated or zero-length TLV ends the run, as nla_ok() does in the kernel.
            guard length >= 4, length <= buffer.count - offset, let base = buffer.baseAddress else { return nil }
            // Bounds are checked above; building the value from the base address skips the
            // slice's own checks (a dump of 100k routes reads about a million attributes).
            let value = UnsafeRawBufferPointer(start: base + (offset &+ 4), count: length &- 4)
            offset &+= (length &+ 3) & ~3
            return Attribute(type: type, value: value)
        }
    }

    func makeIterator() -> Iterator { Iterator(buffer: buffer) }
}
