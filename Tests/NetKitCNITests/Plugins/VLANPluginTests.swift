import Foundation
import NetKit
import Testing

/// netkit-vlan run as a runtime runs it, on a parent link (`nkpar0`) the test makes in its node.
/// The host kernel here has no 802.1Q: there the `ADD` must be error 50 naming
/// `CONFIG_VLAN_8021Q` and change nothing; the kernel lane runs the rest.
@Suite("netkit-vlan")
struct VLANPluginTests {
    @Test("ADD, CHECK and DEL: the 802.1Q child with its id and MTU in the pod, its addresses; another id is error 103")
    func lifecycle() throws {
        let node = try CNITestNode("vl")
        try node.addParent()
        let config = childLinkConfiguration(node, plugin: "netkit-vlan", extra: ["vlanId": 42, "mtu": 1400])
        if try ChildLinkKernel.lacks("CONFIG_VLAN_8021Q", node: node, plugin: PluginBinaries.vlan, config: config) { return }
        let pod = try node.addPod()
        let result = try node.invoke(PluginBinaries.vlan, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(objects(result["interfaces"]).map { $0["name"] as? String } == ["eth0"])
        #expect(objects(result["ips"]).first?["interface"] as? Int == 0)
        let eth0 = try node.ip("-d", "link", "show", "eth0", in: pod).first
        let info = object(eth0?["linkinfo"])
        #expect(info["info_kind"] as? String == "vlan")
        #expect(object(info["info_data"])["id"] as? Int == 42 && object(info["info_data"])["protocol"] as? String == "802.1Q")
        #expect(eth0?["mtu"] as? Int == 1400)
        let address = try #require((objects(result["ips"]).first?["address"] as? String)?.split(separator: "/").first.map(String.init))
        #expect(addressInfo(try node.ip("addr", "show", "eth0", in: pod)).contains { $0["local"] as? String == address })
        // A second pod on the same id: the kernel keeps one vlan of an id per parent (error 102, nothing left).
        let other = try node.addPod()
        try node.invoke(PluginBinaries.vlan, "ADD", stdin: configuration(config), containerID: "c2", netns: "/run/netns/\(other)")
            .expectError(102)
        #expect(try node.linkNames(in: other) == ["lo"] && node.ipamFiles("childnet").filter { $0.hasPrefix("10.") } == [address])
        var check = config
        check["prevResult"] = result
        try node.invoke(PluginBinaries.vlan, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess()
        check["vlanId"] = 43
        try node.invoke(PluginBinaries.vlan, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)").expectError(
            103, "another id")
        check["vlanId"] = 42
        for _ in 0..<2 {
            try node.invoke(PluginBinaries.vlan, "DEL", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess()
        }
        #expect(try node.linkNames(in: pod) == ["lo"])
        #expect(!node.ipamFiles("childnet").contains { $0.hasPrefix("10.") })
    }
}
