import NetKit
import Testing

/// The settings the CNI `tuning` plugin makes, alternative names and 64-bit counters, each
/// checked against `ip -j -s -d link` in a fresh namespace.
@Suite("Link properties")
struct LinkPropertyTests {
    @Test("txqueuelen, allmulticast, arp and promisc on and off, as ip -j link reports them")
    func tuningSettings() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "tu0", peerName: "tu1"))
        try ns.net.setTransmitQueueLength("tu0", to: 4321)
        try ns.net.setAllMulticast("tu0", to: true)
        try ns.net.setARP("tu0", to: false)
        try ns.net.setPromiscuous("tu0", to: true)
        var link = try ns.net.link(named: "tu0")
        var ip = try #require(try ns.ip("-d", "link", "show", "tu0").first)
        let flags = ip["flags"] as? [String] ?? []
        #expect(link.transmitQueueLength == 4321 && ip["txqlen"] as? Int == 4321)
        #expect(link.flags.contains(.allMulticast) && flags.contains("ALLMULTI"))
        #expect(link.flags.contains(.noARP) && flags.contains("NOARP"))
        #expect(link.flags.contains(.promiscuous) && flags.contains("PROMISC"))
        #expect(link.flagNames == flags)

        try ns.net.setAllMulticast("tu0", to: false)
        try ns.net.setARP("tu0", to: true)
        try ns.net.setPromiscuous("tu0", to: false)
        try ns.net.setTransmitQueueLength("tu0", to: 1000)
        link = try ns.net.link(named: "tu0")
        ip = try #require(try ns.ip("link", "show", "tu0").first)
        #expect(link.flags.isDisjoint(with: [.allMulticast, .noARP, .promiscuous]))
        #expect((ip["flags"] as? [String] ?? []).allSatisfy { !["ALLMULTI", "NOARP", "PROMISC"].contains($0) })
        #expect(link.transmitQueueLength == 1000 && ip["txqlen"] as? Int == 1000)

        let missing = try #require(throws: NetKitError.self) { try ns.net.setTransmitQueueLength("nosuch0", to: 10) }
        #expect(missing.isNotFound && missing.operation.command == "ip link set txqueuelen")
    }

    @Test("alternative names: add, read back, find the link by them, delete (ip -j link altnames)")
    func alternativeNames() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "an0"))
        let long = "an0-alternative-name-longer-than-ifnamsiz"
        try ns.net.addAlternativeName("uplink0", to: "an0")
        try ns.net.addAlternativeName(long, to: "an0")
        let link = try ns.net.link(named: "an0")
        #expect(link.alternativeNames == ["uplink0", long])
        #expect(try ns.ip("link", "show", "an0").first?["altnames"] as? [String] == ["uplink0", long])
        #expect(try ns.net.links().first { $0.name == "an0" }?.alternativeNames == ["uplink0", long])
        // The kernel resolves a short alternative name as a name, a long one through IFLA_ALT_IFNAME.
        #expect(try ns.net.link(named: "uplink0").index == link.index)
        #expect(try ns.net.link(alternativeName: long).index == link.index)
        #expect(try ns.net.link(alternativeName: long).name == "an0")
        try ns.net.setMTU("uplink0", to: 1400)
        #expect(try ns.ip("link", "show", "an0").first?["mtu"] as? Int == 1400)
        // The text ip -d link prints, line for line after the first.
        let text = try IPTool.text(["-n", ns.name, "link", "show", "an0"])
        #expect(text.contains("    altname uplink0\n    altname \(long)"))
        #expect(link.description.hasSuffix("altname uplink0\n    altname \(long)"))

        try ns.net.add(Bridge(name: "an1"))
        let taken = try #require(throws: NetKitError.self) { try ns.net.addAlternativeName("uplink0", to: "an1") }
        #expect(taken.errno == .EEXIST && taken.hint != nil)
        try ns.net.deleteAlternativeName("uplink0", from: "an0")
        #expect(try ns.net.link(named: "an0").alternativeNames == [long])
        #expect(try ns.ip("link", "show", "an0").first?["altnames"] as? [String] == [long])
        let gone = try #require(throws: NetKitError.self) { try ns.net.deleteAlternativeName("uplink0", from: "an0") }
        #expect(gone.errno == .ENOENT)
        let unknown = try #require(throws: NetKitError.self) { try ns.net.link(alternativeName: "no-such-alternative-name") }
        #expect(unknown.isNotFound)
        #expect(throws: NetKitError.self) { try ns.net.addAlternativeName("bad/name", to: "an0") }
    }

    @Test("64-bit statistics after real traffic equal ip -j -s -s link's")
    func statistics() throws {
        let ns = try TestNamespace(), peer = try TestNamespace("p")
        try ns.net.add(VethPair(name: "st0", peerName: "st1", peerNamespace: peer.namespace))
        try ns.net.addAddress(InterfaceAddress("10.77.0.1/24", dev: "st0"))
        try peer.net.addAddress(InterfaceAddress("10.77.0.2/24", dev: "st1"))
        try ns.net.setUp("st0")
        try peer.net.setUp("st1")
        _ = try ns.net.waitForLink("st0", until: .operational, timeout: .seconds(10))
        // Traffic between the test's own two namespaces.
        let ping = try ns.namespace.ping("10.77.0.2", count: 3, timeout: .seconds(2), interval: .milliseconds(200))
        #expect(ping.received == 3, "\(ping)")
        // Down on both ends freezes the counters (no more router solicitations).
        try ns.net.setDown("st0")
        try peer.net.setDown("st1")
        let stats = try #require(try ns.net.link(named: "st0").statistics)
        let ip = try #require(try ns.ip("-s", "-s", "link", "show", "st0").first?["stats64"] as? [String: Any])
        let rx = try #require(ip["rx"] as? [String: Any]), tx = try #require(ip["tx"] as? [String: Any])
        #expect(stats.transmittedPackets > 0 && stats.transmittedBytes > 0)
        #expect(rx["bytes"] as? Int == Int(stats.receivedBytes) && rx["packets"] as? Int == Int(stats.receivedPackets))
        #expect(rx["errors"] as? Int == Int(stats.receiveErrors) && rx["dropped"] as? Int == Int(stats.receiveDropped))
        #expect(rx["multicast"] as? Int == Int(stats.multicast) && rx["missed_errors"] as? Int == Int(stats.receiveMissedErrors))
        #expect(rx["over_errors"] as? Int == Int(stats.receiveOverErrors) && rx["crc_errors"] as? Int == Int(stats.receiveCRCErrors))
        #expect(tx["bytes"] as? Int == Int(stats.transmittedBytes) && tx["packets"] as? Int == Int(stats.transmittedPackets))
        #expect(tx["errors"] as? Int == Int(stats.transmitErrors) && tx["dropped"] as? Int == Int(stats.transmitDropped))
        #expect(tx["carrier_errors"] as? Int == Int(stats.transmitCarrierErrors) && tx["collisions"] as? Int == Int(stats.collisions))
        // And the four lines of ip -s link, trailing spaces aside.
        let lines = try IPTool.text(["-n", ns.name, "-s", "link", "show", "st0"]).split(separator: "\n")
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(Array(lines.suffix(4)) == stats.description.split(separator: "\n").map(String.init))
    }
}
