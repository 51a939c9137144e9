#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import Testing
@testable import NetKit

@Suite("IPv6Address")
struct IPv6AddressTests {
    /// (input, canonical form as `ip -6` prints it)
    static let canonical: [(String, String)] = [
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0db8::0001", "2001:db8::1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("::", "::"),
        ("::1", "::1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("fe80::1", "fe80::1"),
        ("FE80::ABCD", "fe80::abcd"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::FFFF:c000:0201", "::ffff:192.0.2.1"),
        ("0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::ffff:0:0", "::ffff:0.0.0.0"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("1:0:0:0:1:0:0:0", "1::1:0:0:0"),
        ("0:0:1:0:0:0:0:0", "0:0:1::"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:db8::", "2001:db8::"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("::1.2.3.4", "::1.2.3.4"),
        ("ff02::1:ff00:1", "ff02::1:ff00:1"),
        ("2001:db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::8a2e:370:7334"),
        ("fe80:0:0:0:0:0:0:0", "fe80::"),
        ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
    ]

    @Test("canonical form matches inet_ntop (what ip -6 prints)", arguments: canonical)
    func canonicalForm(_ text: String, _ expected: String) throws {
        let address = try IPv6Address(parsing: text)
        #expect(address.description == expected)
        #expect(try IPv6Address(parsing: expected) == address)
        #expect(libcParse(family: AF_INET6, text) == address.networkBytes)
        #expect(libcFormat(family: AF_INET6, address.networkBytes) == expected)
    }

    static let invalid: [(String, String)] = [
        ("::1::2", "\"::\" may appear only once"),
        ("1::2::3", "only once"),
        ("1:2:3:4:5:6:7:8:9", "has 9 groups; an IPv6 address has 8"),
        ("1:2:3:4:5:6:7:1.2.3.4", "has 9 groups"),
        ("1:2:3:4:5:6:7:8::", "8 groups besides \"::\""),
        ("::1:2:3:4:5:6:7:8", "8 groups besides"),
        ("1:2:3", "only 3 groups and no \"::\""),
        ("12345::", "group \"12345\" has 5 hex digits; at most 4"),
        ("::00000", "at most 4"),
        ("", "is empty"),
        (" ::1", "leading whitespace"),
        ("::1 ", "trailing whitespace"),
        ("fe80:: 1", "whitespace"),
        ("fe80::1%eth0", "zone ids (\"%eth0\") are not part of an address"),
        ("fe80::1%", "zone ids"),
        (":::", "3 colons in a row"),
        ("1::::2", "4 colons"),
        (":1::", "begins with a single ':'"),
        (":1:2:3:4:5:6:7", "begins with a single"),
        ("1::2:", "ends with a single ':'"),
        (":", "begins with a single"),
        ("g::1", "group \"g\" contains 'g', which is not a hex digit"),
        ("-1::", "'-'"),
        ("0x1::", "'x'"),
        ("+1::", "'+'"),
        ("1.2.3.4::", "the dotted IPv4 part \"1.2.3.4\" may only come last"),
        ("::1.2.3.4:1", "may only come last"),
        ("::1.2.3", "in the IPv4 part \"1.2.3\": expected 4"),
        ("::1.2.3.256", "octet 256 is out of range 0–255"),
        ("::ffff:01.2.3.4", "leading zero"),
        ("[::1]", "brackets"),
        ("1.2.3.4", "only 2 groups"),
        ("fe80::1/64", "'/'"),
        ("2001:db8::1\u{A0}", "trailing whitespace ('\\u{A0}')"),
    ]

    @Test("invalid text is rejected with a message that quotes it", arguments: invalid)
    func rejects(_ text: String, _ fragment: String) {
        expectInvalidInput(text, operation: "parse IPv6 address", mentioning: [fragment]) {
            _ = try IPv6Address(parsing: text)
        }
        #expect(IPv6Address(text) == nil)
        #expect(libcParse(family: AF_INET6, text) == nil, "inet_pton accepts \(text)")
    }

    @Test func exactMessages() {
        #expect(
            invalidInputMessage { _ = try IPv6Address(parsing: "fe80::1%eth0") }
                == "\"fe80::1%eth0\": zone ids (\"%eth0\") are not part of an address; give the interface separately")
        #expect(
            invalidInputMessage { _ = try IPv6Address(parsing: "::1::2") }
                == "\"::1::2\": \"::\" may appear only once")
    }

    /// Random addresses, biased towards zero groups so every compression case occurs, must
    /// print exactly as glibc prints them and parse back from both the short and the full form.
    @Test func matchesInetNtopOnRandomAddresses() throws {
        var generator = SplitMix64(seed: 0x6E65_746B_6974)
        for _ in 0..<5000 {
            var groups: [UInt16] = []
            for _ in 0..<8 {
                switch Int.random(in: 0..<6, using: &generator) {
                case 0, 1, 2: groups.append(0)
                case 3: groups.append(0xFFFF)
                case 4: groups.append(UInt16.random(in: 0...0xF, using: &generator))
                default: groups.append(UInt16.random(in: 0...0xFFFF, using: &generator))
                }
            }
            let address = IPv6Address(
                groups[0], groups[1], groups[2], groups[3], groups[4], groups[5], groups[6], groups[7])
            #expect(address.groups == groups)
            let expected = libcFormat(family: AF_INET6, address.networkBytes)
            #expect(address.description == expected, "groups \(groups)")
            #expect(try IPv6Address(parsing: address.description) == address)
            let full = groups.map { String($0, radix: 16, uppercase: true) }.joined(separator: ":")
            #expect(try IPv6Address(parsing: full) == address)
        }
    }

    @Test func bytesAndHalves() throws {
        let address = try IPv6Address(parsing: "2001:db8::1")
        #expect(address.high == 0x2001_0DB8_0000_0000)
        #expect(address.low == 1)
        #expect(address == IPv6Address(high: 0x2001_0DB8_0000_0000, low: 1))
        #expect(address == IPv6Address(0x2001, 0xDB8, 0, 0, 0, 0, 0, 1))
        let bytes: [UInt8] = [0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 11) + [1]
        #expect(address.networkBytes == bytes)
        #expect(IPv6Address(networkBytes: bytes) == address)
        #expect(IPv6Address(networkBytes: bytes.dropLast()) == nil)
        #expect(IPv6Address(networkBytes: bytes + [0]) == nil)
        var buffer: [UInt8] = [7]
        address.appendNetworkBytes(to: &buffer)
        #expect(buffer == [7] + bytes)
    }

    @Test func predicates() throws {
        #expect(IPv6Address.loopback.isLoopback)
        #expect(IPv6Address.loopback.description == "::1")
        #expect(IPv6Address.any.isUnspecified)
        #expect(IPv6Address.any.description == "::")
        #expect(try IPv6Address(parsing: "fe80::1").isLinkLocal)
        #expect(try IPv6Address(parsing: "febf:ffff::1").isLinkLocal)
        #expect(try !IPv6Address(parsing: "fec0::1").isLinkLocal)
        #expect(try !IPv6Address(parsing: "fe7f::1").isLinkLocal)
        #expect(try IPv6Address(parsing: "ff02::1").isMulticast)
        #expect(try !IPv6Address(parsing: "fe02::1").isMulticast)
        #expect(try !IPv6Address(parsing: "::2").isLoopback)
    }

    @Test func ipv4Mapped() throws {
        let mapped = IPv6Address(ipv4Mapped: IPv4Address(192, 0, 2, 1))
        #expect(mapped.description == "::ffff:192.0.2.1")
        #expect(mapped.ipv4Mapped == IPv4Address(192, 0, 2, 1))
        #expect(try IPv6Address(parsing: "::1.2.3.4").ipv4Mapped == nil)
        #expect(try IPv6Address(parsing: "1::ffff:1.2.3.4").ipv4Mapped == nil)
    }

    @Test func ordering() throws {
        let sorted = (["fe80::1", "::1", "2001:db8::2", "2001:db8::10", "::"] as [IPv6Address]).sorted()
        #expect(sorted.map(\.description) == ["::", "::1", "2001:db8::2", "2001:db8::10", "fe80::1"])
    }

    @Test func codableUsesCanonicalText() throws {
        let (decoded, json) = try jsonRoundTrip(IPv6Address("2001:0DB8::0001"))
        #expect(json == "\"2001:db8::1\"")
        #expect(decoded == "2001:db8::1")
        let bad = Data("\"fe80::1%eth0\"".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IPv6Address.self, from: bad) }
    }
}
