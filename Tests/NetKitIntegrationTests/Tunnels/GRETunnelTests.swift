import Foundation
import NetKit
import Testing

/// gre, gretap, ip6gre and ip6gretap need `CONFIG_NET_IPGRE` / `CONFIG_IPV6_GRE`. Where the
/// kernel lacks them these tests check the typed missing-feature error; with
/// `NETKIT_REQUIRE_IPIP=1` (the kernel lane) a missing kind fails them.
@Suite("GRE tunnels")
struct GRETunnelTests {
    @Test("gre with every attribute: read back, compared with ip -j -d and its kind line, deleted")
    func greEveryAttribute() throws {
        let ns = try TestNamespace("gre")
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        let tunnel = GRETunnel(
            name: "gre1", local: "192.168.3.113", remote: "192.168.3.110", ttl: 64, tos: 0x10,
            inputKey: 1, outputKey: 2, inputChecksum: true, outputChecksum: true, inputSequencing: true,
            outputSequencing: true, firewallMark: 0x10, underlyingDevice: "eth1", options: LinkOptions(mtu: 1400))
        guard try OptionalKernelFeature.gre.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        let link = try ns.net.link(named: "gre1")
        #expect(link.kind == .gre && link.mtu == 1400)
        let details = try #require(link.details(as: GRETunnelDetails.self))
        #expect(details.variant == .gre && details.local == "192.168.3.113" && details.remote == "192.168.3.110")
        #expect(details.ttl == 64 && details.tos == 0x10 && details.pathMTUDiscovery && details.firewallMark == 0x10)
        #expect(details.inputKey == 1 && details.outputKey == 2)
        #expect(details.inputChecksum && details.outputChecksum && details.inputSequencing && details.outputSequencing)
        #expect(details.underlyingIndex == (try ns.net.linkIndex(of: "eth1")) && details.underlyingDevice == "eth1")
        let data = try ns.infoData(of: "gre1")
        #expect(data["local"] as? String == "192.168.3.113" && data["remote"] as? String == "192.168.3.110")
        #expect(data["link"] as? String == "eth1" && data["ttl"] as? Int == 64 && data["tos"] as? String == "0x10")
        #expect(data["pmtudisc"] as? Bool == true && data["fwmark"] as? String == "0x10")
        #expect(data["ikey"] as? String == "0.0.0.1" && data["okey"] as? String == "0.0.0.2")
        for flag in ["iseq", "oseq", "icsum", "ocsum"] { #expect(data[flag] as? Bool == true, "\(flag)") }
        try ns.expectKindLine(link.details, of: "gre1")
        try ns.deleteAndExpectGone("gre1")
    }

    @Test("gretap created directly in another namespace: one key, nopmtudisc, nothing in the handle's namespace")
    func gretapInAnotherNamespace() throws {
        let ns = try TestNamespace("grt")
        let other = try TestNamespace("grto")
        let tunnel = GRETunnel(
            name: "gtap1", variant: .gretap, local: "10.0.0.1", remote: "10.0.0.2", key: 7, pathMTUDiscovery: false,
            options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.gre.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        #expect(throws: NetKitError.self) { try ns.net.link(named: "gtap1") }
        let link = try other.net.link(named: "gtap1")
        let details = try #require(link.details(as: GRETunnelDetails.self))
        #expect(link.kind == .gretap && link.hardwareType == .ether && details.variant == .gretap)
        #expect(details.inputKey == 7 && details.outputKey == 7 && !details.pathMTUDiscovery && details.ttl == 0)
        let data = try other.infoData(of: "gtap1")
        #expect(data["ikey"] as? String == "0.0.0.7" && data["pmtudisc"] as? Bool == false && data["ttl"] as? Int == 0)
        try other.expectKindLine(link.details, of: "gtap1")
        try other.deleteAndExpectGone("gtap1")
    }

    @Test("ip6gre in another namespace: hop limit, encapsulation limit, traffic class, flow label, key")
    func ip6gre() throws {
        let ns = try TestNamespace("g6")
        let other = try TestNamespace("g6o")
        let tunnel = GRETunnel(
            name: "g6a", variant: .ip6gre, local: "fd00::1", remote: "fd00::2", ttl: 32, tos: 0x20, key: 5,
            encapsulationLimit: 2, flowLabel: 0x12345, options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.ip6gre.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        let link = try other.net.link(named: "g6a")
        let details = try #require(link.details(as: GRETunnelDetails.self))
        #expect(link.kind == .ip6gre && details.variant == .ip6gre && details.local == "fd00::1" && details.remote == "fd00::2")
        #expect(details.ttl == 32 && details.tos == 0x20 && details.encapsulationLimit == 2 && details.flowLabel == 0x12345)
        #expect(details.inputKey == 5 && details.outputKey == 5)
        let data = try other.infoData(of: "g6a")
        #expect(data["ttl"] as? Int == 32 && data["encap_limit"] as? Int == 2)
        #expect(data["tclass"] as? String == "0x20" && data["flowlabel"] as? String == "0x12345" && data["okey"] as? String == "0.0.0.5")
        try other.expectKindLine(link.details, of: "g6a")
        try other.deleteAndExpectGone("g6a")
    }

    @Test("ip6gretap on an underlying device: encaplimit none, tclass and flowlabel inherit")
    func ip6gretapInherit() throws {
        let ns = try TestNamespace("g6t")
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        let tunnel = GRETunnel(
            name: "g6t1", variant: .ip6gretap, local: "fd00::1", remote: "fd00::2", tos: .inherit,
            encapsulationLimit: TunnelEncapsulationLimit.none, flowLabel: .inherit, underlyingDevice: "eth1")
        guard try OptionalKernelFeature.ip6gre.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        let link = try ns.net.link(named: "g6t1")
        let details = try #require(link.details(as: GRETunnelDetails.self))
        #expect(link.kind == .ip6gretap && details.variant.carriesEthernet && details.ttl == 64 && details.underlyingDevice == "eth1")
        #expect(details.encapsulationLimit == TunnelEncapsulationLimit.none && details.tos == .inherit && details.flowLabel == .inherit)
        let data = try ns.infoData(of: "g6t1")
        #expect(data["ip6_tnl_f_ign_encap_limit"] as? Bool == true && data["ip6_tnl_f_use_orig_tclass"] as? Bool == true)
        #expect(data["ip6_tnl_f_use_orig_flowlabel"] as? Bool == true && data["link"] as? String == "eth1")
        try ns.expectKindLine(link.details, of: "g6t1")
        try ns.deleteAndExpectGone("g6t1")
    }

    @Test("the fallback devices gre0, gretap0, erspan0 and ip6gre0 read back as ip prints them; any/any clashes with gre0")
    func fallbackDevices() throws {
        let ns = try TestNamespace("gfb")
        guard try OptionalKernelFeature.gre.create(in: ns, { try ns.net.add(GRETunnel(name: "gprobe", remote: "10.9.9.9")) }),
            try OptionalKernelFeature.ip6gre.create(
                in: ns, { try ns.net.add(GRETunnel(name: "g6probe", variant: .ip6gre, remote: "fd00::9")) })
        else { return }
        let expected: [(InterfaceName, GRETunnel.Variant)] = [
            ("gre0", .gre), ("gretap0", .gretap), ("erspan0", .erspan), ("ip6gre0", .ip6gre),
        ]
        for (name, variant) in expected {
            let link = try ns.net.link(named: name)
            let details = try #require(link.details(as: GRETunnelDetails.self), "\(name)")
            #expect(link.kind == variant.kind && details.variant == variant, "\(name)")
            #expect(details.local == nil && details.remote == nil && details.ttl == 0, "\(name)")
            try ns.expectKindLine(link.details, of: name)
        }
        #expect(try ns.net.links().compactMap { $0.details(as: GRETunnelDetails.self) }.count >= 6)
        let clash = try #require(throws: NetKitError.self) { try ns.net.add(GRETunnel(name: "gre9")) }
        #expect(clash.errno == .EEXIST && clash.hint?.contains("gre0") == true, "\(clash)")
    }
}
