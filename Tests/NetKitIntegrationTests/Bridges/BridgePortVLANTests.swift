import Foundation
import NetKit
import Testing

/// `bridge vlan add/del/show` and a bridge's VLAN options through NetKit, compared with
/// `bridge -j vlan show` and `ip -j -d link`. They need `CONFIG_BRIDGE_VLAN_FILTERING`: on a
/// kernel without it each checks the typed missing-feature error (a failure in the kernel lane,
/// `NETKIT_REQUIRE_IPIP=1`), never a skip.
@Suite("Bridge per-port VLANs")
struct BridgePortVLANTests {
    /// Every (device, id, flags) of `bridge -j vlan show`, ranges expanded.
    static func expanded(_ json: [[String: Any]]) -> Set<String> {
        var rows: Set<String> = []
        for device in json {
            let name = device["ifname"] as? String ?? "?"
            for vlan in device["vlans"] as? [[String: Any]] ?? [] {
                let start = vlan["vlan"] as? Int ?? -1
                let flags = (vlan["flags"] as? [String] ?? []).sorted().joined(separator: ",")
                for id in start...(vlan["vlanEnd"] as? Int ?? start) { rows.insert("\(name) \(id) \(flags)") }
            }
        }
        return rows
    }

    /// The same rows from NetKit's dump.
    static func expanded(_ devices: [BridgeVLANDevice]) -> Set<String> {
        var rows: Set<String> = []
        for device in devices {
            for vlan in device.vlans {
                let flags = ((vlan.isUntagged ? ["Egress Untagged"] : []) + (vlan.isPVID ? ["PVID"] : [])).sorted().joined(separator: ",")
                for id in vlan.ids { rows.insert("\(device.name) \(id) \(flags)") }
            }
        }
        return rows
    }

    func expectMatchesBridgeTool(_ ns: TestNamespace, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try ns.net.bridgeVLANs()
        #expect(Self.expanded(ours) == Self.expanded(try ns.bridge("vlan", "show")), sourceLocation: sourceLocation)
        #expect(Self.expanded(try ns.net.bridgeVLANs(compressed: true)) == Self.expanded(ours), sourceLocation: sourceLocation)
        let text = try IPTool.text(["-n", ns.name, "vlan", "show"], tool: "/usr/sbin/bridge")
        #expect(BridgeVLANDevice.table(ours) == text.trimmingCharacters(in: .newlines), sourceLocation: sourceLocation)
    }

    @Test("bridge vlan add: ids, a range, pvid and untagged on a port, the bridge's own VLAN (self), compared with bridge -j vlan show")
    func addShowDelete() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        try ns.net.setMaster("p1", to: "br0")
        guard
            try OptionalKernelFeature.vlanFiltering.create(
                in: ns,
                {
                    try ns.net.addBridgeVLAN(BridgeVLAN(10, pvid: true, untagged: true), dev: "p1")
                })
        else {
            #expect(try ns.net.bridgeVLANs().isEmpty, "a kernel without VLAN filtering reports no VLANs")
            let own = try #require(throws: NetKitError.self) { try ns.net.addBridgeVLAN(BridgeVLAN(50), dev: "br0", target: .device) }
            guard case .kernelFeatureMissing = own.reason else { Issue.record("\(own)"); return }
            return
        }
        try ns.net.addBridgeVLAN(BridgeVLAN(ids: 20...30), dev: "p1")
        try ns.net.addBridgeVLAN(BridgeVLAN(40, untagged: true), dev: "p1", target: .master)
        try ns.net.addBridgeVLAN(BridgeVLAN(50), dev: "br0", target: .device)
        let p1 = try #require(try ns.net.bridgeVLANs(dev: "p1").first)
        #expect(p1.vlans.map(\.ids.lowerBound) == [1, 10] + Array(20...30) + [40])
        #expect(p1.vlans.first { $0.ids == 10...10 } == BridgeVLAN(10, pvid: true, untagged: true))
        #expect(p1.vlans.first { $0.ids == 1...1 } == BridgeVLAN(1, untagged: true), "the PVID moved from the default VLAN 1 to 10")
        let compressed = try #require(try ns.net.bridgeVLANs(dev: "p1", compressed: true).first)
        #expect(compressed.vlans.contains(BridgeVLAN(ids: 20...30)))
        #expect(try ns.net.bridgeVLANs(dev: "br0").first?.vlans == [BridgeVLAN(1, pvid: true, untagged: true), BridgeVLAN(50)])
        try expectMatchesBridgeTool(ns)

