import Foundation
import NetKit
import Testing

/// netkit-ipvlan run as a runtime runs it, on a parent link (`nkpar0`) the test makes in its
/// node. The host kernel here has no ipvlan: there the `ADD` must be error 50 naming
/// `CONFIG_IPVLAN` and change nothing; the kernel lane runs the rest.
@Suite("netkit-ipvlan")
struct IPVLANPluginTests {
    @Test("l2: two pods reach each other; CHECK, another mode is error 103; DEL twice")
    func lifecycle() throws {
        let node = try CNITestNode("il")
        try node.addParent()
        let config = childLinkConfiguration(node, plugin: "netkit-ipvlan")
        if try ChildLinkKernel.lacks("CONFIG_IPVLAN", node: node, plugin: PluginBinaries.ipvlan, config: config) { return }
        let pods = try (0..<2).map { _ in try node.addPod() }
        var results: [[String: Any]] = []
        for (index, pod) in pods.enumerated() {
            results.append(
                try node.invoke(
                    PluginBinaries.ipvlan, "ADD", stdin: configuration(config), containerID: "i\(index)",
                    netns: "/run/netns/\(pod)"
                ).expectSuccess())
            let info = object(try node.ip("-d", "link", "show", "eth0", in: pod).first?["linkinfo"])
            #expect(info["info_kind"] as? String == "ipvlan" && object(info["info_data"])["mode"] as? String == "l2")
        }
        let peer = try #require((objects(results[1]["ips"]).first?["address"] as? String)?.split(separator: "/").first.map(String.init))
        #expect(try node.pod(pods[0]).ping(IPAddress(parsing: peer), count: 1, timeout: .seconds(3)).received == 1)
        for (index, pod) in pods.enumerated() {
            var check = config
            check["prevResult"] = results[index]
            try node.invoke(
                PluginBinaries.ipvlan, "CHECK", stdin: configuration(check), containerID: "i\(index)", netns: "/run/netns/\(pod)"
            )
            .expectSuccess()
            check["mode"] = "l3"
            try node.invoke(
                PluginBinaries.ipvlan, "CHECK", stdin: configuration(check), containerID: "i\(index)", netns: "/run/netns/\(pod)"
            )
            .expectError(103, "another mode")
            for _ in 0..<2 {
                try node.invoke(
                    PluginBinaries.ipvlan, "DEL", stdin: configuration(check), containerID: "i\(index)", netns: "/run/netns/\(pod)"
                )
                .expectSuccess()
            }
            #expect(try node.linkNames(in: pod) == ["lo"])
        }
        #expect(!node.ipamFiles("childnet").contains { $0.hasPrefix("10.") })
    }

    @Test("chained without ipam: the addresses of prevResult, the master named there")
    func chained() throws {
        let node = try CNITestNode("ic")
        try node.addParent()
        let probe = childLinkConfiguration(node, plugin: "netkit-ipvlan")
        if try ChildLinkKernel.lacks("CONFIG_IPVLAN", node: node, plugin: PluginBinaries.ipvlan, config: probe) { return }
        let pod = try node.addPod()
        var config = childLinkConfiguration(node, plugin: "netkit-ipvlan", extra: ["mode": "l3"])
        config["ipam"] = nil
        config["master"] = nil
        config["prevResult"] = [
            "cniVersion": "1.0.0", "interfaces": [["name": "nkpar0"]],
            "ips": [["address": "10.96.0.77/24", "gateway": "10.96.0.1"]],
        ]
        let result = try node.invoke(PluginBinaries.ipvlan, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(objects(result["ips"]).first?["address"] as? String == "10.96.0.77/24")
        #expect(objects(result["interfaces"]).map { $0["name"] as? String } == ["eth0"])
        #expect(addressInfo(try node.ip("addr", "show", "eth0", in: pod)).contains { $0["local"] as? String == "10.96.0.77" })
        let parentIndex = try node.ip("link", "show", "nkpar0").first?["ifindex"] as? Int
        #expect(try node.ip("link", "show", "eth0", in: pod).first?["link_index"] as? Int == parentIndex)
        try node.invoke(PluginBinaries.ipvlan, "DEL", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.linkNames(in: pod) == ["lo"])
    }
}
