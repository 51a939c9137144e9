import Foundation
import NetKit
import Testing

/// Bridge VLAN filtering needs `CONFIG_BRIDGE_VLAN_FILTERING`, which the host kernel lacks. These
/// tests also run in the kernel lane (`Scripts/test.sh` selects them by this type's name), whose
/// stock Debian kernel has it: there a missing feature is a failure. Elsewhere they check the
/// typed missing-feature error instead, so they never pass by skipping.
@Suite("Bridge VLAN filtering")
struct BridgeVLANTests {
    /// Creates a VLAN-filtering bridge, or checks the typed error and returns false when the
    /// kernel lacks the option (a failure in the kernel lane).
    func addOrExpectMissing(_ ns: TestNamespace, _ name: InterfaceName) throws -> Bool {
        try OptionalKernelFeature.vlanFiltering.create(in: ns) { try ns.net.add(Bridge(name: name, vlanFiltering: true)) }
    }

    @Test("vlan_filtering 1 is what NetKit and ip -j -d link read back")
    func vlanFiltering() throws {
        let ns = try TestNamespace()
        guard try addOrExpectMissing(ns, "br0") else { return }
        let bridge = try #require(try ns.net.link(named: "br0").details(as: BridgeDetails.self))
        #expect(bridge.vlanFiltering)
        let info = try #require(
            ((try ns.ip("-d", "link", "show", "br0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(info["vlan_filtering"] as? Int == 1)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "br0"))
    }

    @Test("a static FDB entry in VLAN 10 (bridge fdb add … vlan 10), read back and checked with bridge -j fdb")
    func forwardingEntryInVLAN() throws {
        let ns = try TestNamespace()
        guard try addOrExpectMissing(ns, "br0") else { return }
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        try ns.net.setMaster("p1", to: "br0")
        _ = try IPTool.text(["-n", ns.name, "vlan", "add", "vid", "10", "dev", "p1"], tool: "/usr/sbin/bridge")
        let mac: MACAddress = "02:00:00:00:0a:10"
        try ns.net.addForwardingEntry(mac, port: "p1", vlan: 10)
        let entry = try #require(try ns.net.forwardingDatabase(bridge: "br0").first { $0.macAddress == mac })
        #expect(entry.vlan == 10 && entry.kind == .static && entry.portName == "p1" && entry.bridgeName == "br0")
        #expect(entry.description == "02:00:00:00:0a:10 dev p1 vlan 10 master br0 static")
        let ip = try #require(try ns.bridge("fdb", "show", "br", "br0").first { $0["mac"] as? String == mac.description })
        #expect(ip["vlan"] as? Int == 10)
        #expect(ip["state"] as? String == "static")
        let text = try IPTool.text(["-n", ns.name, "fdb", "show", "br", "br0"], tool: "/usr/sbin/bridge")
        #expect(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.contains(entry.description), "\(text)")

        // A VLAN the port is not in is refused (EINVAL, with the hint naming bridge vlan add);
        // one it is in, without the entry, finds nothing (ENOENT); the right one removes it.
        let unconfigured = try #require(throws: NetKitError.self) { try ns.net.deleteForwardingEntry(mac, port: "p1", vlan: 20) }
        #expect(unconfigured.errno == .EINVAL)
        #expect(unconfigured.hint?.contains("bridge vlan add vid 20 dev p1") == true, "\(unconfigured)")
        _ = try IPTool.text(["-n", ns.name, "vlan", "add", "vid", "20", "dev", "p1"], tool: "/usr/sbin/bridge")
        let wrong = try #require(throws: NetKitError.self) { try ns.net.deleteForwardingEntry(mac, port: "p1", vlan: 20) }
        #expect(wrong.errno == .ENOENT, "\(wrong)")
        try ns.net.deleteForwardingEntry(mac, port: "p1", vlan: 10)
        #expect(try ns.bridge("fdb", "show", "br", "br0").contains { $0["mac"] as? String == mac.description } == false)
    }
}
