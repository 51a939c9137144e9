import NetKit
import Testing

/// `ip netns set NAME ID`, `ip netns list-id` and `link-netnsid`, checked against `ip -j`.
@Suite("Namespace ids")
struct NamespaceIDTests {
    @Test("set an id, read it back, list it with the namespace's name, see it as link-netnsid")
    func setListAndLinkNetnsID() throws {
        let ns = try TestNamespace(), peer = try TestNamespace("p"), other = try TestNamespace("o")
        #expect(try ns.net.namespaceID(of: peer.namespace) == nil)
        try ns.net.setNamespaceID(peer.namespace, to: 7)
        #expect(try ns.net.namespaceID(of: peer.namespace) == 7)
        #expect(try ns.net.namespaceIDs() == [NamespaceID(id: 7, name: peer.name)])
        let ip = try ns.ip("netns", "list-id")
        #expect(ip.count == 1 && ip.first?["nsid"] as? Int == 7 && ip.first?["name"] as? String == peer.name)
        let text = try IPTool.text(["-n", ns.name, "netns", "list-id"])
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == NamespaceID(id: 7, name: peer.name).description)

        // A veth whose peer is there reports the id as link-netnsid, in NetKit and in ip.
        try ns.net.add(VethPair(name: "ni0", peerName: "ni1", peerNamespace: peer.namespace))
        #expect(try ns.net.link(named: "ni0").linkNetnsID == 7)
        #expect(try ns.ip("link", "show", "ni0").first?["link_netnsid"] as? Int == 7)

        // The id is taken; the namespace already has one; negative ids are refused up front.
        let taken = try #require(throws: NetKitError.self) { try ns.net.setNamespaceID(other.namespace, to: 7) }
        #expect(taken.errno == .EEXIST)
        #expect(throws: NetKitError.self) { try ns.net.setNamespaceID(other.namespace, to: -3) }
        // auto: the kernel picks a free id.
        try ns.net.setNamespaceID(other.namespace, to: nil)
        let picked = try #require(try ns.net.namespaceID(of: other.namespace))
        #expect(picked != 7 && picked >= 0)
        #expect(Set(try ns.net.namespaceIDs().map(\.id)) == [7, picked])
        #expect(Set(try ns.ip("netns", "list-id").compactMap { $0["nsid"] as? Int }) == [7, Int(picked)])
    }
}
