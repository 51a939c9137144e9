import Testing
@testable import NetKit

@Suite("ICMP echo messages")
struct ICMPEchoTests {
    static let payload = ICMPEcho.payload(cookie: 0x0123_4567_89AB_CDEF)

    /// The reply a peer would send to `request`: type 0 / 129, checksum recomputed for IPv4.
    static func reply(to request: [UInt8], family: AddressFamily) -> [UInt8] {
        var bytes = request
        bytes[0] = ICMPEcho.replyType(family)
        bytes[2] = 0
        bytes[3] = 0
        if family == .ipv4 {
            let sum = ICMPEcho.checksum(bytes)
            bytes[2] = UInt8(sum >> 8)
            bytes[3] = UInt8(sum & 0xFF)
        }
        return bytes
    }

    /// A minimal IPv4 header (IHL 5, protocol ICMP, TTL 61) in front of `icmp`.
    static func ipv4Packet(_ icmp: [UInt8], ttl: UInt8 = 61, protocolNumber: UInt8 = 1) -> [UInt8] {
        let length = 20 + icmp.count
        return [
            0x45, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0x40, 0, ttl, protocolNumber, 0, 0,
            172, 19, 0, 100, 172, 19, 0, 101,
        ] + icmp
    }

    @Test("RFC 1071's worked example and the odd-length rule")
    func checksum() {
        // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2; the checksum is its complement.
        #expect(ICMPEcho.checksum([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]) == ~UInt16(0xDDF2))
        #expect(ICMPEcho.checksum([]) == 0xFFFF)
        #expect(ICMPEcho.checksum([0xAB]) == ~UInt16(0xAB00))
        // Carries fold back in: ffff + 0001 = 1_0000 → 0001.
        #expect(ICMPEcho.checksum([0xFF, 0xFF, 0x00, 0x01]) == ~UInt16(0x0001))
    }

    @Test("an IPv4 echo request: type 8, identifier and sequence big-endian, a checksum that verifies to zero")
    func ipv4Request() {
        let request = ICMPEcho.request(family: .ipv4, identifier: 0xBEEF, sequence: 0x0102, payload: Self.payload)
        #expect(request.count == 64)
        #expect(Array(request[0..<2]) == [8, 0])
        #expect(Array(request[4..<8]) == [0xBE, 0xEF, 0x01, 0x02])
        #expect(Array(request[8...]) == Self.payload)
        #expect(ICMPEcho.checksum(request) == 0)
        #expect(request[2] != 0 || request[3] != 0)
    }

    @Test("an ICMPv6 echo request: type 128, checksum left for the kernel")
    func ipv6Request() {
        let request = ICMPEcho.request(family: .ipv6, identifier: 7, sequence: 9, payload: Self.payload)
        #expect(Array(request[0..<8]) == [128, 0, 0, 0, 0, 7, 0, 9])
    }

    @Test("the payload carries the cookie, then ping's counting pattern")
    func payloadLayout() {
        #expect(Self.payload.count == 56)
        #expect(Array(Self.payload[0..<8]) == [0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])
        #expect(Self.payload[8] == 8 && Self.payload[55] == 55)
    }

    @Test("the matcher accepts this probe's replies and nothing else", arguments: [AddressFamily.ipv4, .ipv6])
    func matcher(_ family: AddressFamily) {
        let matcher = ICMPEcho.Matcher(family: family, identifier: 0x1234, payload: Self.payload)
        let request = ICMPEcho.request(family: family, identifier: 0x1234, sequence: 42, payload: Self.payload)
        let reply = Self.reply(to: request, family: family)
        #expect(matcher.replySequence(reply[...]) == 42)
        #expect(matcher.replySequence(request[...]) == nil, "a request is not a reply")
        #expect(matcher.requestSequence(request[...]) == 42)

        var otherIdentifier = request
        otherIdentifier[5] ^= 1
        #expect(matcher.replySequence(Self.reply(to: otherIdentifier, family: family)[...]) == nil)
        var otherCookie = request
        otherCookie[8] ^= 0xFF
        #expect(matcher.replySequence(Self.reply(to: otherCookie, family: family)[...]) == nil)
        #expect(matcher.replySequence(reply.dropLast()) == nil, "a truncated reply")
        #expect(matcher.replySequence(reply.prefix(4)) == nil)

        // On a ping socket the kernel owns the identifier: any identifier matches.
        let datagram = ICMPEcho.Matcher(family: family, identifier: nil, payload: Self.payload)
        #expect(datagram.replySequence(Self.reply(to: otherIdentifier, family: family)[...]) == 42)
    }

