import Foundation
import Testing
@testable import NetKit

@Suite("InterfaceName")
struct InterfaceNameTests {
    static let valid = [
        "eth0", "lo", "a", "veth1_p", "wlp0s20f3", "eth0.100", "br-0123456789ab", "x.y", "...",
        "café", "ééééééé", "ééééééex", "tun%d", "-", "123456789012345",
    ]

    @Test("valid names are kept as written", arguments: valid)
    func accepts(_ name: String) throws {
        let parsed = try InterfaceName(parsing: name)
        #expect(parsed.rawValue == name)
        #expect(parsed.description == name)
        #expect(InterfaceName(rawValue: name) == parsed)
        #expect(InterfaceName(name) == parsed)
        #expect(name.utf8.count <= 15)
    }

    static let invalid: [(String, String)] = [
        ("", "is empty"),
        ("averyveryverylongname", "is 21 bytes; interface names are at most 15 bytes (IFNAMSIZ-1)"),
        ("0123456789abcdef", "is 16 bytes"),
        ("éééééééé", "is 16 bytes"),
        ("ééééééé12", "is 16 bytes"),
        (".", "is not allowed"),
        ("..", "is not allowed"),
        ("a/b", "contains '/'"),
        ("a/\u{301}x", "contains '/'"),
        ("eth0:1", "contains ':'"),
        ("a b", "whitespace (' ')"),
        (" eth0", "whitespace"),
        ("eth0 ", "whitespace"),
        ("a\tb", "whitespace ('\\t')"),
        ("a\nb", "whitespace ('\\n')"),
        ("a\u{0B}b", "whitespace ('\\u{B}')"),
        ("a\u{0C}b", "whitespace ('\\u{C}')"),
        ("a\rb", "whitespace ('\\r')"),
        ("a\0b", "NUL byte"),
        ("vethà", "'à' (UTF-8 bytes c3 a0)"),
        ("eth\u{A0}0", "byte a0"),
    ]

    @Test("names the kernel would refuse are rejected with a message that quotes them", arguments: invalid)
    func rejects(_ name: String, _ fragment: String) {
        expectInvalidInput(name, operation: "validate interface name", mentioning: [fragment]) {
            _ = try InterfaceName(parsing: name)
        }
        #expect(InterfaceName(rawValue: name) == nil)
        #expect(InterfaceName(name) == nil)
    }

    @Test func exactLengthMessage() {
        #expect(
            invalidInputMessage { _ = try InterfaceName(parsing: "averyveryverylongname") }
                == "\"averyveryverylongname\" is 21 bytes; interface names are at most 15 bytes (IFNAMSIZ-1)")
    }

    @Test func boundaryIsFifteenBytes() throws {
        #expect(InterfaceName(String(repeating: "x", count: 15)) != nil)
        #expect(InterfaceName(String(repeating: "x", count: 16)) == nil)
        // 'é' is 2 bytes in UTF-8: 7 of them plus one ASCII byte is exactly 15.
        #expect(InterfaceName(String(repeating: "é", count: 7) + "x") != nil)
        #expect(InterfaceName(String(repeating: "é", count: 7) + "xy") == nil)
        #expect(InterfaceName.maxByteCount == 15)
    }

    @Test func equalityIsBytewiseLikeTheKernel() {
        let composed: InterfaceName = "caf\u{E9}"
        let decomposed: InterfaceName = "cafe\u{301}"
        #expect(composed.rawValue == decomposed.rawValue, "Swift's String equality merges them")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
    }

    @Test func ordering() {
        let names = (["eth1", "eth0", "br0", "eth10", "lo"] as [InterfaceName]).sorted()
        #expect(names.map(\.rawValue) == ["br0", "eth0", "eth1", "eth10", "lo"])
        #expect(InterfaceName.loopback.rawValue == "lo")
    }

    @Test("a list of names prints as the same list of strings would")
    func debugDescriptionMatchesString() {
        let names: [InterfaceName] = ["lo", "veth1_p"]
        #expect(names.description == ["lo", "veth1_p"].description)
        #expect(String(describing: Optional(InterfaceName.loopback)) == String(describing: Optional("lo")))
    }

    @Test func codable() throws {
        let (decoded, json) = try jsonRoundTrip(["eth0", "veth1_p"] as [InterfaceName])
        #expect(decoded == ["eth0", "veth1_p"])
        #expect(json == #"["eth0","veth1_p"]"#)
        let bad = Data(#""eth0:1""#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InterfaceName.self, from: bad) }
    }
}
