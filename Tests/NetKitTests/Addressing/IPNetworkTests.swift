import Foundation
import Testing
@testable import NetKit

@Suite("IPNetwork")
struct IPNetworkTests {
    /// (input, description, prefix length)
    static let valid: [(String, String, UInt8)] = [
        ("10.0.0.0/8", "10.0.0.0/8", 8),
        ("fe80::/64", "fe80::/64", 64),
        ("10.0.0.1", "10.0.0.1/32", 32),
        ("2001:db8::1", "2001:db8::1/128", 128),
        ("default", "0.0.0.0/0", 0),
        ("0.0.0.0/0", "0.0.0.0/0", 0),
        ("::/0", "::/0", 0),
        ("172.19.0.100/24", "172.19.0.100/24", 24),
        ("2001:DB8::/32", "2001:db8::/32", 32),
        ("10.0.0.0/32", "10.0.0.0/32", 32),
        ("::ffff:1.2.3.4/96", "::ffff:1.2.3.4/96", 96),
        ("fe80::1/10", "fe80::1/10", 10),
    ]

    @Test("valid prefixes parse and print", arguments: valid)
    func parses(_ text: String, _ description: String, _ prefixLength: UInt8) throws {
        let network = try IPNetwork(parsing: text)
        #expect(network.description == description)
        #expect(network.prefixLength == prefixLength)
        #expect(try IPNetwork(parsing: description) == network)
        #expect(IPNetwork(text) == network)
    }

    static let invalid: [(String, String)] = [
        ("10.0.0.1/33", "prefix length 33 is out of range 0–32 for IPv4"),
        ("fe80::/129", "prefix length 129 is out of range 0–128 for IPv6"),
        ("10.0.0.0/99999999999999999999", "out of range 0–32"),
        ("10.0.0.0/-1", "prefix length \"-1\" is not a decimal number"),
        ("/-1", "the address before '/' is empty"),
        ("/8", "the address before '/' is empty"),
        ("10.0.0.0/abc", "prefix length \"abc\" is not a decimal number"),
        ("10.0.0.0/+8", "is not a decimal number"),
        ("10.0.0.0/ 8", "whitespace (' ') is not allowed inside"),
        ("10.0.0.0/8 ", "trailing whitespace"),
        (" 10.0.0.0/8", "leading whitespace"),
        ("10.0.0.0/08", "prefix length \"08\" has a leading zero; write 8"),
        ("10.0.0.0/", "the prefix length after '/' is empty"),
        ("10.0.0.0/8/9", "more than one '/'"),
        ("", "is empty"),
        ("10.0.0.0/255.0.0.0", "is a netmask; write the prefix length /8"),
        ("10.0.0.0/255.0.255.0", "is not a decimal number"),
        ("10.0.0.300/8", "octet 300 is out of range 0–255"),
        ("fe80::1%eth0/64", "zone ids"),
        ("fe80::1::/64", "only once"),
        ("Default", "expected 4 dot-separated"),
        ("default ", "trailing whitespace"),
    ]

    @Test("invalid prefixes are rejected with a message that quotes them", arguments: invalid)
    func rejects(_ text: String, _ fragment: String) {
        expectInvalidInput(text, operation: "parse IP network", mentioning: [fragment]) {
            _ = try IPNetwork(parsing: text)
        }
        #expect(IPNetwork(text) == nil)
    }

    @Test(arguments: [
        ("172.19.0.100/24", true, "172.19.0.0/24"),
        ("10.0.0.0/8", false, "10.0.0.0/8"),
        ("10.0.0.1/0", true, "0.0.0.0/0"),
        ("10.0.0.1/32", false, "10.0.0.1/32"),
        ("10.0.0.3/31", true, "10.0.0.2/31"),
        ("fe80::1/64", true, "fe80::/64"),
        ("2001:db8::1/127", true, "2001:db8::/127"),
        ("2001:db8:0:0:8000::/65", false, "2001:db8:0:0:8000::/65"),
        ("2001:db8:0:0:4000::/65", true, "2001:db8::/65"),
        ("2001:db8:0:1::/63", true, "2001:db8::/63"),
        ("2001:db8::1/128", false, "2001:db8::1/128"),
        ("::1/0", true, "::/0"),
    ])
    func hostBits(_ text: String, _ hasHostBits: Bool, _ masked: String) throws {
        let network = try IPNetwork(parsing: text)
        #expect(network.hasHostBits == hasHostBits)
        #expect(network.masked.description == masked)
        #expect(!network.masked.hasHostBits)
        #expect(network.masked.prefixLength == network.prefixLength)
    }

