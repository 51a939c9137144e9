import Foundation
import NetKit
import Testing

/// Opening a named namespace that does not exist: ENOENT with a hint saying where the name was
/// looked for and how to list the names there are. Needs no privilege.
@Suite("Missing named namespace")
struct MissingNamespaceTests {
    @Test("open(named:) of a missing name throws ENOENT naming /run/netns/NAME and ip netns list")
    func missingName() throws {
        let name = "nk-missing-\(getpid())"
        #expect(!FileManager.default.fileExists(atPath: "/run/netns/\(name)"))
        let error = try #require(throws: NetKitError.self) { try Namespace.open(named: name) }
        #expect(error.errno == .ENOENT)
        #expect(error.isNotFound)
        #expect(error.object == "netns \(name)")
        let hint = try #require(error.hint)
        #expect(hint.contains("/run/netns/\(name)"))
        #expect(hint.contains("ip netns list"))
        #expect(error.description.contains("ip netns list"))
    }

    @Test("a path that does not exist says which path, without the named-namespace advice")
    func missingPath() throws {
        let path = "/run/netns-missing-\(getpid())/x"
        let error = try #require(throws: NetKitError.self) { try Namespace.open(path: path) }
        #expect(error.errno == .ENOENT)
        #expect(error.hint?.contains(path) == true)
        #expect(error.hint?.contains("ip netns list") != true)
    }
}
