import Foundation
import Testing

/// The netlink layer is the only code that touches the C modules (Architecture.md): everything
/// above `Sources/NetKit/Netlink/` speaks Swift types. A file elsewhere that imports `CNetlink`
/// or `CNetKitShims`, or calls a `CNL_` or `CNetKitShims_` shim, fails here, before review has
/// to catch it.
@Suite("Layering: only Netlink/ imports CNetlink and CNetKitShims")
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

    static let cModules: [Substring] = ["CNetlink", "CNetKitShims"]

    /// The lines of `text` that import one of NetKit's C modules (`module`, or any of them).
    static func importsCModule(_ text: String, _ module: Substring? = nil) -> [Substring] {
        text.split(separator: "\n").filter { line in
            let words = line.split(separator: " ")
            guard let last = words.last, words.contains("import") else { return false }
            return module.map { last == $0 } ?? cModules.contains(last)
        }
    }

    static var root: URL { sources.deletingLastPathComponent().deletingLastPathComponent() }

    @Test("no file outside Netlink/ imports CNetlink or CNetKitShims or calls a CNL_ or CNetKitShims_ shim")
    func onlyNetlinkImportsTheShim() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 100, "found only \(files.count) files under \(Self.sources.path)")
        for (path, text) in files where !path.hasPrefix("Netlink/") {
            #expect(Self.importsCModule(text).isEmpty, "\(path) imports a C module")
            #expect(!text.contains("CNL_"), "\(path) calls a CNetlink shim")
            #expect(!text.contains("CNetKitShims_"), "\(path) calls a CNetKitShims function")
        }
    }

    @Test("Netlink/ imports the C modules with internal import, so nothing of them reaches NetKit's users")
    func importIsInternal() throws {
        let netlink = try Self.swiftFiles().filter { $0.path.hasPrefix("Netlink/") }
        let importing = netlink.flatMap { file in Self.importsCModule(file.text).map { (file.path, $0) } }
        #expect(importing.count >= 4, "\(importing)")
        for (path, line) in importing {
            #expect(line == "internal import CNetlink" || line == "internal import CNetKitShims", "\(path): \(line)")
        }
        // The system calls have one home: SystemCalls.swift.
        let shimUsers = netlink.filter { !Self.importsCModule($0.text, "CNetKitShims").isEmpty }.map(\.path)
        #expect(shimUsers == ["Netlink/SystemCalls.swift"])
    }

    @Test("the _GNU_SOURCE-only calls are compiled in CNetKitShims, not declared by hand in CNetlink's header")
    func noHandDeclaredPrototypes() throws {
        let header = try String(contentsOf: Self.root.appendingPathComponent("Sources/CNetlink/CNetlink.h"), encoding: .utf8)
        for line in header.split(separator: "\n") where !line.hasPrefix("//") {
            #expect(!line.hasPrefix("extern "), "CNetlink.h declares \(line)")
            for call in ["setns(", "unshare(", "pthread_setname_np(", "syscall(", "ioctl("] {
                #expect(!line.contains(call), "CNetlink.h calls \(call)…): \(line)")
            }
        }
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".target(name: "CNetKitShims", path: "Sources/CNetKitShims", cSettings: [.define("_GNU_SOURCE")])"#))
    }
}
