@testable import NetKit
import Testing

/// Namespace names and sysctl keys are file names and paths: the kernel reads their bytes, so
/// they are checked per UTF-8 byte. A `/` followed by a combining mark (U+0301) is a single
/// Swift `Character` that is not `"/"`, yet its first byte is a path separator.
@Suite("Names: namespace names and sysctl keys are checked per byte")
struct NameByteRuleTests {
    /// Names that hide a `/` inside a grapheme cluster with a combining mark.
    static let hiddenSlashNames = ["../\u{301}x", "a/\u{301}b", "/\u{301}", "..\u{301}/\u{301}"]

    private func rejected(_ body: () throws(NetKitError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            guard case .invalidInput(let why) = error.reason else { return "not invalidInput: \(error)" }
            return why
        }
    }

    @Test(
        "a namespace name with a / hidden in a grapheme cluster is rejected before any file is touched",
        arguments: hiddenSlashNames)
    func namespaceNameHiddenSlash(name: String) {
        // open(named:) touches no file when the name is refused; an accepted name would be
        // opened at /run/netns/NAME, which for "../\u{301}x" is /run/\u{301}x.
        let why = rejected { () throws(NetKitError) in _ = try Namespace.open(named: name) }
        #expect(why?.contains("'/'") == true, "\(why ?? "accepted")")
        #expect(rejected { () throws(NetKitError) in _ = try NamespaceDirectory.validate(name, operation: "t") } != nil)
    }

    @Test("names are compared per byte: two spellings of é are two names, and \"..\" is matched by its bytes")
    func namespaceNamesAreBytes() throws {
        #expect(try NamespaceDirectory.validate("caf\u{e9}", operation: "t") == "caf\u{e9}")
        #expect(try NamespaceDirectory.validate("cafe\u{301}", operation: "t") == "cafe\u{301}")
        #expect(rejected { () throws(NetKitError) in _ = try NamespaceDirectory.validate("..", operation: "t") } != nil)
        // ".." followed by a combining mark is a different file name (no '/'), so it is allowed.
        #expect(try NamespaceDirectory.validate("..\u{301}", operation: "t") == "..\u{301}")
    }

    @Test(
        "a sysctl key with a / or . hidden in a grapheme cluster cannot leave /proc/sys/net",
        arguments: ["net/../\u{301}x", "net.///\u{301}x", "net/ipv4/../../\u{301}x"])
    func sysctlKeyHiddenSeparator(key: String) {
        // Rejected, or split into components that are each one file name (no '/' byte, not
        // "." or ".."), so /proc/sys/net/COMPONENTS… stays under /proc/sys/net.
        guard let components = try? SysctlKey.components(of: key, operation: "t") else { return }
        let path = "/proc/sys/" + components.joined(separator: "/")
        #expect(components.first == "net", "\(path)")
        for component in components {
            let bytes = Array(component.utf8)
            #expect(
                !bytes.contains(UInt8(ascii: "/")) && bytes != [0x2E] && bytes != [0x2E, 0x2E],
                "component \(component.unicodeScalars.map { "U+\(String($0.value, radix: 16))" }) of \(path) leaves its directory")
        }
    }

    @Test("sysctl keys split into their components per byte")
    func sysctlKeysPerByte() throws {
        #expect(
            try SysctlKey.components(of: "net/ipv4/conf/caf\u{e9}/rp_filter", operation: "t")
                == ["net", "ipv4", "conf", "caf\u{e9}", "rp_filter"])
        #expect(
            try SysctlKey.components(of: "net.ipv4.conf.eth0/100.rp_filter", operation: "t")
                == ["net", "ipv4", "conf", "eth0.100", "rp_filter"])
    }
}
