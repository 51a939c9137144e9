import NetKit
import Testing

/// `type ipvlan` needs `CONFIG_IPVLAN`, which the host kernel lacks: here the tests check the
/// typed missing-feature error; in the kernel lane they must create for real.
@Suite("ipvlan links")
struct IPVLANTests {
    @Test(
        "ipvlan in each mode and flag: read back, compared with ip -j -d link, deleted",
        arguments: [
            (IPVLANMode.l2, IPVLANFlags.bridge), (.l3, .private), (.l3s, .vepa),
        ])
    func modes(_ mode: IPVLANMode, _ flags: IPVLANFlags) throws {
        let ns = try TestNamespace("ipv")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        let ipvlan = IPVLAN(name: "ipv0", parent: "eth9", mode: mode, flags: flags, options: LinkOptions(mtu: 1400))
        guard try OptionalKernelFeature.ipvlan.create(in: ns, { try ns.net.add(ipvlan) }) else { return }
        let link = try ns.net.link(named: "ipv0")
        #expect(link.kind == .ipvlan && link.displayName == "ipv0@eth9" && link.mtu == 1400)
        #expect(link.details(as: IPVLANDetails.self) == IPVLANDetails(mode: mode, flags: flags))
        let ip = try ns.linkInfo("ipv0")
        #expect(ip.kind == "ipvlan" && ip.data["mode"] as? String == mode.description)
        #expect(ip.data[flags.description] as? Bool == true)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "ipv0"))
        try ns.net.deleteLink("ipv0")
        #expect(try !ns.linkNames().contains("ipv0"))
    }

    @Test("without a mode the kernel picks l3 bridge, and NetKit reads it as ip does")
    func defaults() throws {
        let ns = try TestNamespace("ipd")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        guard try OptionalKernelFeature.ipvlan.create(in: ns, { try ns.net.add(IPVLAN(name: "ipv1", parent: "eth9")) }) else { return }
        #expect(try ns.net.link(named: "ipv1").details(as: IPVLANDetails.self) == IPVLANDetails(mode: .l3, flags: .bridge))
        #expect(try ns.linkInfo("ipv1").data["mode"] as? String == "l3")
    }

    @Test("an ipvlan created directly in another namespace, on a parent in the handle's namespace")
    func inAnotherNamespace() throws {
        let ns = try TestNamespace("ipa")
        let other = try TestNamespace("ipb")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        let ipvlan = IPVLAN(name: "eth0", parent: "eth9", mode: .l2, options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.ipvlan.create(in: ns, { try ns.net.add(ipvlan) }) else { return }
        #expect(try !ns.linkNames().contains("eth0"))
        let link = try other.net.link(named: "eth0")
        #expect(link.kind == .ipvlan && link.linkNetnsID != nil && link.details(as: IPVLANDetails.self)?.mode == .l2)
        #expect(try other.linkInfo("eth0").data["mode"] as? String == "l2")
        try other.expectKindLinesMatchIP(link)
        try other.net.deleteLink("eth0")
        #expect(try !other.linkNames().contains("eth0"))
    }
}
