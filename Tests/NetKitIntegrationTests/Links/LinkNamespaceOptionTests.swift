import NetKit
import Testing

/// `LinkOptions.namespace` (`IFLA_NET_NS_FD` in the creating request, `ip link add NAME netns NS
/// type KIND`): any kind is created directly inside another namespace, never in the handle's.
@Suite("Links created directly in another namespace")
struct LinkNamespaceOptionTests {
    @Test("a bridge, an ifb and a dummy made from one namespace's handle land only in the other")
    func kindsInAnotherNamespace() throws {
        let ns = try TestNamespace("lno")
        let other = try TestNamespace("lnt")
        let there = LinkOptions(mtu: 1400, namespace: other.namespace)
        try ns.net.add(Bridge(name: "br9", options: there, stp: true))
        try ns.net.add(IFB(name: "ifb9", options: there))
        let dummy = try OptionalKernelFeature.dummy.create(in: ns) { try ns.net.add(Dummy(name: "dm9", options: there)) }
        let names: [InterfaceName] = ["br9", "ifb9"] + (dummy ? ["dm9"] : [])
        for name in names {
            let link = try other.net.link(named: name)
            #expect(link.mtu == 1400, "\(name)")
            let ip = try #require(try other.ip("-d", "link", "show", "dev", name.rawValue).first)
            #expect((ip["linkinfo"] as? [String: Any])?["info_kind"] as? String == link.kind.description)
            try other.expectDescriptionMatchesIP(try other.net.link(named: name))
        }
        #expect(try other.net.link(named: "br9").details(as: BridgeDetails.self)?.stp == true)
        let here = try ns.net.links().map(\.name)
        #expect(names.allSatisfy { !here.contains($0) }, "nothing was created in the handle's namespace: \(here)")
        try other.net.deleteLink("br9")
        #expect(throws: NetKitError.self) { try other.net.link(named: "br9") }
    }
}
