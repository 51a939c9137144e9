#if canImport(Glibc)
    import Glibc
#endif
import Testing
@testable import NetKit

@Suite("recvmsg ancillary data and socket addresses")
struct SocketMessageParsingTests {
    /// One `cmsghdr` element as the kernel lays it out: length (size_t), level, type, data,
    /// padded to `CMSG_ALIGN`.
    static func element(level: Int32, type: Int32, data: [UInt8]) -> [UInt8] {
        let length = SocketMessageParsing.controlHeaderSize + data.count
        var bytes = withUnsafeBytes(of: length) { Array($0) }
        bytes += withUnsafeBytes(of: level) { Array($0) }
        bytes += withUnsafeBytes(of: type) { Array($0) }
        bytes += data
        while bytes.count % MemoryLayout<Int>.size != 0 { bytes.append(0) }
        return bytes
    }

    static func sockaddrIn(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> [UInt8] {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = (UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)).bigEndian
        return withUnsafeBytes(of: address) { Array($0) }
    }

    /// `sock_extended_err` for "host unreachable" followed by the offender.
    static func extendedError(errno: Int32, origin: UInt8, type: UInt8, code: UInt8, info: UInt32 = 0, offender: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: errno) { Array($0) } + [origin, type, code, 0]
            + withUnsafeBytes(of: info) { Array($0) } + [0, 0, 0, 0] + offender
    }

    @Test("the header size and alignment are glibc's")
    func layout() {
        #expect(SocketMessageParsing.controlHeaderSize == MemoryLayout<cmsghdr>.size)
        #expect(SocketMessageParsing.controlAlignment == MemoryLayout<Int>.size)
    }

    @Test("a TTL and an IP_RECVERR element parse in order, with the ICMP error's fields and offender")
    func twoElements() throws {
        let error = Self.extendedError(errno: EHOSTUNREACH, origin: 2, type: 3, code: 1, offender: Self.sockaddrIn(172, 19, 0, 101))
        let buffer =
            Self.element(level: 0, type: 2, data: withUnsafeBytes(of: Int32(64)) { Array($0) })
            + Self.element(level: 0, type: 11, data: error)
        let messages = SocketMessageParsing.controlMessages(buffer[...])
        #expect(messages.map(\.level) == [0, 0])
        #expect(messages.map(\.type) == [2, 11])
        #expect(SocketMessageParsing.integer(messages[0].data) == 64)
        let parsed = try #require(SocketMessageParsing.ExtendedError(messages[1].data))
        #expect(parsed.errno == EHOSTUNREACH)
        #expect(parsed.origin == ICMPConstants.originICMP)
        #expect(parsed.type == 3 && parsed.code == 1)
        #expect(parsed.offender == "172.19.0.101")
    }

    @Test("a local error has no offender")
    func localError() throws {
        var unspecified = [UInt8](repeating: 0, count: 16)
        unspecified[0] = 0
        let parsed = try #require(
            SocketMessageParsing.ExtendedError(
                Self.extendedError(errno: EMSGSIZE, origin: 1, type: 0, code: 0, info: 1400, offender: unspecified)[...]))
        #expect(parsed.offender == nil)
        #expect(parsed.info == 1400)
    }

    @Test("sockaddr_in6 gives the address and the scope id")
    func ipv6Address() throws {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_scope_id = 7
        withUnsafeMutableBytes(of: &address.sin6_addr) { raw in
            for (index, byte) in IPv6Address("fe80::1").networkBytes.enumerated() { raw[index] = byte }
        }
        let parsed = try #require(SocketMessageParsing.address(withUnsafeBytes(of: address) { Array($0) }[...]))
        #expect(parsed.address == "fe80::1")
        #expect(parsed.scopeID == 7)
        #expect(SocketMessageParsing.address(Self.sockaddrIn(10, 0, 0, 1)[...])?.address == "10.0.0.1")
    }

    @Test("lengths that do not fit end the walk instead of reading past the buffer")
    func truncated() {
        let good = Self.element(level: 0, type: 2, data: [64, 0, 0, 0])
        var tooLong = good
        tooLong[0] = 200
        var tooShort = good
        tooShort[0] = 3
        for index in 1..<MemoryLayout<Int>.size { tooShort[index] = 0 }
        #expect(SocketMessageParsing.controlMessages(tooLong[...]).isEmpty)
        #expect(SocketMessageParsing.controlMessages(tooShort[...]).isEmpty)
        #expect(SocketMessageParsing.controlMessages((good + tooLong)[...]).count == 1)
        // The last element may lack its padding, not its data.
        #expect(SocketMessageParsing.controlMessages(good.dropLast(good.count - SocketMessageParsing.controlHeaderSize - 4)).count == 1)
        #expect(SocketMessageParsing.controlMessages(good.prefix(SocketMessageParsing.controlHeaderSize + 3)).isEmpty)
        #expect(SocketMessageParsing.integer([1, 2][...]) == nil)
        #expect(SocketMessageParsing.ExtendedError([UInt8](repeating: 0, count: 15)[...]) == nil)
        #expect(SocketMessageParsing.address(Self.sockaddrIn(10, 0, 0, 1).prefix(7)) == nil)
        #expect(SocketMessageParsing.address([][...]) == nil)
    }

    @Test("arbitrary bytes never trap any parser")
    func arbitraryBytes() {
        let valid = Self.element(
            level: 0, type: 11, data: Self.extendedError(errno: 113, origin: 2, type: 3, code: 1, offender: Self.sockaddrIn(1, 2, 3, 4)))
        var parsedElements = 0
        for (round, bytes) in arbitraryByteSamples(20_000, mutating: valid, maxRandomLength: 96).enumerated() {
            let slice = bytes.dropFirst(round % 5)
            for message in SocketMessageParsing.controlMessages(slice) {
                parsedElements += 1
                _ = SocketMessageParsing.integer(message.data)
                _ = SocketMessageParsing.ExtendedError(message.data)
            }
            _ = SocketMessageParsing.ExtendedError(slice)
            _ = SocketMessageParsing.address(slice)
        }
        #expect(parsedElements > 0)
    }
}
