import NetKit
import Testing

/// `type vlan` needs `CONFIG_VLAN_8021Q` (module 8021q), which the host kernel lacks: here the
/// tests check the typed missing-feature error; in the kernel lane they must create for real.
@Suite("vlan links")
struct VLANTests {
    @Test("vlan 100 and an 802.1ad vlan with flags and QoS maps: every attribute read back and compared with ip -j -d link, then deleted")
    func createAndReadBack() throws {
        let ns = try TestNamespace("vl")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        guard try OptionalKernelFeature.vlan.create(in: ns, { try ns.net.add(VLAN(name: "eth9.100", parent: "eth9", id: 100)) }) else {
            return
        }
        let plain = try ns.net.link(named: "eth9.100")
        #expect(plain.kind == .vlan && plain.parentName == "eth9")
        #expect(plain.details(as: VLANDetails.self) == VLANDetails(id: 100, vlanProtocol: .ieee8021Q, flags: [.reorderHeader]))
        var ip = try ns.linkInfo("eth9.100")
        #expect(ip.kind == "vlan" && ip.data["id"] as? Int == 100 && ip.data["protocol"] as? String == "802.1Q")
        #expect(ip.data["flags"] as? [String] == ["REORDER_HDR"])
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "eth9.100"))

        try ns.net.add(
            VLAN(
                name: "qinq", parent: "eth9", id: 200, vlanProtocol: .ieee8021ad, flags: [.gvrp, .looseBinding],
                ingressQoSMap: [VLANQoSMapping(from: 1, to: 2)], egressQoSMap: [VLANQoSMapping(from: 5, to: 6)],
                options: LinkOptions(mtu: 1400)))
        let qinq = try #require(try ns.net.link(named: "qinq").details(as: VLANDetails.self))
        #expect(
            qinq
                == VLANDetails(
                    id: 200, vlanProtocol: .ieee8021ad, flags: [.gvrp, .looseBinding],
                    ingressQoSMap: [VLANQoSMapping(from: 1, to: 2)], egressQoSMap: [VLANQoSMapping(from: 5, to: 6)]))
        ip = try ns.linkInfo("qinq")
        #expect(ip.data["protocol"] as? String == "802.1ad" && ip.data["id"] as? Int == 200)
        #expect(ip.data["flags"] as? [String] == ["GVRP", "LOOSE_BINDING"])
        #expect((ip.data["ingress_qos"] as? [[String: Any]])?.first?["to"] as? Int == 2)
        #expect((ip.data["egress_qos"] as? [[String: Any]])?.first?["from"] as? Int == 5)
        #expect(try ns.net.link(named: "qinq").mtu == 1400)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "qinq"))

        let duplicate = try #require(throws: NetKitError.self) { try ns.net.add(VLAN(name: "eth9.100", parent: "eth9", id: 101)) }
        #expect(duplicate.errno == .EEXIST)
        try ns.net.deleteLink("eth9.100")
        try ns.net.deleteLink("qinq")
        #expect(try ns.linkNames().allSatisfy { $0 != "eth9.100" && $0 != "qinq" })
    }

    @Test("a vlan created directly in another namespace, on a parent in the handle's namespace")
    func inAnotherNamespace() throws {
        let ns = try TestNamespace("vla")
        let other = try TestNamespace("vlb")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        let vlan = VLAN(name: "pod.7", parent: "eth9", id: 7, options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.vlan.create(in: ns, { try ns.net.add(vlan) }) else { return }
        #expect(try !ns.linkNames().contains("pod.7"))
        let link = try other.net.link(named: "pod.7")
        #expect(link.kind == .vlan && link.linkNetnsID != nil, "the parent is in another namespace")
        #expect(link.details(as: VLANDetails.self)?.id == 7)
        #expect(try other.linkInfo("pod.7").data["id"] as? Int == 7)
        try other.expectKindLinesMatchIP(link)
        try other.net.deleteLink("pod.7")
        #expect(try !other.linkNames().contains("pod.7"))
    }

    @Test("a parent that does not exist is an error before anything is created")
    func missingParent() throws {
        let ns = try TestNamespace("vlm")
        let error = try #require(throws: NetKitError.self) { try ns.net.add(VLAN(name: "v0", parent: "nope0", id: 5)) }
        #expect(error.errno == .ENODEV, "\(error)")
        #expect(try !ns.linkNames().contains("v0"))
    }
}
