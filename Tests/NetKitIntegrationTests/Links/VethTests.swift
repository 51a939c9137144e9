import NetKit
import Testing

@Suite("Veth pairs")
struct VethTests {
    @Test("a veth pair in one namespace, each end naming the other as ip shows it")
    func pairInOneNamespace() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "veth1", peerName: "veth1_p", options: LinkOptions(mtu: 1400)))
        let veth = try ns.net.link(named: "veth1")
        let peer = try ns.net.vethPeer(of: "veth1")
        #expect(veth.kind == .veth)
        #expect(peer.name == "veth1_p")
        #expect(veth.displayName == "veth1@veth1_p")
        #expect(veth.mtu == 1400 && peer.mtu == 1400)
        let ip = try ns.ip("-d", "link", "show", "veth1")
        #expect(ip.first?["link"] as? String == "veth1_p")
        #expect((ip.first?["linkinfo"] as? [String: Any])?["info_kind"] as? String == "veth")
        #expect(ip.first?["address"] as? String == veth.macAddress?.description)
    }

    @Test("each end's own MTU and MAC (options for the first end, peerMTU/peerMACAddress), checked with ip -j link")
    func perEndOptions() throws {
        let ns = try TestNamespace()
        let mac: MACAddress = "02:00:00:00:01:01", peerMAC: MACAddress = "02:00:00:00:01:02"
        try ns.net.add(
            VethPair(
                name: "veth1", peerName: "veth1_p", options: LinkOptions(mtu: 1400, macAddress: mac),
                peerMACAddress: peerMAC, peerMTU: 1450))
        let veth = try ns.net.link(named: "veth1"), peer = try ns.net.link(named: "veth1_p")
        #expect(veth.mtu == 1400 && veth.macAddress == mac)
        #expect(peer.mtu == 1450 && peer.macAddress == peerMAC)
        let ip = try ns.ip("link", "show", "veth1").first, ipPeer = try ns.ip("link", "show", "veth1_p").first
        #expect(ip?["mtu"] as? Int == 1400 && ip?["address"] as? String == mac.description)
        #expect(ipPeer?["mtu"] as? Int == 1450 && ipPeer?["address"] as? String == peerMAC.description)
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "veth1"))
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "veth1_p"))
    }

    @Test("the peer is created directly in another namespace, in one request")
    func peerInAnotherNamespace() throws {
        let host = try TestNamespace("h")
        let pod = try TestNamespace("p")
        let podMAC = MACAddress.random()
        try host.net.add(VethPair(name: "vethpod", peerName: "eth0", peerMACAddress: podMAC, peerNamespace: pod.namespace))
        let hostEnd = try host.net.link(named: "vethpod")
        let podEnd = try pod.net.link(named: "eth0")
        #expect(hostEnd.linkNetnsID != nil)
        #expect(hostEnd.parentIndex == podEnd.index)
        #expect(podEnd.parentIndex == hostEnd.index)
        #expect(hostEnd.displayName == "vethpod@if\(podEnd.index)")
        #expect(podEnd.macAddress == podMAC)
        #expect(try host.net.vethPeer(of: "vethpod", in: pod.net).name == "eth0")
        #expect(try host.ip("link", "show").compactMap { $0["ifname"] as? String }.contains("eth0") == false)
        let ipPod = try pod.ip("link", "show", "eth0")
        #expect(ipPod.first?["address"] as? String == podMAC.description)
        #expect(ipPod.first?["link_index"] as? Int == Int(hostEnd.index))
    }

    @Test("creating a pair whose peer name is taken fails with EEXIST and leaves nothing behind")
    func peerNameTaken() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "taken0"))
        let before = try ns.net.links().map(\.name)
        let error = try #require(throws: NetKitError.self) {
            try ns.net.add(VethPair(name: "vnew0", peerName: "taken0"))
        }
        #expect(error.errno == .EEXIST)
        #expect(error.isAlreadyExists)
        #expect(try ns.net.links().map(\.name) == before)
        #expect(try ns.ip("link", "show").count == before.count)
    }

    @Test("a peer name taken inside the other namespace: EEXIST, and neither namespace has anything new")
    func peerNameTakenInPeerNamespace() throws {
        let host = try TestNamespace(), pod = try TestNamespace()
        try pod.net.add(Bridge(name: "eth0"))
        let hostBefore = try host.ip("link", "show").count, podBefore = try pod.ip("link", "show").count
        let error = try #require(throws: NetKitError.self) {
            try host.net.add(VethPair(name: "vnew0", peerName: "eth0", peerNamespace: pod.namespace))
        }
        #expect(error.errno == .EEXIST, "\(error)")
        #expect(try host.ip("link", "show").count == hostBefore)
        #expect(try pod.ip("link", "show").count == podBefore)
        #expect(try pod.net.link(named: "eth0").kind == .bridge)
    }

    @Test("adding a link that exists is a typed EEXIST")
    func duplicate() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "va", peerName: "vb"))
        let error = try #require(throws: NetKitError.self) { try ns.net.add(VethPair(name: "va", peerName: "vc")) }
        #expect(error.errno == .EEXIST)
        #expect(error.description.contains("ip link add"))
    }

    @Test(
        "invalid names are rejected before anything is sent", arguments: ["", "a/b", "has space", "way-too-long-name0", ".", "..", "a:b"])
    func invalidNames(_ name: String) throws {
        let ns = try TestNamespace()
        // What a fresh namespace holds depends on the kernel (tunl0 where ipip is loaded).
        let before = try ns.net.links().map(\.name)
        let error = try #require(throws: NetKitError.self) { try ns.net.add(VethPair(name: "ok0", peerName: InterfaceName(parsing: name))) }
        guard case .invalidInput = error.reason else {
            Issue.record("expected invalidInput, got \(error)")
            return
        }
        #expect(try ns.net.links().map(\.name) == before)
    }
}
