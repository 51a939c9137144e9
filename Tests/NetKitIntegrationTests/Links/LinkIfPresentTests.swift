import Foundation
import NetKit
import Testing

/// `linkIfPresent(named:)` / `linkIfPresent(index:)`: nil for a link that is not there, the
/// link otherwise (as `ip -j link show` reports it), and every other failure still thrown.
@Suite("Links: lookup of a link that may be absent")
struct LinkIfPresentTests {
    @Test("a present link is returned as ip -j link show reports it; an absent name or index is nil")
    func presentAndAbsent() throws {
        let ns = try TestNamespace("lp")
        try ns.net.add(VethPair(name: "lp0", peerName: "lp1"))
        let shown = try #require(try ns.ip("link", "show", "lp0").first)
        let byName = try #require(try ns.net.linkIfPresent(named: "lp0"))
        #expect(Int(byName.index) == shown["ifindex"] as? Int)
        #expect(byName.macAddress?.description == shown["address"] as? String)
        #expect(try ns.net.linkIfPresent(index: byName.index)?.name == "lp0")

        try ns.net.deleteLink("lp0")
        #expect(try ns.ip("link", "show").allSatisfy { $0["ifname"] as? String != "lp0" })
        #expect(try ns.net.linkIfPresent(named: "lp0") == nil)
        #expect(try ns.net.linkIfPresent(named: "lp1") == nil, "the peer went with it")
        #expect(try ns.net.linkIfPresent(index: byName.index) == nil)
    }

    @Test("the async forms: the link, then nil once it is deleted")
    func asyncForms() async throws {
        let ns = try TestNamespace("lp")
        try await ns.net.add(VethPair(name: "lp0", peerName: "lp1"))
        let index = try #require(try ns.ip("link", "show", "lp0").first?["ifindex"] as? Int)
        #expect(try await ns.net.linkIfPresent(named: "lp0").map { Int($0.index) } == index)
        #expect(try await ns.net.linkIfPresent(index: Int32(index))?.name == "lp0")
        try await ns.net.deleteLink("lp0")
        #expect(try await ns.net.linkIfPresent(named: "lp0") == nil)
        #expect(try await ns.net.linkIfPresent(index: Int32(index)) == nil)
    }

    @Test("an invalid name is an error, not nil: it fails as an InterfaceName before any lookup")
    func invalidNameThrows() throws {
        let ns = try TestNamespace("lp")
        let error = try #require(throws: NetKitError.self) { _ = try ns.net.linkIfPresent(named: InterfaceName(parsing: "a/b")) }
        #expect(error.reason.isInvalidInput, "\(error)")
    }
}
