import Foundation
import Testing

/// The netlink layer is the only code that touches the C module (Architecture.md): everything
/// above `Sources/NetKit/Netlink/` speaks Swift types. A file elsewhere that imports `CNetlink`
/// or calls a `CNL_` shim fails here, before review has to catch it.
@Suite("Layering: only Netlink/ imports CNetlink")
struct LayeringTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/NetKit")

    /// Every Swift file of the NetKit target, as (path relative to Sources/NetKit, text).
    static func swiftFiles() throws -> [(path: String, text: String)] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        return try enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map { path in
            (path, try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8))
        }
    }

    static func importsCNetlink(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { line in
            let words = line.split(separator: " ")
            return words.last == "CNetlink" && words.contains("import")
        }
    }

    @Test("no file outside Netlink/ imports CNetlink or calls a CNL_ shim")
    func onlyNetlinkImportsTheShim() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "found only \(files.count) files under \(Self.sources.path)")
        for (path, text) in files where !path.hasPrefix("Netlink/") {
            #expect(Self.importsCNetlink(text).isEmpty, "\(path) imports CNetlink")
            #expect(!text.contains("CNL_"), "\(path) calls a CNetlink shim")
        }
    }

    @Test("Netlink/ imports CNetlink with internal import, so nothing of it reaches NetKit's users")
    func importIsInternal() throws {
        let importing = try Self.swiftFiles().filter { $0.path.hasPrefix("Netlink/") }
            .flatMap { file in Self.importsCNetlink(file.text).map { (file.path, $0) } }
        #expect(importing.count >= 3, "\(importing)")
        for (path, line) in importing {
            #expect(line == "internal import CNetlink", "\(path): \(line)")
        }
    }
}
