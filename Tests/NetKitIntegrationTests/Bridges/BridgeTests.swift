import Foundation
import NetKit
import Testing

@Suite("Bridges, ports and the forwarding database")
struct BridgeTests {
    @Test("bridge options are what ip -d link reports")
    func options() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "cni0", options: LinkOptions(mtu: 1450), stp: true,
                              forwardDelay: .seconds(4), ageingTime: .seconds(120), vlanFiltering: false))
        let link = try ns.net.link(named: "cni0")
        let bridge = try #require(link.bridge)
        #expect(link.kind == .bridge && link.mtu == 1450)
        #expect(bridge.stpEnabled && !bridge.vlanFiltering)
        #expect(bridge.forwardDelay == 400 && bridge.ageingTime == 12000)
        let info = try #require(((try ns.ip("-d", "link", "show", "cni0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(info["stp_state"] as? Int == 1)
        #expect(info["forward_delay"] as? Int == 400)
        #expect(info["ageing_time"] as? Int == 12000)
        #expect((info["vlan_filtering"] as? Int ?? 0) == 0)
    }

    @Test("VLAN filtering works where the kernel has it, and is a typed missing feature where not")
    func vlanFiltering() throws {
        let ns = try TestNamespace()
        do {
            try ns.net.add(Bridge(name: "br0", vlanFiltering: true))
            #expect(try ns.net.link(named: "br0").bridge?.vlanFiltering == true)
            let info = ((try ns.ip("-d", "link", "show", "br0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any]
            #expect(info?["vlan_filtering"] as? Int == 1)
        } catch let error as NetKitError {
            guard case .kernelFeatureMissing(let feature) = error.reason else { throw error }
            #expect(feature == "CONFIG_BRIDGE_VLAN_FILTERING")
            #expect(try ns.net.links().map(\.name) == ["lo"])
        }
    }

    @Test("out-of-range bridge options are rejected before sending")
    func badOptions() throws {
        let ns = try TestNamespace()
        let before = try ns.net.links().count
        let error = try #require(throws: NetKitError.self) { try ns.net.add(Bridge(name: "br0", forwardDelay: .seconds(60))) }
        guard case .invalidInput = error.reason else { Issue.record("\(error)"); return }
        #expect(try ns.net.links().count == before)
    }

    @Test("brctl addif/delif and brctl show, checked with bridge -j link")
    func ports() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "cni0"))
        for i in 1...3 { try ns.net.add(VethPair(name: "veth\(i)", peerName: "eth\(i)")) }
        try ns.net.addPorts(["veth1", "veth2", "veth3"], toBridge: "cni0")
        #expect(try ns.net.bridgePorts(of: "cni0").map(\.name) == ["veth1", "veth2", "veth3"])
        let ipPorts = try ns.bridge("link", "show").filter { $0["master"] as? String == "cni0" }.compactMap { $0["ifname"] as? String }
        #expect(ipPorts.sorted() == ["veth1", "veth2", "veth3"])
        let all = try ns.net.bridges()
        #expect(all.count == 1 && all.first?.ports.count == 3)

        try ns.net.removePort("veth2")
        #expect(try ns.net.bridgePorts(of: "cni0").map(\.name) == ["veth1", "veth3"])
        #expect(try ns.net.link(named: "veth2").masterIndex == nil)
        let notBridge = try #require(throws: NetKitError.self) { try ns.net.bridgePorts(of: "veth1") }
        guard case .invalidInput = notBridge.reason else { Issue.record("\(notBridge)"); return }
    }

    @Test("per-port options: hairpin, isolated, learning, flood — read back and cross-checked")
    func portOptions() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        let notPort = try #require(throws: NetKitError.self) {
            try ns.net.setBridgePortOptions("p1", BridgePortOptions(hairpin: true))
        }
        #expect(notPort.hint?.contains("bridge port") == true || notPort.hint?.contains("master") == true)
        try ns.net.addPort("p1", toBridge: "br0")
        try ns.net.setBridgePortOptions("p1", BridgePortOptions(hairpin: true, isolated: true, learning: false, unicastFlood: false))
        let port = try #require(try ns.net.link(named: "p1").bridgePort)
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
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "q1"))
        try ns.net.addPort("p1", toBridge: "br0")
        try ns.net.setUp("br0")
        try ns.net.setUp("p1")
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
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, "x", 1, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var learned: ForwardingDatabaseEntry?
        for _ in 0..<100 where learned == nil {
            learned = try ns.net.forwardingDatabase(bridge: "br0").first { $0.macAddress == podMAC }
            if learned == nil { usleep(20_000) }
        }

        let entries = try ns.net.forwardingDatabase(bridge: "br0")
        let local = entries.first { $0.macAddress == p1MAC && !$0.isSelf }
        #expect(local?.isLocal == true)
        #expect(local?.portName == "p1")
        #expect(entries.first { $0.macAddress == staticMAC }?.kind == .static)
        #expect(learned?.kind == .learned)
        #expect(learned?.portName == "p1")
        #expect(learned?.secondsSinceUpdate != nil)

        let ipEntries = try ns.bridge("fdb", "show", "br", "br0")
        for entry in entries where !entry.isSelf {
            #expect(ipEntries.contains { $0["mac"] as? String == entry.macAddress.description && $0["ifname"] as? String == entry.portName },
                    "\(entry) missing from bridge fdb show")
        }
        let ipStatic = ipEntries.first { $0["mac"] as? String == staticMAC.description }
        #expect(ipStatic?["state"] as? String == "static")

        try ns.net.deleteForwardingEntry(staticMAC, port: "p1")
        #expect(try ns.net.forwardingDatabase(bridge: "br0").contains { $0.macAddress == staticMAC } == false)
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteForwardingEntry(staticMAC, port: "p1") }
        #expect(missing.errno == .ENOENT)
    }
}
