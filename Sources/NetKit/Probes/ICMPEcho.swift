/// ICMP (RFC 792) and ICMPv6 (RFC 4443) echo messages: building a request and recognising the
/// reply to it among whatever else arrives. Pure byte work, so it is tested without privilege
/// and every parser takes arbitrary bytes without trapping.
enum ICMPEcho {
    /// The ICMP header: type, code, checksum, identifier, sequence.
    static let headerSize = 8
    /// ping's default `-s 56`, making a 64-byte ICMP message (84 bytes with the IPv4 header).
    static let payloadSize = 56

    static func requestType(_ family: AddressFamily) -> UInt8 { family == .ipv4 ? 8 : 128 }
    static func replyType(_ family: AddressFamily) -> UInt8 { family == .ipv4 ? 0 : 129 }

    /// The RFC 1071 Internet checksum: the ones'-complement of the ones'-complement sum of the
    /// 16-bit big-endian words, an odd last byte padded with zero.
    static func checksum(_ bytes: some Collection<UInt8>) -> UInt16 {
        var sum: UInt32 = 0
        var high: UInt8?
        for byte in bytes {
            if let first = high {
                sum += UInt32(first) << 8 | UInt32(byte)
                high = nil
            } else {
                high = byte
            }
        }
        if let first = high { sum += UInt32(first) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(truncatingIfNeeded: sum)
    }

    /// The payload every request of one probe carries: a random cookie, then ping's counting
    /// pattern. The cookie tells this probe's replies from another's on a raw socket, which
    /// sees every echo reply of the namespace.
    static func payload(cookie: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payloadSize)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: cookie >> UInt64(shift)))
        }
        for index in 8..<payloadSize { bytes.append(UInt8(truncatingIfNeeded: index)) }
        return bytes
    }

    /// An echo request. The IPv4 checksum is computed here (a raw socket sends it as is); for
    /// ICMPv6 it covers a pseudo-header with the source address the kernel picks, so the
    /// kernel fills it in (mandatory `IPV6_CHECKSUM` on ICMPv6 sockets) and it stays zero here.
    /// A ping socket rewrites the identifier (to its port) and the checksum.
    static func request(family: AddressFamily, identifier: UInt16, sequence: UInt16, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [
            requestType(family), 0, 0, 0,
            UInt8(identifier >> 8), UInt8(identifier & 0xFF),
            UInt8(sequence >> 8), UInt8(sequence & 0xFF),
        ]
        bytes += payload
        if family == .ipv4 {
            let sum = checksum(bytes)
            bytes[2] = UInt8(sum >> 8)
            bytes[3] = UInt8(sum & 0xFF)
        }
        return bytes
    }

    /// An ICMP message as received: the header fields and what follows them.
    struct Message: Hashable {
        var type: UInt8
        var code: UInt8
        var checksum: UInt16
        var identifier: UInt16
        var sequence: UInt16
        var body: ArraySlice<UInt8>

        /// Nil when fewer than the 8 header bytes arrived.
        init?(_ bytes: ArraySlice<UInt8>) {
            guard bytes.count >= ICMPEcho.headerSize else { return nil }
            let start = bytes.startIndex
            type = bytes[start]
            code = bytes[start + 1]
            checksum = UInt16(bytes[start + 2]) << 8 | UInt16(bytes[start + 3])
            identifier = UInt16(bytes[start + 4]) << 8 | UInt16(bytes[start + 5])
            sequence = UInt16(bytes[start + 6]) << 8 | UInt16(bytes[start + 7])
            body = bytes[(start + ICMPEcho.headerSize)...]
        }
    }

    /// The ICMP message inside an IPv4 packet, as a raw IPv4 socket delivers it (IP header
    /// first), with the packet's TTL; nil unless it is a well-formed IPv4 header of an ICMP
    /// packet that fits in `bytes`.
    static func strippingIPv4Header(_ bytes: ArraySlice<UInt8>) -> (icmp: ArraySlice<UInt8>, ttl: UInt8)? {
        guard let first = bytes.first, first >> 4 == 4 else { return nil }
        let headerLength = Int(first & 0x0F) * 4
        let start = bytes.startIndex
        guard headerLength >= 20, bytes.count >= headerLength, bytes[start + 9] == 1 else { return nil }
        return (bytes[(start + headerLength)...], bytes[start + 8])
    }

    /// What a reply (or the request quoted in an ICMP error) must match: the probe's identifier
    /// (nil on a ping socket, where the kernel already delivered only this socket's replies)
    /// and its payload.
    struct Matcher {
        var family: AddressFamily
        var identifier: UInt16?
        var payload: [UInt8]

        /// The sequence number if `bytes` is the echo reply to one of this probe's requests.
        func replySequence(_ bytes: ArraySlice<UInt8>) -> UInt16? {
            guard let message = Message(bytes), message.type == ICMPEcho.replyType(family), message.code == 0,
                identifier == nil || message.identifier == identifier,
                message.body.elementsEqual(payload)
            else { return nil }
            if family == .ipv4, ICMPEcho.checksum(bytes) != 0 { return nil }
            return message.sequence
        }

        /// The sequence number if `bytes` (what an ICMP error quoted of the original datagram)
        /// is one of this probe's requests. ICMP errors may quote as little as 8 bytes past the
        /// IP header, so the payload is compared only as far as it was quoted.
        func requestSequence(_ bytes: ArraySlice<UInt8>) -> UInt16? {
            guard let message = Message(bytes), message.type == ICMPEcho.requestType(family),
                identifier == nil || message.identifier == identifier,
                message.body.count <= payload.count,
                message.body.elementsEqual(payload.prefix(message.body.count))
            else { return nil }
            return message.sequence
        }
    }
}