        try ns.net.deleteBridgeVLAN(BridgeVLAN(ids: 20...30), dev: "p1")
        try ns.net.deleteBridgeVLAN(BridgeVLAN(1), dev: "p1")
        try ns.net.deleteBridgeVLAN(BridgeVLAN(50), dev: "br0", target: .device)
        #expect(
            try ns.net.bridgeVLANs(dev: "p1").first?.vlans == [
                BridgeVLAN(10, pvid: true, untagged: true), BridgeVLAN(40, untagged: true),
            ])
        try expectMatchesBridgeTool(ns)
    }

    @Test("a VLAN on a device no bridge answers for is EOPNOTSUPP with a hint, not a missing feature")
    func notABridgePort() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        let loose = try #require(throws: NetKitError.self) { try ns.net.addBridgeVLAN(BridgeVLAN(10), dev: "q1") }
        #expect(loose.errno == .EOPNOTSUPP && loose.hint?.contains("must be a bridge port") == true, "\(loose)")
        let bridge = try #require(throws: NetKitError.self) { try ns.net.addBridgeVLAN(BridgeVLAN(10), dev: "br0") }
        #expect(bridge.errno == .EOPNOTSUPP && bridge.hint?.contains("self") == true, "\(bridge)")
        let missing = try #require(throws: NetKitError.self) { try ns.net.addBridgeVLAN(BridgeVLAN(10), dev: "nosuch0") }
        #expect(missing.isNotFound)
    }

    @Test(
        "vlan_filtering, vlan_protocol 802.1ad and vlan_default_pvid changed on an existing bridge, read back and compared with ip -j -d link"
    )
    func changeOptions() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0"))
        let options = BridgeVLANOptions(vlanFiltering: true, vlanProtocol: .ieee8021ad, defaultPVID: 5)
        guard try OptionalKernelFeature.vlanFiltering.create(in: ns, { try ns.net.setBridgeVLANOptions("br0", to: options) }) else {
            // The kernel ignores the protocol and PVID without the option; NetKit notices.
            let ignored = try #require(throws: NetKitError.self) {
                try ns.net.setBridgeVLANOptions("br0", to: BridgeVLANOptions(defaultPVID: 5))
            }
            guard case .kernelFeatureMissing(let feature) = ignored.reason else { Issue.record("\(ignored)"); return }
            #expect(feature.contains("CONFIG_BRIDGE_VLAN_FILTERING"))
            #expect(try ns.net.link(named: "br0").details(as: BridgeDetails.self)?.vlanProtocol == nil)
            return
        }
        let bridge = try #require(try ns.net.link(named: "br0").details(as: BridgeDetails.self))
        #expect(bridge.vlanFiltering && bridge.vlanProtocol == .ieee8021ad && bridge.defaultPVID == 5)
        let info = try #require(
            ((try ns.ip("-d", "link", "show", "br0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(
            info["vlan_filtering"] as? Int == 1 && info["vlan_protocol"] as? String == "802.1ad" && info["vlan_default_pvid"] as? Int == 5)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "br0"))

        // A new port gets the default PVID; back to 802.1Q, no default PVID and no filtering.
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        try ns.net.setMaster("p1", to: "br0")
        #expect(try ns.net.bridgeVLANs(dev: "p1").first?.vlans == [BridgeVLAN(5, pvid: true, untagged: true)])
        try ns.net.setBridgeVLANOptions("br0", to: BridgeVLANOptions(vlanFiltering: false, vlanProtocol: .ieee8021Q, defaultPVID: 0))
        let after = try #require(try ns.net.link(named: "br0").details(as: BridgeDetails.self))
        #expect(!after.vlanFiltering && after.vlanProtocol == .ieee8021Q && after.defaultPVID == 0)
        let json = try #require(
            ((try ns.ip("-d", "link", "show", "br0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(
            json["vlan_filtering"] as? Int == 0 && json["vlan_protocol"] as? String == "802.1Q" && json["vlan_default_pvid"] as? Int == 0)
    }

    @Test("a bridge created with vlan_protocol 802.1ad and vlan_default_pvid 7 reads them back")
    func createWithOptions() throws {
        let ns = try TestNamespace()
        guard
            try OptionalKernelFeature.vlanFiltering.create(
                in: ns,
                {
                    try ns.net.add(Bridge(name: "br0", vlanFiltering: true, vlanProtocol: .ieee8021ad, defaultPVID: 7))
                })
        else { return }
        let bridge = try #require(try ns.net.link(named: "br0").details(as: BridgeDetails.self))
        #expect(bridge.vlanFiltering && bridge.vlanProtocol == .ieee8021ad && bridge.defaultPVID == 7)
        #expect(try ns.net.bridgeVLANs(dev: "br0").first?.vlans == [BridgeVLAN(7, pvid: true, untagged: true)])
        try expectMatchesBridgeTool(ns)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "br0"))
    }
}
