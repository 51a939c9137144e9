import NetKit
import Testing

@Suite("Links: list, get, set")
struct LinkBasicsTests {
    @Test("a fresh namespace has only lo, and NetKit agrees with ip -j link")
    func freshNamespaceHasLoopback() throws {
        let ns = try TestNamespace()
        let links = try ns.net.links()
        let ipLinks = try ns.ip("link", "show")
        #expect(links.map(\.name.rawValue) == ipLinks.compactMap { $0["ifname"] as? String })
        let lo = try #require(links.first)
        #expect(lo.kind == .loopback)
        #expect(lo.isUp)
        #expect(lo.mtu == 65536)
        #expect(ipLinks.first?["flags"] as? [String] == lo.flags.names)
        #expect(ipLinks.first?["operstate"] as? String == lo.operationalState.description)
    }

    @Test("link(index:) returns the same link as link(named:), at ip's ifindex; a missing index is ENODEV")
    func linkByIndex() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "va", peerName: "vb"))
        let byName = try ns.net.link(named: "vb")
        let ipIndex = try #require(try ns.ip("link", "show", "vb").first?["ifindex"] as? Int)
        #expect(Int(byName.index) == ipIndex)
        let byIndex = try ns.net.link(index: Int32(ipIndex))
        #expect(byIndex == byName)
        #expect(byIndex.displayName == "vb@va")
        let missing = try #require(throws: NetKitError.self) { try ns.net.link(index: 9999) }
        #expect(missing.errno == .ENODEV && missing.isNotFound)
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
