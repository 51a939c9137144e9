import NetKit
import Testing

/// VXLAN devices created by NetKit, read back, and compared with `ip -j -d link` (this host's
/// kernel has VXLAN, so these run everywhere).
@Suite("VXLAN devices")
struct VXLANTests {
    static func infoData(_ ns: TestNamespace, _ name: String) throws -> [String: Any] {
        try #require(((try ns.ip("-d", "link", "show", "dev", name).first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
    }

    /// Every field of `details` against `ip -j -d link`'s `info_data`.
    static func expectMatches(_ details: VXLANDetails, _ data: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(data["id"] as? Int == Int(details.vni), sourceLocation: sourceLocation)
        #expect(data["local"] as? String ?? data["local6"] as? String == details.local?.description, sourceLocation: sourceLocation)
        #expect(data["remote"] as? String ?? data["remote6"] as? String == details.remote?.description, sourceLocation: sourceLocation)
        #expect(data["group"] as? String ?? data["group6"] as? String == details.group?.description, sourceLocation: sourceLocation)
        #expect(data["link"] as? String == details.underlyingDevice?.rawValue, sourceLocation: sourceLocation)
        let range = data["port_range"] as? [String: Any]
        #expect(range?["low"] as? Int == Int(details.sourcePortRange?.lowerBound ?? 0), sourceLocation: sourceLocation)
        #expect(range?["high"] as? Int == Int(details.sourcePortRange?.upperBound ?? 0), sourceLocation: sourceLocation)
        #expect(data["port"] as? Int == Int(details.destinationPort), sourceLocation: sourceLocation)
        #expect(data["learning"] as? Bool == details.learning, sourceLocation: sourceLocation)
        #expect((data["proxy"] as? Bool ?? false) == details.proxy, sourceLocation: sourceLocation)
        #expect((data["l2miss"] as? Bool ?? false) == details.l2Miss, sourceLocation: sourceLocation)
        #expect((data["l3miss"] as? Bool ?? false) == details.l3Miss, sourceLocation: sourceLocation)
        #expect(data["ttl"] as? Int == Int(details.ttl), sourceLocation: sourceLocation)
        let tos: String? =
            switch details.tos {
            case .value(0): nil
            case .inherit: "inherit"
            case .value(let value): "0x\(String(value, radix: 16))"
            }
        #expect(data["tos"] as? String == tos, sourceLocation: sourceLocation)
        #expect(data["ageing"] as? Int == Int(details.ageingTime.components.seconds), sourceLocation: sourceLocation)
        #expect(data["udp_csum"] as? Bool == details.udpChecksum, sourceLocation: sourceLocation)
        #expect(data["udp_zero_csum6_tx"] as? Bool == details.udp6ZeroChecksumTransmit, sourceLocation: sourceLocation)
        #expect(data["udp_zero_csum6_rx"] as? Bool == details.udp6ZeroChecksumReceive, sourceLocation: sourceLocation)
        #expect((data["gbp"] as? Bool ?? false) == details.groupBasedPolicy, sourceLocation: sourceLocation)
    }

