import Foundation
import NetKit
import Testing

@Suite("Bridges, ports and the forwarding database")
struct BridgeTests {
    /// `br0` with the veth end `p1` as its port, both up; the peer `q1` stays down.
    static func bridgeWithPort(_ ns: TestNamespace) throws {
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        try ns.net.setMaster("p1", to: "br0")
        try ns.net.setUp("br0")
        try ns.net.setUp("p1")
    }

    @Test("bridge options are what ip -d link reports")
    func options() throws {
        let ns = try TestNamespace()
        try ns.net.add(
            Bridge(
                name: "cni0", options: LinkOptions(mtu: 1450), stp: true,
                forwardDelay: .seconds(4), ageingTime: .seconds(120), vlanFiltering: false))
        let link = try ns.net.link(named: "cni0")
        let bridge = try #require(link.details(as: BridgeDetails.self))
        #expect(link.kind == .bridge && link.mtu == 1450)
        #expect(bridge.stp && !bridge.vlanFiltering)
        #expect(bridge.forwardDelay == .seconds(4) && bridge.ageingTime == .seconds(120))
        let entry = try #require(try ns.ip("-d", "link", "show", "cni0").first)
        #expect(entry["mtu"] as? Int == 1450)
        let info = try #require((entry["linkinfo"] as? [String: Any])?["info_data"] as? [String: Any])
        #expect(info["stp_state"] as? Int == 1)
        #expect(info["forward_delay"] as? Int == 400)
        #expect(info["ageing_time"] as? Int == 12000)
        #expect((info["vlan_filtering"] as? Int ?? 0) == 0)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "cni0"))
    }

