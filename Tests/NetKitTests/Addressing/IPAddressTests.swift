import Foundation
import Testing
@testable import NetKit

@Suite("IPAddress and AddressFamily")
struct IPAddressTests {
    @Test(arguments: [
        ("10.0.0.1", AddressFamily.ipv4, "10.0.0.1"),
        ("fe80::1", .ipv6, "fe80::1"),
        ("::ffff:10.0.0.1", .ipv6, "::ffff:10.0.0.1"),
        ("2001:DB8::0:1", .ipv6, "2001:db8::1"),
    ])
    func parsesByContent(_ text: String, _ family: AddressFamily, _ canonical: String) throws {
        let address = try IPAddress(parsing: text)
        #expect(address.family == family)
        #expect(address.description == canonical)
        #expect(address.networkBytes.count == family.addressByteCount)
        #expect(IPAddress(family: family, networkBytes: address.networkBytes) == address)
    }

    @Test(arguments: [
        ("10.0.0.256", "parse IPv4 address", "octet 256 is out of range"),
        ("fe80::1%eth0", "parse IPv6 address", "zone ids"),
        ("", "parse IPv4 address", "is empty"),
        ("eth0", "parse IPv4 address", "expected 4 dot-separated"),
    ])
    func rejects(_ text: String, _ operation: String, _ fragment: String) {
        expectInvalidInput(text, operation: operation, mentioning: [fragment]) {
            _ = try IPAddress(parsing: text)
        }
        #expect(IPAddress(text) == nil)
    }

    @Test func networkBytesMustMatchTheFamily() {
        #expect(IPAddress(family: .ipv4, networkBytes: [10, 0, 0, 1]) == .v4(IPv4Address(10, 0, 0, 1)))
        #expect(IPAddress(family: .ipv4, networkBytes: [UInt8](repeating: 0, count: 16)) == nil)
        #expect(IPAddress(family: .ipv6, networkBytes: [10, 0, 0, 1]) == nil)
        #expect(IPAddress(family: .ipv6, networkBytes: [UInt8](repeating: 0, count: 16)) == .v6(.any))
        #expect(IPAddress(family: .ipv6, networkBytes: []) == nil)
        var buffer: [UInt8] = []
        IPAddress.v4(IPv4Address(1, 2, 3, 4)).appendNetworkBytes(to: &buffer)
        #expect(buffer == [1, 2, 3, 4])
    }

    @Test func accessorsAndPredicates() {
        let v4: IPAddress = "127.0.0.1"
        let v6: IPAddress = "fe80::1"
        #expect(v4.ipv4 == IPv4Address.loopback)
        #expect(v4.ipv6 == nil)
        #expect(v6.ipv6 == "fe80::1")
        #expect(v6.ipv4 == nil)
        #expect(v4.isLoopback && !v6.isLoopback)
        #expect(v6.isLinkLocal && !v4.isLinkLocal)
        #expect(IPAddress("ff02::1").isMulticast)
        #expect(IPAddress("239.1.1.1").isMulticast)
        #expect(IPAddress("::").isUnspecified)
        #expect(IPAddress("0.0.0.0").isUnspecified)
    }

    @Test func ordersIPv4BeforeIPv6() {
        let sorted = (["::1", "10.0.0.2", "10.0.0.1", "::"] as [IPAddress]).sorted()
        #expect(sorted.map(\.description) == ["10.0.0.1", "10.0.0.2", "::", "::1"])
    }

    @Test func codable() throws {
        let addresses: [IPAddress] = ["10.0.0.1", "2001:db8::1"]
        let (decoded, json) = try jsonRoundTrip(addresses)
        #expect(decoded == addresses)
        #expect(json == #"["10.0.0.1","2001:db8::1"]"#)
    }

    @Test func familyNumbersAreTheKernels() {
        #expect(AddressFamily.ipv4.rawValue == 2)
        #expect(AddressFamily.ipv6.rawValue == 10)
        #expect(AddressFamily(rawValue: 2) == .ipv4)
        #expect(AddressFamily(rawValue: 10) == .ipv6)
        #expect(AddressFamily(rawValue: 0) == nil)
        #expect(AddressFamily.ipv4.maxPrefixLength == 32)
        #expect(AddressFamily.ipv6.maxPrefixLength == 128)
        #expect(AddressFamily.ipv4.addressByteCount == 4)
        #expect(AddressFamily.ipv6.addressByteCount == 16)
    }

    @Test(arguments: [("inet", AddressFamily.ipv4), ("ipv4", .ipv4), ("inet6", .ipv6), ("ipv6", .ipv6)])
    func familyText(_ text: String, _ family: AddressFamily) throws {
        #expect(try AddressFamily(parsing: text) == family)
        #expect(AddressFamily(family.description) == family)
    }

    @Test func familyTextErrorsAndCodable() throws {
        expectInvalidInput("inet4", operation: "parse address family", mentioning: ["inet6"]) {
            _ = try AddressFamily(parsing: "inet4")
        }
        #expect(AddressFamily.ipv4.description == "inet")
        #expect(AddressFamily.ipv6.description == "inet6")
        let (decoded, json) = try jsonRoundTrip(AddressFamily.ipv6)
        #expect(decoded == .ipv6)
        #expect(json == "\"inet6\"")
    }
}
