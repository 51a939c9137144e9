import Foundation
import NetKit
import Testing

/// `ip netns list`'s names are file names: NetKit sorts them by their bytes, as the kernel and
/// ``InterfaceName`` compare names, not by `String`'s Unicode order.
@Suite("Namespace list order")
struct NamespaceListOrderTests {
    @Test("namedNamespaces() is in byte order: B < a < e+U+0301 < f < é (precomposed)")
    func byteOrder() throws {
        try requirePrivilege()
        let prefix = TestNamespace.uniqueName("bo") + "-"
        // "e\u{301}" and "é" are equal as Strings, and String orders both after "f"; their
        // bytes (65 CC 81, C3 A9) put one before "f" (66) and one after.
        let suffixes = ["f", "a", "\u{E9}", "B", "e\u{301}"]
        defer { for suffix in suffixes { try? Namespace.delete(named: prefix + suffix, whenInUse: .detach) } }
        for suffix in suffixes { _ = try Namespace.create(named: prefix + suffix) }
        let listed = try Namespace.namedNamespaces().filter { $0.hasPrefix(prefix) }
            .map { Array($0.utf8.dropFirst(prefix.utf8.count)) }
        #expect(listed == ["B", "a", "e\u{301}", "f", "\u{E9}"].map { Array($0.utf8) })
    }
}