    @Test func strictPrefixRejectsHostBits() throws {
        #expect(try IPNetwork(strictPrefix: "10.0.0.0/8").description == "10.0.0.0/8")
        #expect(try IPNetwork(strictPrefix: "fe80::/64").description == "fe80::/64")
        #expect(try IPNetwork(strictPrefix: "default") == .defaultRoute(.ipv4))
        expectInvalidInput("10.0.0.1/8", operation: "parse IP network") {
            _ = try IPNetwork(strictPrefix: "10.0.0.1/8")
        }
        #expect(
            invalidInputMessage { _ = try IPNetwork(strictPrefix: "10.0.0.1/8") }
                == "\"10.0.0.1/8\" has host bits set; did you mean 10.0.0.0/8?")
        #expect(
            invalidInputMessage { _ = try IPNetwork(strictPrefix: "fe80::1/64") }
                == "\"fe80::1/64\" has host bits set; did you mean fe80::/64?")
        expectInvalidInput("10.0.0.1/33", operation: "parse IP network", mentioning: ["out of range"]) {
            _ = try IPNetwork(strictPrefix: "10.0.0.1/33")
        }
    }

    @Test func validatingNetwork() throws {
        let network = try IPNetwork(validatingNetwork: "192.168.0.0", prefixLength: 16)
        #expect(network.description == "192.168.0.0/16")
        expectInvalidInput("192.168.1.0/16", operation: "create IP network", mentioning: ["did you mean 192.168.0.0/16?"]) {
            _ = try IPNetwork(validatingNetwork: "192.168.1.0", prefixLength: 16)
        }
        expectInvalidInput("::/129", operation: "create IP network", mentioning: ["0–128"]) {
            _ = try IPNetwork(validatingNetwork: "::", prefixLength: 129)
        }
    }

    @Test func memberwiseInitChecksTheLength() throws {
        #expect(try IPNetwork(address: "10.0.0.1", prefixLength: 24).description == "10.0.0.1/24")
        expectInvalidInput("10.0.0.1/33", operation: "create IP network", mentioning: ["0–32"]) {
            _ = try IPNetwork(address: "10.0.0.1", prefixLength: 33)
        }
        #expect(IPNetwork(host: "10.0.0.1").description == "10.0.0.1/32")
        #expect(IPNetwork(host: "::1").description == "::1/128")
    }

    @Test func contains() throws {
        let ten: IPNetwork = "10.0.0.0/8"
        #expect(ten.contains("10.255.255.255"))
        #expect(ten.contains("10.0.0.0"))
        #expect(!ten.contains("11.0.0.0"))
        #expect(!ten.contains("9.255.255.255"))
        #expect(!ten.contains("::ffff:10.0.0.1"))
        #expect(IPNetwork("10.0.0.7/24").contains("10.0.0.200"))
        #expect(IPNetwork.defaultRoute(.ipv4).contains("203.0.113.9"))
        #expect(!IPNetwork.defaultRoute(.ipv4).contains("::1"))
        #expect(IPNetwork.defaultRoute(.ipv6).contains("2001:db8::1"))
        let linkLocal: IPNetwork = "fe80::/10"
        #expect(linkLocal.contains("febf::1"))
        #expect(!linkLocal.contains("fec0::1"))
        #expect(!linkLocal.contains("169.254.0.1"))
        let host: IPNetwork = "10.0.0.1/32"
        #expect(host.contains("10.0.0.1"))
        #expect(!host.contains("10.0.0.2"))
    }

    @Test(arguments: [
        ("10.0.0.0/24", "255.255.255.0"),
        ("10.0.0.0/0", "0.0.0.0"),
        ("10.0.0.0/32", "255.255.255.255"),
        ("10.0.0.0/19", "255.255.224.0"),
        ("fe80::/64", "ffff:ffff:ffff:ffff::"),
        ("fe80::/65", "ffff:ffff:ffff:ffff:8000::"),
        ("fe80::/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ("::/0", "::"),
    ])
    func netmask(_ text: String, _ mask: String) throws {
        #expect(try IPNetwork(parsing: text).netmask.description == mask)
    }

    @Test func broadcastLikeBrdPlus() throws {
        #expect(IPNetwork("10.0.0.1/24").broadcast == "10.0.0.255")
        #expect(IPNetwork("10.0.0.1/30").broadcast == "10.0.0.3")
        #expect(IPNetwork("10.0.0.1/31").broadcast == nil)
        #expect(IPNetwork("10.0.0.1/32").broadcast == nil)
        #expect(IPNetwork("10.0.0.1/0").broadcast == "255.255.255.255")
        #expect(IPNetwork("fe80::1/64").broadcast == nil)
    }

    @Test(arguments: [
        ("10.0.0.1/32", "10.0.0.1"),
        ("10.0.0.0/8", "10.0.0.0/8"),
        ("default", "default"),
        ("::/0", "default"),
        ("2001:db8::1/128", "2001:db8::1"),
        ("2001:db8::/64", "2001:db8::/64"),
    ])
    func routeDescription(_ text: String, _ expected: String) throws {
        let network = try IPNetwork(parsing: text)
        #expect(network.routeDescription == expected)
        #expect(network.description.contains("/"))
    }

    @Test func defaultRoutes() {
        #expect(IPNetwork.defaultRoute(.ipv4).description == "0.0.0.0/0")
        #expect(IPNetwork.defaultRoute(.ipv6).description == "::/0")
        #expect(IPNetwork.defaultRoute(.ipv6).family == .ipv6)
        #expect(IPNetwork.defaultRoute(.ipv4).isDefaultRoute)
        #expect(!IPNetwork("10.0.0.0/8").isDefaultRoute)
        #expect(IPNetwork("default") == IPNetwork.defaultRoute(.ipv4))
    }

    @Test func codable() throws {
        let networks: [IPNetwork] = ["172.19.0.100/24", "fe80::/64"]
        let (decoded, json) = try jsonRoundTrip(networks)
        #expect(decoded == networks)
        let strings = try JSONDecoder().decode([String].self, from: Data(json.utf8))
        #expect(strings == ["172.19.0.100/24", "fe80::/64"])
        let bad = Data(#""10.0.0.0/33""#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IPNetwork.self, from: bad) }
    }
}