    @Test("stp: false is sent as stp_state 0 and read back as off, by NetKit and by ip")
    func stpOff() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0", stp: false))
        #expect(try ns.net.link(named: "br0").details(as: BridgeDetails.self)?.stp == false)
        let info = try #require(
            ((try ns.ip("-d", "link", "show", "br0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(info["stp_state"] as? Int == 0)
    }

    @Test("out-of-range bridge options are rejected before sending")
    func badOptions() throws {
        let ns = try TestNamespace()
        let before = try ns.net.links().count
        let error = try #require(throws: NetKitError.self) { try ns.net.add(Bridge(name: "br0", forwardDelay: .seconds(60))) }
        guard case .invalidInput = error.reason else { Issue.record("\(error)"); return }
        #expect(try ns.net.links().count == before)
    }

    @Test("ports and bridges are listed in byte order, as the kernel compares names (é precomposed after e + U+0301)")
    func portsInByteOrder() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br\u{E9}"))
        try ns.net.add(Bridge(name: "bre\u{301}"))
        // Swift's String order treats the two spellings of é as equal, so a String sort keeps
        // the order of creation; bytes put e (0x65) + U+0301 before the precomposed é (0xc3 0xa9).
        let ports: [InterfaceName] = ["p\u{E9}", "pe\u{301}", "pf"]
        for (i, port) in ports.enumerated() {
            try ns.net.add(VethPair(name: port, peerName: InterfaceName(parsing: "q\(i)")))
            try ns.net.setMaster(port, to: "br\u{E9}")
        }
        let expected = ["pe\u{301}", "pf", "p\u{E9}"].map { Array($0.utf8) }
        #expect(try ns.net.bridgePorts(bridge: "br\u{E9}").map { Array($0.name.rawValue.utf8) } == expected)
        #expect(try ns.net.bridges().map { Array($0.bridge.name.rawValue.utf8) } == ["bre\u{301}", "br\u{E9}"].map { Array($0.utf8) })
        #expect(try ns.net.bridges().last?.ports.map { Array($0.name.rawValue.utf8) } == expected)
    }

    @Test("brctl addif/delif and brctl show, checked with bridge -j link")
    func ports() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "cni0"))
        for i in 1...3 { try ns.net.add(VethPair(name: InterfaceName(parsing: "veth\(i)"), peerName: InterfaceName(parsing: "eth\(i)"))) }
        #expect(try ns.net.setMaster(ofLinks: ["veth1", "veth2", "veth3"], to: "cni0").allSatisfy(\.succeeded))
        #expect(try ns.net.bridgePorts(bridge: "cni0").map(\.name) == ["veth1", "veth2", "veth3"])
        let ipPorts = try ns.bridge("link", "show").filter { $0["master"] as? String == "cni0" }.compactMap { $0["ifname"] as? String }
        #expect(ipPorts.sorted() == ["veth1", "veth2", "veth3"])
        let all = try ns.net.bridges()
        #expect(all.count == 1 && all.first?.ports.count == 3)

        try ns.net.clearMaster("veth2")
        #expect(try ns.net.bridgePorts(bridge: "cni0").map(\.name) == ["veth1", "veth3"])
        #expect(try ns.net.link(named: "veth2").masterIndex == nil)
        let ipAfter = try ns.bridge("link", "show").filter { $0["master"] as? String == "cni0" }.compactMap { $0["ifname"] as? String }
        #expect(ipAfter.sorted() == ["veth1", "veth3"])
        #expect(try ns.ip("link", "show", "veth2").first?["master"] == nil)
        let notBridge = try #require(throws: NetKitError.self) { try ns.net.bridgePorts(bridge: "veth1") }
        guard case .invalidInput = notBridge.reason else { Issue.record("\(notBridge)"); return }
    }

    @Test("setMaster with the port and the bridge swapped: EOPNOTSUPP with a hint saying which comes first")
    func setMasterSwapped() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "cni0"))
        try ns.net.add(VethPair(name: "veth1", peerName: "eth1"))
        let error = try #require(throws: NetKitError.self) { try ns.net.setMaster("cni0", to: "veth1") }
        #expect(error.errno == .EOPNOTSUPP)
        #expect(error.hint?.contains("veth1 takes no ports") == true && error.hint?.contains("setMaster(PORT, to: BRIDGE)") == true)
        #expect(try ns.ip("link", "show", "cni0").first?["master"] == nil)
    }

    @Test("a port prints master br0 (not ifN) and its bridge_slave line, as ip -d link show does")
    func masterName() throws {
        let ns = try TestNamespace()
        try Self.bridgeWithPort(ns)
        let bridgeIndex = try ns.net.linkIndex(of: "br0")
        let byName = try ns.net.link(named: "p1")
        #expect(byName.masterIndex == bridgeIndex && byName.masterName == "br0")
        #expect(byName.description.contains(" master br0 state "))
        #expect(try ns.net.link(index: byName.index).masterName == "br0")
        let listed = try ns.net.links()
        #expect(listed.first { $0.name == "p1" }?.masterName == "br0")
        #expect(listed.first { $0.name == "q1" }?.masterName == nil)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "p1"))
        // The same through the listing (names resolved from one dump), for every link.
        func listedLink(_ name: InterfaceName) throws -> Link { try #require(try ns.net.links().first { $0.name == name }) }
        for name in listed.map(\.name) { try ns.expectDescriptionMatchesIP(try listedLink(name)) }

        // The FDB names the bridge the same way: each line is one of bridge fdb show's.
        let entries = try ns.net.forwardingDatabase(bridge: "br0")
        let lines = try IPTool.text(["-n", ns.name, "fdb", "show", "br", "br0"], tool: "/usr/sbin/bridge")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(entries.contains { $0.description == "\(byName.macAddress!) dev p1 master br0 permanent" })
        for entry in entries { #expect(lines.contains(entry.description), "\(entry) not in \(lines)") }
    }

    @Test("per-port options: hairpin, isolated, learning, flood — read back and cross-checked")
    func portOptions() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        let notPort = try #require(throws: NetKitError.self) {
            try ns.net.setBridgePortOptions("p1", to: BridgePortOptions(hairpin: true))
        }
        #expect(notPort.hint?.contains("bridge port") == true || notPort.hint?.contains("master") == true)
        try ns.net.setMaster("p1", to: "br0")
        try ns.net.setBridgePortOptions("p1", to: BridgePortOptions(hairpin: true, isolated: true, learning: false, unicastFlood: false))
        let port = try #require(try ns.net.link(named: "p1").portDetails(as: BridgePortDetails.self))
        #expect(port.hairpin && port.isolated && !port.learning && !port.unicastFlood)
        let entry = try #require(try ns.bridge("-d", "link", "show", "dev", "p1").first)
        #expect(entry["hairpin"] as? Bool == true)
        #expect(entry["isolated"] as? Bool == true)
        #expect(entry["learning"] as? Bool == false)
        #expect(entry["flood"] as? Bool == false)
    }

    @Test("forwarding database: local, static and learned entries, add and delete (bridge -j fdb)")
    func forwardingDatabase() throws {
        let ns = try TestNamespace()
        try Self.bridgeWithPort(ns)
        let p1MAC = try #require(try ns.net.link(named: "p1").macAddress)

        let staticMAC: MACAddress = "02:00:00:00:aa:01"
        try ns.net.addForwardingEntry(staticMAC, port: "p1")
        let duplicate = try #require(throws: NetKitError.self) { try ns.net.addForwardingEntry(staticMAC, port: "p1") }
        #expect(duplicate.errno == .EEXIST)
        // Real traffic for a learned entry: a pod behind p1 sends a UDP datagram into its subnet,
        // so its ARP broadcast crosses the bridge, which learns the pod's MAC on p1.
        let pod = try TestNamespace("pod")
        try ns.net.move("q1", to: pod.namespace)
        try pod.net.setUp("q1")
        _ = try IPTool.run(["-n", pod.name, "addr", "add", "10.9.0.2/24", "dev", "q1"])
        let podMAC = try #require(try pod.net.link(named: "q1").macAddress)
        try pod.namespace.run {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(9).bigEndian
            address.sin_addr.s_addr = UInt32(0x0A09_0003).bigEndian  // 10.9.0.3: nobody, so an ARP broadcast goes out
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, "x", 1, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var learned: ForwardingDatabaseEntry?
        for _ in 0..<100 where learned == nil {
            learned = try ns.net.forwardingDatabase(bridge: "br0").first { $0.macAddress == podMAC }
            if learned == nil { usleep(20_000) }
        }

        #expect(learned?.kind == .learned)
        #expect(learned?.portName == "p1")
        // The timer counts from the last frame seen, so it never exceeds the ageing time (300 s)
        // while the entry exists; bridge -s agrees on the same bound.
        let age = try #require(learned?.secondsSinceUpdate)
        #expect(age >= 0 && age <= 300)
        let ipLearned = try ns.bridge("-s", "fdb", "show", "br", "br0").first { $0["mac"] as? String == podMAC.description }
        #expect((ipLearned?["updated"] as? Int).map { $0 >= 0 && $0 <= 300 } == true)

        // A permanent entry added by hand is local, in NetKit and in bridge fdb.
        let permanentMAC: MACAddress = "02:00:00:00:aa:02"
        try ns.net.addForwardingEntry(permanentMAC, port: "p1", kind: .permanent)
        let entries = try ns.net.forwardingDatabase(bridge: "br0")
        #expect(entries.first { $0.macAddress == permanentMAC }?.kind == .local)
        let local = entries.first { $0.macAddress == p1MAC && !$0.isSelf }
        #expect(local?.isLocal == true)
        #expect(local?.portName == "p1")
        #expect(entries.first { $0.macAddress == staticMAC }?.kind == .static)

        // States both ways: every master entry of either reader, with the same port and state
        // (bridge prints permanent for local, static, and nothing for a fresh learned entry).
        func state(_ kind: ForwardingDatabaseEntry.Kind) -> String {
            switch kind {
            case .local: "permanent";
            case .static: "static";
            case .learned: ""
            }
        }
        let ipEntries = try ns.bridge("fdb", "show", "br", "br0").filter { $0["master"] as? String == "br0" }
        let ours = entries.filter { !$0.isSelf }
        #expect(ipEntries.count == ours.count, "bridge: \(ipEntries)\nNetKit: \(ours)")
        for entry in ours {
            let match = ipEntries.first {
                $0["mac"] as? String == entry.macAddress.description && $0["ifname"] as? String == entry.portName.rawValue
            }
            #expect(match.map { ($0["state"] as? String ?? "") == state(entry.kind) } == true, "\(entry) vs \(String(describing: match))")
        }
        for ip in ipEntries {
            let match = ours.first { $0.macAddress.description == ip["mac"] as? String && $0.portName.rawValue == ip["ifname"] as? String }
            #expect(match.map { state($0.kind) == (ip["state"] as? String ?? "") } == true, "\(ip) vs \(String(describing: match))")
        }

        try ns.net.deleteForwardingEntry(staticMAC, port: "p1")
        #expect(try ns.net.forwardingDatabase(bridge: "br0").contains { $0.macAddress == staticMAC } == false)
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteForwardingEntry(staticMAC, port: "p1") }
        #expect(missing.errno == .ENOENT)
    }
}
