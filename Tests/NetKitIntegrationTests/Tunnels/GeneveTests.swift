import NetKit
import Testing

/// Geneve needs `CONFIG_GENEVE`, which this host's kernel lacks: here the tests check the typed
/// missing-feature error; in the kernel lane (`NETKIT_REQUIRE_IPIP=1`) they create, read back
/// and compare with `ip -j -d link`.
@Suite("Geneve devices")
struct GeneveTests {
    static func infoData(_ ns: TestNamespace, _ name: String) throws -> [String: Any] {
        try #require(((try ns.ip("-d", "link", "show", "dev", name).first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
    }

    @Test("every option, IPv4 and IPv6 remotes, read back and compared with ip -j -d link")
    func createAndReadBack() throws {
        let ns = try TestNamespace("gn")
        let geneve = Geneve(
            name: "gn1", vni: 4096, remote: "10.0.0.3", destinationPort: 6082, ttl: 64, tos: 0x10, udpChecksum: false,
            udp6ZeroChecksumTransmit: true, udp6ZeroChecksumReceive: true)
        guard try OptionalKernelFeature.geneve.create(in: ns, { try ns.net.add(geneve) }) else { return }
        try ns.net.add(Geneve(name: "gn2", vni: 7, remote: "2001:db8::2", udpChecksum: true))
        let link = try ns.net.link(named: "gn1")
        let details = try #require(link.details(as: GeneveDetails.self))
        #expect(link.kind == .geneve)
        #expect(details.vni == 4096 && details.remote == "10.0.0.3" && details.destinationPort == 6082)
        #expect(details.ttl == 64 && details.tos == 0x10 && details.udpChecksum == false && details.udp6ZeroChecksumReceive == true)
        let data = try Self.infoData(ns, "gn1")
        #expect(data["id"] as? Int == 4096 && data["remote"] as? String == "10.0.0.3" && data["port"] as? Int == 6082)
        #expect(data["ttl"] as? Int == 64 && data["tos"] as? String == "0x10")
        #expect(data["udp_csum"] as? Bool == details.udpChecksum && data["udp_zero_csum6_rx"] as? Bool == details.udp6ZeroChecksumReceive)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "gn1"))

        let six = try #require(try ns.net.link(named: "gn2").details(as: GeneveDetails.self))
        let sixData = try Self.infoData(ns, "gn2")
        #expect(six.remote == "2001:db8::2" && sixData["remote6"] as? String == "2001:db8::2")
        #expect(six.destinationPort == 6081 && sixData["port"] as? Int == 6081 && six.ttl == 0 && sixData["ttl"] as? Int == 0)
        #expect(sixData["udp_zero_csum6_tx"] as? Bool == six.udp6ZeroChecksumTransmit && six.udp6ZeroChecksumTransmit == false)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "gn2"))
        try ns.net.deleteLink("gn1")
        #expect(try ns.ip("link", "show").contains { $0["ifname"] as? String == "gn1" } == false)
    }

    @Test("created directly in another namespace")
    func inAnotherNamespace() throws {
        let ns = try TestNamespace("gn"), other = try TestNamespace("gno")
        let geneve = Geneve(name: "gn0", vni: 42, remote: "10.0.0.2", options: LinkOptions(mtu: 1400, namespace: other.namespace))
        guard try OptionalKernelFeature.geneve.create(in: ns, { try ns.net.add(geneve) }) else { return }
        #expect(try ns.net.links().contains { $0.name == "gn0" } == false)
        let link = try other.net.link(named: "gn0")
        #expect(link.mtu == 1400 && link.details(as: GeneveDetails.self)?.remote == "10.0.0.2")
        #expect(try Self.infoData(other, "gn0")["id"] as? Int == 42)
        try other.expectDescriptionMatchesIP(try other.net.link(named: "gn0"))
    }
}
