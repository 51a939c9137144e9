import NetKit
import Testing

@Suite("Links: list, get, set")
struct LinkBasicsTests {
    @Test("a fresh namespace has only lo, and NetKit agrees with ip -j link")
    func freshNamespaceHasLoopback() throws {
        let ns = try TestNamespace()
        let links = try ns.net.links()
        let ipLinks = try ns.ip("link", "show")
        #expect(links.map(\.name) == ipLinks.compactMap { $0["ifname"] as? String })
        let lo = try #require(links.first)
        #expect(lo.kind == .loopback)
        #expect(lo.isUp)
        #expect(lo.mtu == 65536)
        #expect(ipLinks.first?["flags"] as? [String] == lo.flags.names)
        #expect(ipLinks.first?["operstate"] as? String == lo.operationalState.description)
    }

    @Test("link(named:) of a missing link is a typed not-found error")
    func missingLink() throws {
        let ns = try TestNamespace()
        let error = try #require(throws: NetKitError.self) { try ns.net.link(named: "nothere0") }
        #expect(error.errno == .ENODEV)
        #expect(error.isNotFound)
        #expect(error.description.contains("nothere0"))
    }
}
