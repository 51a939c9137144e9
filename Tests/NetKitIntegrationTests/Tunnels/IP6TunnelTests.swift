import Foundation
import NetKit
import Testing

/// ip6tnl needs `CONFIG_IPV6_TUNNEL`. Where the kernel lacks it these tests check the typed
/// missing-feature error; with `NETKIT_REQUIRE_IPIP=1` (the kernel lane) a missing ip6tnl fails them.
@Suite("ip6tnl tunnels")
struct IP6TunnelTests {
    @Test("ip6tnl mode ip6ip6 with every attribute: read back, compared with ip -j -d and its kind line, deleted")
    func ip6tnlEveryAttribute() throws {
        let ns = try TestNamespace("i6t")
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        let tunnel = IP6Tunnel(
            name: "i6t1", mode: .ip6ip6, local: "fd00::1", remote: "fd00::2", hopLimit: 32, encapsulationLimit: 5,
            trafficClass: 0x20, flowLabel: 0x12345, underlyingDevice: "eth1")
        guard try OptionalKernelFeature.ip6tnl.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        let link = try ns.net.link(named: "i6t1")
        let details = try #require(link.details(as: IP6TunnelDetails.self))
        #expect(link.kind == .ip6tnl && details.mode == .ip6ip6 && details.local == "fd00::1" && details.remote == "fd00::2")
        #expect(details.hopLimit == 32 && details.encapsulationLimit == 5 && details.trafficClass == 0x20 && details.flowLabel == 0x12345)
        #expect(details.underlyingIndex == (try ns.net.linkIndex(of: "eth1")) && details.underlyingDevice == "eth1")
        let data = try ns.infoData(of: "i6t1")
        #expect(data["proto"] as? String == "ip6ip6" && data["local"] as? String == "fd00::1" && data["remote"] as? String == "fd00::2")
        #expect(data["ttl"] as? Int == 32 && data["encap_limit"] as? Int == 5 && data["link"] as? String == "eth1")
        #expect(data["tclass"] as? String == "0x20" && data["flowlabel"] as? String == "0x12345")
        try ns.expectKindLine(link.details, of: "i6t1")
        try ns.deleteAndExpectGone("i6t1")
    }

    @Test("ip6tnl mode ipip6 created directly in another namespace: encaplimit none, tclass and flowlabel inherit")
    func ipip6InAnotherNamespace() throws {
        let ns = try TestNamespace("i6s")
        let other = try TestNamespace("i6so")
        let tunnel = IP6Tunnel(
            name: "i6t2", mode: .ipip6, local: "fd00::1", remote: "fd00::2", encapsulationLimit: TunnelEncapsulationLimit.none,
            trafficClass: .inherit, flowLabel: .inherit, options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.ip6tnl.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        #expect(throws: NetKitError.self) { try ns.net.link(named: "i6t2") }
        let link = try other.net.link(named: "i6t2")
        let details = try #require(link.details(as: IP6TunnelDetails.self))
        #expect(details.mode == .ipip6 && details.hopLimit == 64 && details.encapsulationLimit == TunnelEncapsulationLimit.none)
        #expect(details.trafficClass == .inherit && details.flowLabel == .inherit)
        let data = try other.infoData(of: "i6t2")
        #expect(data["proto"] as? String == "ipip6" && data["ip6_tnl_f_ign_encap_limit"] as? Bool == true)
        #expect(data["ip6_tnl_f_use_orig_tclass"] as? Bool == true && data["ip6_tnl_f_use_orig_flowlabel"] as? Bool == true)
        try other.expectKindLine(link.details, of: "i6t2")
        try other.deleteAndExpectGone("i6t2")
    }

    @Test("ip6tnl0, the fallback device, reads back as ip prints it; another any/any ip6tnl clashes with it")
    func fallbackDevice() throws {
        let ns = try TestNamespace("i6f")
        guard try OptionalKernelFeature.ip6tnl.create(in: ns, { try ns.net.add(IP6Tunnel(name: "i6probe", remote: "fd00::9")) }) else {
            return
        }
        let fallback = try ns.net.link(named: IP6Tunnel.fallbackDeviceName)
        let details = try #require(fallback.details(as: IP6TunnelDetails.self))
        #expect(fallback.kind == .ip6tnl && details.local == nil && details.remote == nil && details.mode == .ip6ip6)
        try ns.expectKindLine(fallback.details, of: "ip6tnl0")
        let clash = try #require(throws: NetKitError.self) {
            try ns.net.add(IP6Tunnel(name: "i6t9", mode: .ip6ip6, hopLimit: 0, encapsulationLimit: 0))
        }
        #expect(clash.errno == .EEXIST && clash.hint?.contains("ip6tnl0") == true, "\(clash)")
    }
}
