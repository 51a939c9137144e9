#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import Testing
@testable import NetKit

@Suite("IPv4Address")
struct IPv4AddressTests {
    static let valid = [
        "0.0.0.0", "10.0.0.1", "127.0.0.1", "172.19.0.100", "192.168.1.254", "255.255.255.255",
        "1.2.3.4", "100.64.0.10", "224.0.0.251", "169.254.1.1",
    ]

    @Test("valid dotted quads round-trip and agree with inet_pton", arguments: valid)
    func parsesAndPrints(_ text: String) throws {
        let address = try IPv4Address(parsing: text)
        #expect(address.description == text)
        #expect(IPv4Address(text) == address)
        #expect(libcParse(family: AF_INET, text) == address.networkBytes)
        #expect(libcFormat(family: AF_INET, address.networkBytes) == text)
    }

    static let invalid: [(String, String)] = [
        ("300.1.1.1", "octet 300 is out of range 0–255"),
        ("256.0.0.0", "octet 256 is out of range"),
        ("1.2.3.99999999999999999999", "octet 99999999999999999999 is out of range"),
        ("1.2.3", "expected 4 dot-separated decimal octets"),
        ("10.1", "found 2"),
        ("1.2.3.4.5", "found 5"),
        ("01.2.3.4", "leading zero"),
        ("1.2.3.00", "leading zero"),
        ("010.0.0.1", "octal"),
        ("", "is empty"),
        ("1..2.3", "octet 2 is empty"),
        (".1.2.3", "octet 1 is empty"),
        ("1.2.3.", "octet 4 is empty"),
        (" 1.2.3.4", "leading whitespace"),
        ("1.2.3.4 ", "trailing whitespace"),
        ("1.2.3.4\n", "trailing whitespace ('\\n')"),
        ("1.2. 3.4", "whitespace (' ') is not allowed inside"),
        ("+1.2.3.4", "'+'"),
        ("1.2.3.-4", "'-'"),
        ("0x0a.0.0.1", "'x'"),
        ("1.2.3.4/24", "'/'"),
        ("1.2.3.a", "'a'"),
        ("١.2.3.4", "'١'"),
        ("::1", "found 1"),
        ("1.2.3.4\0", "'\\0'"),
    ]

    @Test("invalid text is rejected with a message that quotes it", arguments: invalid)
    func rejects(_ text: String, _ fragment: String) {
        expectInvalidInput(text, operation: "parse IPv4 address", mentioning: [fragment]) {
            _ = try IPv4Address(parsing: text)
        }
        #expect(IPv4Address(text) == nil)
        if !text.contains("\0") {
            #expect(libcParse(family: AF_INET, text) == nil, "inet_pton accepts \(text)")
        }
    }

    @Test func exactMessage() {
        let message = invalidInputMessage { _ = try IPv4Address(parsing: "300.1.1.1") }
        #expect(message == "\"300.1.1.1\": octet 300 is out of range 0–255")
        do {
            _ = try IPv4Address(parsing: "300.1.1.1")
        } catch {
            #expect(
                error.description
                    == "parse IPv4 address 300.1.1.1: invalid input: \"300.1.1.1\": octet 300 is out of range 0–255")
        }
    }

    @Test func hostByteOrder() {
        let address = IPv4Address(10, 0, 0, 1)
        #expect(address.rawValue == 0x0A00_0001)
        #expect(IPv4Address(rawValue: 0xC0A8_0101).description == "192.168.1.1")
        #expect(address.networkBytes == [10, 0, 0, 1])
        var buffer: [UInt8] = [0xFF]
        address.appendNetworkBytes(to: &buffer)
        #expect(buffer == [0xFF, 10, 0, 0, 1])
    }

    @Test func networkBytes() {
        #expect(IPv4Address(networkBytes: [192, 0, 2, 1]) == IPv4Address(192, 0, 2, 1))
        #expect(IPv4Address(networkBytes: [0, 192, 0, 2, 1, 0][1..<5]) == "192.0.2.1")
        #expect(IPv4Address(networkBytes: [1, 2, 3]) == nil)
        #expect(IPv4Address(networkBytes: [1, 2, 3, 4, 5]) == nil)
        #expect(IPv4Address(networkBytes: []) == nil)
    }

    @Test func predicates() {
        #expect(IPv4Address("127.1.2.3").isLoopback)
        #expect(!IPv4Address("128.0.0.1").isLoopback)
        #expect(IPv4Address("224.0.0.1").isMulticast)
        #expect(IPv4Address("239.255.255.255").isMulticast)
        #expect(!IPv4Address("240.0.0.1").isMulticast)
        #expect(IPv4Address("169.254.10.1").isLinkLocal)
        #expect(!IPv4Address("169.253.10.1").isLinkLocal)
        #expect(IPv4Address.any.isUnspecified)
        #expect(IPv4Address.any.description == "0.0.0.0")
        #expect(IPv4Address.broadcast.description == "255.255.255.255")
        #expect(IPv4Address.loopback.description == "127.0.0.1")
        #expect(!IPv4Address.loopback.isUnspecified)
    }

    @Test func ordering() {
        let sorted = (["10.0.0.10", "10.0.0.9", "9.255.255.255", "10.0.1.0"] as [IPv4Address]).sorted()
        #expect(sorted.map(\.description) == ["9.255.255.255", "10.0.0.9", "10.0.0.10", "10.0.1.0"])
    }

    @Test func codableUsesTheString() throws {
        let (decoded, json) = try jsonRoundTrip(IPv4Address(10, 1, 2, 3))
        #expect(json == "\"10.1.2.3\"")
        #expect(decoded == IPv4Address(10, 1, 2, 3))
        let bad = Data("\"10.1.2.300\"".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IPv4Address.self, from: bad) }
    }

    @Test func literal() {
        let address: IPv4Address = "192.0.2.1"
        #expect(address == IPv4Address(192, 0, 2, 1))
    }
}
