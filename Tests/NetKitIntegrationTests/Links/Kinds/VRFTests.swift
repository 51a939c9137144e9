import NetKit
import Testing

/// `type vrf` needs `CONFIG_NET_VRF`, which the host kernel lacks: here the tests check the typed
/// missing-feature error; in the kernel lane they must create for real.
@Suite("vrf links")
struct VRFTests {
    @Test("a vrf on table 10 and a port in it: read back, compared with ip -j -d link, deleted")
    func createAndReadBack() throws {
        let ns = try TestNamespace("vrf")
        guard try OptionalKernelFeature.vrf.create(in: ns, { try ns.net.add(VRF(name: "blue", table: 10)) }) else { return }
        let vrf = try ns.net.link(named: "blue")
        #expect(vrf.kind == .vrf && vrf.details(as: VRFDetails.self) == VRFDetails(table: 10))
        let ip = try ns.linkInfo("blue")
        #expect(ip.kind == "vrf" && ip.data["table"] as? Int == 10)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "blue"))

        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        try ns.net.setMaster("eth9", to: "blue")
        let port = try ns.net.link(named: "eth9")
        #expect(port.masterName == "blue" && port.portDetails(as: VRFPortDetails.self) == VRFPortDetails(table: 10))
        #expect(try ns.linkInfo("eth9").portData["table"] as? Int == 10)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "eth9"))

        let duplicate = try #require(throws: NetKitError.self) { try ns.net.add(VRF(name: "blue", table: 11)) }
        #expect(duplicate.errno == .EEXIST)
        try ns.net.deleteLink("blue")
        #expect(try !ns.linkNames().contains("blue"))
    }

    @Test("a vrf created directly in another namespace")
    func inAnotherNamespace() throws {
        let ns = try TestNamespace("vra")
        let other = try TestNamespace("vrb")
        let vrf = VRF(name: "red", table: 20, options: LinkOptions(namespace: other.namespace))
        guard try OptionalKernelFeature.vrf.create(in: ns, { try ns.net.add(vrf) }) else { return }
        #expect(try !ns.linkNames().contains("red"))
        #expect(try other.net.link(named: "red").details(as: VRFDetails.self)?.table == 20)
        #expect(try other.linkInfo("red").data["table"] as? Int == 20)
        try other.expectDescriptionMatchesIP(try other.net.link(named: "red"))
        try other.net.deleteLink("red")
    }
}
