import Foundation
import NetKit
import Testing

/// sit needs `CONFIG_IPV6_SIT`. Where the kernel lacks it these tests check the typed
/// missing-feature error; with `NETKIT_REQUIRE_IPIP=1` (the kernel lane) a missing sit fails them.
@Suite("SIT tunnels")
struct SITTunnelTests {
    @Test("sit mode ip6ip with every attribute: read back, compared with ip -j -d and its kind line, deleted")
    func sitEveryAttribute() throws {
        let ns = try TestNamespace("sit")
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        let tunnel = SITTunnel(
            name: "sit1", mode: .ip6ip, local: "192.168.3.113", remote: "192.168.3.110", ttl: 64, tos: 0x10,
            firewallMark: 0x20, underlyingDevice: "eth1")
        guard try OptionalKernelFeature.sit.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        let link = try ns.net.link(named: "sit1")
        let details = try #require(link.details(as: SITTunnelDetails.self))
        #expect(link.kind == .sit && details.mode == .ip6ip && details.local == "192.168.3.113" && details.remote == "192.168.3.110")
        #expect(details.ttl == 64 && details.tos == 0x10 && details.pathMTUDiscovery && !details.isatap && details.firewallMark == 0x20)
        #expect(details.underlyingIndex == (try ns.net.linkIndex(of: "eth1")) && details.underlyingDevice == "eth1")
        #expect(details.sixRDPrefix?.description == "2002::/16", "the kernel's 6to4 default")
        let data = try ns.infoData(of: "sit1")
        #expect(
            data["proto"] as? String == "ip6ip" && data["local"] as? String == "192.168.3.113"
                && data["remote"] as? String == "192.168.3.110")
        #expect(
            data["ttl"] as? Int == 64 && data["tos"] as? String == "0x10" && data["pmtudisc"] as? Bool == true
                && data["link"] as? String == "eth1")
        #expect(data["prefix"] as? String == "2002::" && data["prefixlen"] as? Int == 16 && data["fwmark"] as? String == "0x20")
        try ns.expectKindLine(link.details, of: "sit1")
        try ns.deleteAndExpectGone("sit1")
    }

    @Test("an ISATAP sit created directly in another namespace, nopmtudisc, tos inherit")
    func isatapInAnotherNamespace() throws {
        let ns = try TestNamespace("sis")
        let other = try TestNamespace("siso")
        let tunnel = SITTunnel(
            name: "isatap1", local: "10.0.0.1", tos: .inherit, pathMTUDiscovery: false, isatap: true,
            options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.sit.create(in: ns, { try ns.net.add(tunnel) }) else { return }
        #expect(throws: NetKitError.self) { try ns.net.link(named: "isatap1") }
        let link = try other.net.link(named: "isatap1")
        let details = try #require(link.details(as: SITTunnelDetails.self))
        #expect(details.isatap && details.mode == .any && details.tos == .inherit && !details.pathMTUDiscovery && details.remote == nil)
        let data = try other.infoData(of: "isatap1")
        #expect(data["isatap"] as? Bool == true && data["proto"] as? String == "any" && data["pmtudisc"] as? Bool == false)
        try other.expectKindLine(link.details, of: "isatap1")
        try other.deleteAndExpectGone("isatap1")
    }

    @Test("sit0, the fallback device, reads back as ip prints it; another any/any sit clashes with it")
    func fallbackDevice() throws {
        let ns = try TestNamespace("sfb")
        guard try OptionalKernelFeature.sit.create(in: ns, { try ns.net.add(SITTunnel(name: "sprobe", remote: "10.9.9.9")) }) else {
            return
        }
        let sit0 = try ns.net.link(named: SITTunnel.fallbackDeviceName)
        let details = try #require(sit0.details(as: SITTunnelDetails.self))
        #expect(sit0.kind == .sit && details.local == nil && details.remote == nil && details.mode == .ip6ip)
        try ns.expectKindLine(sit0.details, of: "sit0")
        let clash = try #require(throws: NetKitError.self) { try ns.net.add(SITTunnel(name: "sit9", mode: .ip6ip)) }
        #expect(clash.errno == .EEXIST && clash.hint?.contains("sit0") == true, "\(clash)")
    }
}