    @Test("every option, read back and compared with ip -j -d link; ip -d link's text line for line")
    func everyOption() throws {
        let ns = try TestNamespace("vx")
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        let vxlan = VXLAN(
            name: "vx1", vni: 4096, local: "10.0.0.1", remote: "10.0.0.2", destinationPort: 8472, sourcePortRange: 1000...2000,
            learning: false, underlyingDevice: "eth1", ttl: 64, tos: 0x10, udpChecksum: false, udp6ZeroChecksumTransmit: true,
            udp6ZeroChecksumReceive: true, groupBasedPolicy: true, ageingTime: .seconds(120), l2Miss: true, l3Miss: true, proxy: true)
        try ns.net.add(vxlan)
        let link = try ns.net.link(named: "vx1")
        let details = try #require(link.details(as: VXLANDetails.self))
        #expect(link.kind == .vxlan)
        #expect(
            details
                == VXLANDetails(
                    vni: 4096, local: "10.0.0.1", remote: "10.0.0.2", destinationPort: 8472, sourcePortRange: 1000...2000,
                    learning: false, underlyingIndex: try ns.net.linkIndex(of: "eth1"), underlyingDevice: "eth1", ttl: 64,
                    tos: 0x10, udpChecksum: false, udp6ZeroChecksumTransmit: true, udp6ZeroChecksumReceive: true,
                    groupBasedPolicy: true, ageingTime: .seconds(120), l2Miss: true, l3Miss: true, proxy: true))
        Self.expectMatches(details, try Self.infoData(ns, "vx1"))
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "vx1"))
        #expect(try ns.net.links().first { $0.name == "vx1" }?.details(as: VXLANDetails.self)?.underlyingDevice == "eth1")
        try ns.net.deleteLink("vx1")
        #expect(try ns.ip("link", "show").contains { $0["ifname"] as? String == "vx1" } == false)
    }

    @Test("defaults (Calico's vxlan.calico), a multicast group, IPv6 endpoints: each as ip reads it")
    func variants() throws {
        let ns = try TestNamespace("vx")
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        try ns.net.add(VXLAN(name: "vxlan.calico", vni: 4096, local: "10.0.0.1", learning: false, options: LinkOptions(mtu: 1410)))
        try ns.net.add(VXLAN(name: "vx2", vni: 7, group: "239.1.1.1", underlyingDevice: "eth1"))
        try ns.net.add(VXLAN(name: "vx3", vni: 8, local: "2001:db8::1", remote: "2001:db8::2", udpChecksum: true))
        let calico = try #require(try ns.net.link(named: "vxlan.calico").details(as: VXLANDetails.self))
        #expect(calico.destinationPort == 4789 && calico.remote == nil && calico.group == nil && !calico.learning && calico.ttl == 0)
        #expect(calico.sourcePortRange == nil && calico.ageingTime == .seconds(300) && calico.udpChecksum)
        #expect(try ns.net.link(named: "vxlan.calico").mtu == 1410)
        #expect(try ns.net.link(named: "vx2").details(as: VXLANDetails.self)?.group == "239.1.1.1")
        #expect(try ns.net.link(named: "vx3").details(as: VXLANDetails.self)?.remote == "2001:db8::2")
        for name: InterfaceName in ["vxlan.calico", "vx2", "vx3"] {
            Self.expectMatches(
                try #require(try ns.net.link(named: name).details(as: VXLANDetails.self)), try Self.infoData(ns, name.rawValue))
            try ns.expectDescriptionMatchesIP(try ns.net.link(named: name))
        }
        // Same VNI and port again: the kernel refuses it.
        let duplicate = try #require(throws: NetKitError.self) { try ns.net.add(VXLAN(name: "vx4", vni: 4096, local: "10.0.0.1")) }
        #expect(duplicate.errno == .EEXIST)
        let noDevice = try #require(throws: NetKitError.self) { try ns.net.add(VXLAN(name: "vx5", vni: 9, underlyingDevice: "nosuch0")) }
        #expect(noDevice.isNotFound)
    }

    @Test("created directly in another namespace: only there, read back there")
    func inAnotherNamespace() throws {
        let ns = try TestNamespace("vx"), other = try TestNamespace("vxo")
        try ns.net.add(VXLAN(name: "vx0", vni: 42, local: "10.0.0.1", learning: false, options: LinkOptions(namespace: other.namespace)))
        #expect(try ns.net.links().contains { $0.name == "vx0" } == false)
        let details = try #require(try other.net.link(named: "vx0").details(as: VXLANDetails.self))
        #expect(details.vni == 42 && details.local == "10.0.0.1" && !details.learning)
        Self.expectMatches(details, try Self.infoData(other, "vx0"))
        // Its UDP socket stays in the creating namespace, which the new one now knows by an id:
        // link-netnsid (ip names it link-netns NAME, resolving the id through /run/netns).
        let link = try other.net.link(named: "vx0")
        let id = try #require(try other.net.namespaceID(of: ns.namespace))
        #expect(link.linkNetnsID == id)
        #expect(try other.ip("link", "show", "vx0").first?["link_netnsid"] as? Int == Int(id))
        let text = try IPTool.text(["-n", other.name, "-d", "link", "show", "vx0"]).split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(text.count >= 3 && text[2].hasPrefix(details.description), "ip: \(text)\nNetKit: \(details)")
    }
}
