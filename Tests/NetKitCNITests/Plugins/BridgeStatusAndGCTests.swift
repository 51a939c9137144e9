import Foundation
import NetKit
import Testing

/// The 1.1.0 commands' failure paths: `STATUS` says 50 when an `ADD` could not work (its own
/// reason, or the IPAM plugin's `STATUS` error, passed on as the spec asks), and `GC` removes
/// exactly the stale attachments' masquerade rules and addresses.
@Suite("netkit-bridge STATUS and GC")
struct BridgeStatusAndGCTests {
    private func status(_ node: CNITestNode, _ config: [String: Any]) throws -> PluginRun {
        try node.invoke(PluginBinaries.bridge, "STATUS", stdin: configuration(config), containerID: nil, netns: nil, ifname: nil)
    }

    /// Two pods added with `ipMasq`, containers "valid" and "stale"; their pods and the configuration.
    private func addValidAndStale(_ node: CNITestNode) throws -> (pods: [String], config: [String: Any]) {
        let pods = [try node.addPod(), try node.addPod()]
        let config = bridgeConfiguration(node, version: "1.1.0", extra: ["ipMasq": true])
        for (id, pod) in zip(["valid", "stale"], pods) {
            try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), containerID: id, netns: "/run/netns/\(pod)")
                .expectSuccess()
        }
        return (pods, config)
    }

    @Test("STATUS is 50 when the bridge name belongs to a link that is not a bridge")
    func statusWithNonBridgeLink() throws {
        let node = try CNITestNode("sb")
        let config = bridgeConfiguration(node, version: "1.1.0")
        try status(node, config).expectSuccess("no cni0 yet: ADD would create it")
        try node.net.add(VethPair(name: "cni0", peerName: "cni0-peer"))
        let error = try status(node, config).expectError(50)
        #expect((error["msg"] as? String)?.contains("not a bridge") == true, "\(error)")
        #expect((error["details"] as? String)?.contains("veth") == true, "\(error)")
    }

    @Test("STATUS passes on netkit-host-local's 50 when the range is full, and passes again once an address is free")
    func statusWithFullRange() throws {
        let node = try CNITestNode("sf")
        let pod = try node.addPod()
        let config = bridgeConfiguration(node, subnet: "10.79.0.0/30", version: "1.1.0")  // one address: .2
        try status(node, config).expectSuccess("an address is free")
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        let error = try status(node, config).expectError(50)
        #expect((error["msg"] as? String)?.contains("no IP addresses available") == true, "host-local's message: \(error)")
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        try status(node, config).expectSuccess("the address is free again")
    }

    @Test("GC with ipMasq keeps the valid attachment's rule and address and removes the stale one's")
    func garbageCollectWithMasquerade() throws {
        let node = try CNITestNode("sg")
        let (pods, config) = try addValidAndStale(node)
        #expect(try node.nftComments() == ["id=valid if=eth0", "id=stale if=eth0"])
        var gc = config
        gc["cni.dev/valid-attachments"] = [["containerID": "valid", "ifname": "eth0"]]
        try node.invoke(PluginBinaries.bridge, "GC", stdin: configuration(gc), containerID: nil, netns: nil, ifname: nil).expectSuccess()
        #expect(try node.nftComments() == ["id=valid if=eth0"])
        let rule = try node.nftRules().first { $0["comment"] as? String == "id=valid if=eth0" }
        #expect("\(rule?["expr"] ?? "")".contains("10.77.0.2"), "the valid pod's rule still masquerades its address")
        #expect(node.ipamFiles().filter { $0.hasPrefix("10.") } == ["10.77.0.2"])
        // The valid pod still works.
        let reply = try node.pod(pods[0]).ping(IPAddress(parsing: "10.77.0.1"), count: 1, timeout: .seconds(3))
        #expect(reply.received == 1)
    }

    @Test("GC without a usable cni.dev/valid-attachments removes no masquerade rule and no address; the legacy key is the list")
    func garbageCollectInputShapes() throws {
        let node = try CNITestNode("sh")
        let config = try addValidAndStale(node).config
        let everything: Set<String> = ["id=valid if=eth0", "id=stale if=eth0"]
        #expect(try node.nftComments() == everything)
        for (why, extra) in [
            ("absent", [:]), ("null", ["cni.dev/valid-attachments": NSNull()]),
            ("both null", ["cni.dev/valid-attachments": NSNull(), "cni.dev/attachments": NSNull()]),
        ] as [(String, [String: Any])] {
            let gc = config.merging(extra) { _, new in new }
            try node.invoke(PluginBinaries.bridge, "GC", stdin: configuration(gc), containerID: nil, netns: nil, ifname: nil).expectError(
                7, "\(why)")
            #expect(try node.nftComments() == everything, "\(why): no rule removed")
            #expect(node.ipamFiles().filter { $0.hasPrefix("10.") }.count == 2, "\(why): no address released")
        }
        var legacy = config
        legacy["cni.dev/attachments"] = [["containerID": "valid", "ifname": "eth0"]]
        try node.invoke(PluginBinaries.bridge, "GC", stdin: configuration(legacy), containerID: nil, netns: nil, ifname: nil)
            .expectSuccess()
        #expect(try node.nftComments() == ["id=valid if=eth0"])
        #expect(node.ipamFiles().filter { $0.hasPrefix("10.") } == ["10.77.0.2"])
    }
}