    @Test("an IPv4 reply with a corrupted checksum is ignored")
    func badChecksum() {
        let matcher = ICMPEcho.Matcher(family: .ipv4, identifier: 1, payload: Self.payload)
        var reply = Self.reply(to: ICMPEcho.request(family: .ipv4, identifier: 1, sequence: 1, payload: Self.payload), family: .ipv4)
        reply[3] ^= 0x01
        #expect(matcher.replySequence(reply[...]) == nil)
    }

    @Test("an ICMP error quoting only 8 bytes of the request still identifies it")
    func shortQuote() {
        let matcher = ICMPEcho.Matcher(family: .ipv4, identifier: 5, payload: Self.payload)
        let request = ICMPEcho.request(family: .ipv4, identifier: 5, sequence: 3, payload: Self.payload)
        #expect(matcher.requestSequence(request.prefix(8)) == 3)
        #expect(matcher.requestSequence(request.prefix(12)) == 3)
        var wrong = request
        wrong[9] ^= 0xFF
        #expect(matcher.requestSequence(wrong.prefix(12)) == nil)
    }

    @Test("the IPv4 header of a raw socket's packet is stripped, with its TTL; anything malformed is refused")
    func ipv4Header() {
        let icmp: [UInt8] = [0, 0, 0xFF, 0xFF, 0, 0, 0, 0]
        let packet = Self.ipv4Packet(icmp)
        let stripped = ICMPEcho.strippingIPv4Header(packet[...])
        #expect(stripped.map { Array($0.icmp) } == icmp)
        #expect(stripped?.ttl == 61)

        var withOptions = packet
        withOptions[0] = 0x46
        withOptions.insert(contentsOf: [1, 1, 1, 1], at: 20)
        #expect(ICMPEcho.strippingIPv4Header(withOptions[...]).map { Array($0.icmp) } == icmp)

        var version6 = packet
        version6[0] = 0x65
        var shortIHL = packet
        shortIHL[0] = 0x44
        var longIHL = packet
        longIHL[0] = 0x4F
        for bad in [version6, shortIHL, longIHL, Self.ipv4Packet(icmp, protocolNumber: 17), Array(packet.prefix(19)), []] {
            #expect(ICMPEcho.strippingIPv4Header(bad[...]) == nil)
        }
    }

    @Test("parsers take any bytes without trapping")
    func arbitraryBytes() {
        let matchers = [
            ICMPEcho.Matcher(family: .ipv4, identifier: 1, payload: Self.payload),
            ICMPEcho.Matcher(family: .ipv6, identifier: nil, payload: Self.payload),
        ]
        let valid = Self.ipv4Packet(
            Self.reply(to: ICMPEcho.request(family: .ipv4, identifier: 1, sequence: 1, payload: Self.payload), family: .ipv4))
        var parsed = 0
        for (round, bytes) in arbitraryByteSamples(20_000, mutating: valid, maxRandomLength: 120).enumerated() {
            let slice = bytes.dropFirst(round % 3)
            if ICMPEcho.Message(slice) != nil { parsed += 1 }
            let inner = ICMPEcho.strippingIPv4Header(slice)?.icmp ?? slice
            for matcher in matchers {
                _ = matcher.replySequence(inner)
                _ = matcher.requestSequence(inner)
            }
        }
        #expect(parsed > 0)
    }
}
