/// What `recvmsg` hands back besides the data — socket addresses, ancillary data (`cmsg`) and
/// the kernel's `sock_extended_err` — parsed in Swift over plain bytes: the `CMSG_*` macros do
/// not import into Swift, and bytes from the kernel are checked, never trusted.
enum SocketMessageParsing {
    /// One ancillary-data element.
    struct ControlMessage: Hashable {
        var level: Int32
        var type: Int32
        var data: ArraySlice<UInt8>
    }

    /// `sizeof(struct cmsghdr)`: `size_t cmsg_len; int cmsg_level; int cmsg_type;`.
    static let controlHeaderSize = MemoryLayout<Int>.size + 8
    /// `CMSG_ALIGN` rounds to `sizeof(size_t)`.
    static let controlAlignment = MemoryLayout<Int>.size

    /// The elements of a control buffer, in order; stops at the first element whose length
    /// does not fit (as `CMSG_NXTHDR` does with a truncated buffer).
    static func controlMessages(_ buffer: ArraySlice<UInt8>) -> [ControlMessage] {
        var messages: [ControlMessage] = []
        var offset = 0
        while offset + controlHeaderSize <= buffer.count {
            let base = buffer.startIndex + offset
            let length = hostInteger(buffer, at: base, byteCount: MemoryLayout<Int>.size)
            guard length >= UInt64(controlHeaderSize), length <= UInt64(buffer.count - offset) else { break }
            let level = Int32(truncatingIfNeeded: hostInteger(buffer, at: base + MemoryLayout<Int>.size, byteCount: 4))
            let type = Int32(truncatingIfNeeded: hostInteger(buffer, at: base + MemoryLayout<Int>.size + 4, byteCount: 4))
            let end = base + Int(length)
            messages.append(ControlMessage(level: level, type: type, data: buffer[(base + controlHeaderSize)..<end]))
            let aligned = (Int(length) + controlAlignment - 1) / controlAlignment * controlAlignment
            offset += aligned
        }
        return messages
    }

    /// An `int` carried as ancillary data (`IP_TTL`, `IPV6_HOPLIMIT`).
    static func integer(_ data: ArraySlice<UInt8>) -> Int32? {
        guard data.count >= 4 else { return nil }
        return Int32(truncatingIfNeeded: hostInteger(data, at: data.startIndex, byteCount: 4))
    }

    /// `struct sock_extended_err` (linux/errqueue.h) and the offender address after it
    /// (`SO_EE_OFFENDER`): what `IP_RECVERR` / `IPV6_RECVERR` report for an ICMP error.
    struct ExtendedError: Hashable {
        /// `sizeof(struct sock_extended_err)`: u32 errno, u8 origin, type, code, pad, u32 info, data.
        static let size = 16

        var errno: Int32
        /// `ICMPConstants.originLocal`, `.originICMP` or `.originICMP6`.
        var origin: UInt8
        var type: UInt8
        var code: UInt8
        /// The next-hop MTU for "fragmentation needed" / "packet too big".
        var info: UInt32
        /// Who sent the ICMP error; nil for local errors (offender family `AF_UNSPEC`).
        var offender: IPAddress?

        init?(_ data: ArraySlice<UInt8>) {
            guard data.count >= Self.size else { return nil }
            let start = data.startIndex
            errno = Int32(truncatingIfNeeded: hostInteger(data, at: start, byteCount: 4))
            origin = data[start + 4]
            type = data[start + 5]
            code = data[start + 6]
            info = UInt32(truncatingIfNeeded: hostInteger(data, at: start + 8, byteCount: 4))
            offender = SocketMessageParsing.address(data[(start + Self.size)...])?.address
        }
    }

    /// The address in a `sockaddr_in` or `sockaddr_in6`, with the IPv6 scope id; nil for other
    /// families or too few bytes.
    static func address(_ bytes: ArraySlice<UInt8>) -> (address: IPAddress, scopeID: UInt32)? {
        guard bytes.count >= 2 else { return nil }
        let start = bytes.startIndex
        let family = UInt16(truncatingIfNeeded: hostInteger(bytes, at: start, byteCount: 2))
        switch family {
        case UInt16(AddressFamily.ipv4.rawValue):
            // sockaddr_in: family(2) port(2) address(4) zero(8)
            guard bytes.count >= 8, let address = IPAddress(family: .ipv4, networkBytes: bytes[(start + 4)..<(start + 8)]) else {
                return nil
            }
            return (address, 0)
        case UInt16(AddressFamily.ipv6.rawValue):
            // sockaddr_in6: family(2) port(2) flowinfo(4) address(16) scope_id(4)
            guard bytes.count >= 28, let address = IPAddress(family: .ipv6, networkBytes: bytes[(start + 8)..<(start + 24)]) else {
                return nil
            }
            return (address, UInt32(truncatingIfNeeded: hostInteger(bytes, at: start + 24, byteCount: 4)))
        default:
            return nil
        }
    }

    /// A native-endian unsigned integer of `byteCount` bytes at `index` (the caller checked
    /// the bounds).
    private static func hostInteger(_ bytes: ArraySlice<UInt8>, at index: Int, byteCount: Int) -> UInt64 {
        var value: UInt64 = 0
        for offset in 0..<byteCount {
            let byte = UInt64(bytes[index + offset])
            #if _endian(little)
                value |= byte << UInt64(8 * offset)
            #else
                value = value << 8 | byte
            #endif
        }
        return value
    }
}
