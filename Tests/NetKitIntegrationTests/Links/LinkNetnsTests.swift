import NetKit
import Testing

@Suite("The peer's namespace of a link (link-netns, link-netnsid)")
struct LinkNetnsTests {
    /// `ip -j -d link show dev NAME`'s `link_netnsid`.
    private static func ipNetnsID(_ ns: TestNamespace, _ name: String) throws -> Int? {
        try ns.ip("-d", "link", "show", "dev", name).first?["link_netnsid"] as? Int
    }

    @Test("a veth whose peer is in a named namespace prints link-netns NAME, as ip link does")
    func namedPeerNamespace() throws {
        let host = try TestNamespace("h")
        let pod = try TestNamespace("p")
        try host.net.add(VethPair(name: "ln0", peerName: "eth0", peerNamespace: pod.namespace))
        let link = try host.net.link(named: "ln0")
        let id = try #require(link.linkNetnsID)
        #expect(try Self.ipNetnsID(host, "ln0") == Int(id))
        #expect(link.linkNetnsName == pod.name)
        let theirs = try host.trimmedLines("link", "show", "dev", "ln0")
        #expect(theirs.count == 2 && theirs[1].hasSuffix("link-netns \(pod.name)"))
        #expect(link.description.split(separator: "\n").dropFirst().first.map { $0.hasSuffix("link-netns \(pod.name)") } == true)
        try host.expectDescriptionMatchesIP(try host.net.link(named: "ln0"))
        // The listing names it too, and the same id is kept.
        let listed = try #require(try host.net.links().first { $0.name == "ln0" })
        #expect(listed.linkNetnsID == id && listed.linkNetnsName == pod.name)
    }

    @Test("a veth whose peer namespace has no name keeps link-netnsid N, as ip link does")
    func unnamedPeerNamespace() throws {
        let host = try TestNamespace("h")
        let anonymous = try Namespace.anonymous()
        try host.net.add(VethPair(name: "ln1", peerName: "eth0", peerNamespace: anonymous))
        let link = try host.net.link(named: "ln1")
        let id = try #require(link.linkNetnsID)
        #expect(try Self.ipNetnsID(host, "ln1") == Int(id))
        #expect(link.linkNetnsName == nil)
        let theirs = try host.trimmedLines("link", "show", "dev", "ln1")
        #expect(theirs.count == 2 && theirs[1].hasSuffix("link-netnsid \(id)"))
        #expect(link.description.contains("link-netnsid \(id)"))
        try host.expectDescriptionMatchesIP(try host.net.link(named: "ln1"))
        withExtendedLifetime(anonymous) {}
    }

    @Test("links in the same namespace carry no netnsid and name no namespace")
    func samePeerNamespace() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "ln2", peerName: "ln2p"))
        let link = try ns.net.link(named: "ln2")
        #expect(link.linkNetnsID == nil && link.linkNetnsName == nil)
        #expect(!link.description.contains("link-netns"))
    }
}
