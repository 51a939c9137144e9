import Foundation
import NetKit
import Testing

/// netkit-ptp's 1.1.0 commands: `STATUS` passes the IPAM plugin's 50 on, `GC` removes exactly
/// the stale attachment's masquerade rule and address.
@Suite("netkit-ptp STATUS and GC")
struct PTPStatusAndGCTests {
    private func run(_ node: CNITestNode, _ command: String, _ config: [String: Any]) throws -> PluginRun {
        try node.invoke(PluginBinaries.ptp, command, stdin: configuration(config), containerID: nil, netns: nil, ifname: nil)
    }

    @Test("STATUS passes on netkit-host-local's 50 when the range is full, and passes again once an address is free")
    func statusWithFullRange() throws {
        let node = try CNITestNode("ts")
        let pod = try node.addPod()
        var config = ptpConfiguration(node, ipam: "netkit-host-local", subnet: "10.99.0.0/30")  // one address: .2
        config["cniVersion"] = "1.1.0"
        try run(node, "STATUS", config).expectSuccess("an address is free")
        try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        let error = try run(node, "STATUS", config).expectError(50)
        #expect((error["msg"] as? String)?.contains("no IP addresses available") == true, "host-local's message: \(error)")
        try node.invoke(PluginBinaries.ptp, "DEL", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        try run(node, "STATUS", config).expectSuccess("the address is free again")
    }

    @Test("GC with ipMasq keeps the valid attachment's rule and address and removes the stale one's; without a list it is error 7")
    func garbageCollect() throws {
        let node = try CNITestNode("tc")
        var config = ptpConfiguration(node, ipam: "netkit-host-local", extra: ["ipMasq": true])
        config["cniVersion"] = "1.1.0"
        let pods = [try node.addPod(), try node.addPod()]
        for (id, pod) in zip(["valid", "stale"], pods) {
            try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(config), containerID: id, netns: "/run/netns/\(pod)")
                .expectSuccess()
        }
        #expect(try node.nftComments() == ["id=valid if=eth0", "id=stale if=eth0"])
        try run(node, "GC", config).expectError(7, "no cni.dev/valid-attachments")
        #expect(node.ipamFiles("ptpnet").filter { $0.hasPrefix("10.") }.count == 2, "nothing released")
        var gc = config
        gc["cni.dev/valid-attachments"] = [["containerID": "valid", "ifname": "eth0"]]
        try run(node, "GC", gc).expectSuccess()
        #expect(try node.nftComments() == ["id=valid if=eth0"])
        #expect(node.ipamFiles("ptpnet").filter { $0.hasPrefix("10.") } == ["10.90.0.2"])
        #expect(try node.pod(pods[0]).ping(IPAddress(parsing: "10.90.0.1"), count: 1, timeout: .seconds(3)).received == 1)
    }
}
