import Foundation
import NetKit
import Testing

/// netkit-macvlan run as a runtime runs it, inside a node namespace whose parent link
/// (`nkpar0`, a veth end) the test makes; results and state read by iproute2 and /proc/sys.
@Suite("netkit-macvlan")
struct MACVLANPluginTests {
    @Test("ADD, CHECK and DEL of two pods in bridge mode: results, the macvlan in each pod, connectivity, cleanup")
    func twoPods() throws {
        let node = try CNITestNode("ml")
        try node.addParent()
        let pods = try (0..<2).map { _ in try node.addPod() }
        let config = childLinkConfiguration(node, plugin: "netkit-macvlan", extra: ["mtu": 1400])
        var results: [[String: Any]] = []
        for (index, pod) in pods.enumerated() {
            let result = try node.invoke(
                PluginBinaries.macvlan, "ADD", stdin: configuration(config), containerID: "m\(index)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess()
            results.append(result)
            let interfaces = objects(result["interfaces"])
            #expect(interfaces.count == 1 && interfaces.first?["name"] as? String == "eth0")
            #expect(interfaces.first?["sandbox"] as? String == "/run/netns/\(pod)")
            let ips = objects(result["ips"])
            #expect(ips.map { $0["address"] as? String } == ["10.96.0.\(index + 2)/24"] && ips.first?["interface"] as? Int == 0)
            #expect(object(result["dns"])["nameservers"] as? [String] == ["10.96.0.1"])
            let eth0 = try node.ip("-d", "link", "show", "eth0", in: pod)
            let info = object(eth0.first?["linkinfo"])
            #expect(info["info_kind"] as? String == "macvlan" && object(info["info_data"])["mode"] as? String == "bridge")
            #expect(eth0.first?["address"] as? String == interfaces.first?["mac"] as? String)
            #expect(eth0.first?["mtu"] as? Int == 1400 && eth0.first?["operstate"] as? String != "DOWN")
            #expect(addressInfo(try node.ip("addr", "show", "eth0", in: pod)).contains { $0["local"] as? String == "10.96.0.\(index + 2)" })
            #expect(try node.ip("route", "show", "default", in: pod).first?["gateway"] as? String == "10.96.0.1")
            #expect(try node.sysctl("net/ipv4/conf/eth0/arp_notify", in: pod) == "1")
        }
        #expect(try node.linkNames() == ["lo", "nkpar0", "nkpar0p"], "nothing new in the node")
        // Two macvlans in bridge mode on one parent reach each other.
        #expect(try node.pod(pods[0]).ping(IPAddress(parsing: "10.96.0.3"), count: 1, timeout: .seconds(3)).received == 1)

        for (index, pod) in pods.enumerated() {
            var check = config
            check["prevResult"] = results[index]
            try node.invoke(
                PluginBinaries.macvlan, "CHECK", stdin: configuration(check), containerID: "m\(index)", netns: "/run/netns/\(pod)"
            )
            .expectSuccess("CHECK m\(index)")
            check["mode"] = "vepa"
            let error = try node.invoke(
                PluginBinaries.macvlan, "CHECK", stdin: configuration(check), containerID: "m\(index)",
                netns: "/run/netns/\(pod)"
            ).expectError(103, "another mode")
            #expect((error["details"] as? String)?.contains("vepa") == true, "\(error)")
            check["mode"] = nil
            for _ in 0..<2 {
                try node.invoke(
                    PluginBinaries.macvlan, "DEL", stdin: configuration(check), containerID: "m\(index)", netns: "/run/netns/\(pod)"
                )
                .expectSuccess("DEL m\(index)")
            }
            #expect(try node.linkNames(in: pod) == ["lo"])
        }
        #expect(!node.ipamFiles("childnet").contains { $0.hasPrefix("10.") }, "addresses released")
    }

    @Test("layer 2 only (no ipam) in private mode, the default route's interface as master, a parent inside the pod")
    func variants() throws {
        let node = try CNITestNode("mv")
        try node.addParent(defaultRoute: true)
        let pod = try node.addPod()
        // No ipam, no master: a macvlan of the default route's interface, up, without addresses.
        var config = childLinkConfiguration(node, plugin: "netkit-macvlan", extra: ["mode": "private"])
        config["ipam"] = nil
        config["master"] = nil
        let result = try node.invoke(PluginBinaries.macvlan, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)")
            .expectSuccess()
        #expect(result["ips"] == nil)
        let eth0 = try node.ip("-d", "link", "show", "eth0", in: pod).first
        #expect(object(object(eth0?["linkinfo"])["info_data"])["mode"] as? String == "private")
        #expect((eth0?["flags"] as? [String])?.contains("UP") == true)
        let parentIndex = try node.ip("link", "show", "nkpar0").first?["ifindex"] as? Int
        #expect(eth0?["link_index"] as? Int == parentIndex, "a child of nkpar0: \(eth0 ?? [:])")
        try node.invoke(PluginBinaries.macvlan, "DEL", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()

        // linkInContainer: the parent is in the pod.
        try node.addParent("nkin0", in: pod)
        let inside = childLinkConfiguration(node, plugin: "netkit-macvlan", extra: ["master": "nkin0", "linkInContainer": true])
        try node.invoke(PluginBinaries.macvlan, "ADD", stdin: configuration(inside), netns: "/run/netns/\(pod)").expectSuccess()
        let child = try node.ip("-d", "link", "show", "eth0", in: pod).first
        #expect(child?["link"] as? String == "nkin0", "\(child ?? [:])")
        try node.invoke(PluginBinaries.macvlan, "DEL", stdin: configuration(inside), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.linkNames(in: pod) == ["lo", "nkin0", "nkin0p"])
    }

    @Test(
        "errors before anything changes: missing master, an MTU above the parent's, an existing interface; a failing IPAM plugin leaves no macvlan"
    )
    func errors() throws {
        let node = try CNITestNode("me")
        try node.addParent()
        let pod = try node.addPod()
        let netns = "/run/netns/\(pod)"
        var error = try node.invoke(
            PluginBinaries.macvlan, "ADD",
            stdin: configuration(
                childLinkConfiguration(
                    node, plugin: "netkit-macvlan",
                    extra: ["master": "nkgone"])), netns: netns
        ).expectError(7)
        #expect((error["details"] as? String)?.contains("nkgone") == true)
        error = try node.invoke(
            PluginBinaries.macvlan, "ADD",
            stdin: configuration(
                childLinkConfiguration(
                    node, plugin: "netkit-macvlan",
                    extra: ["mtu": 9000])), netns: netns
        ).expectError(7)
        #expect((error["details"] as? String)?.contains("master MTU(1500)") == true, "\(error)")
        var broken = childLinkConfiguration(node, plugin: "netkit-macvlan")
        broken["ipam"] = ["type": "host-local", "dataDir": node.directory + "/ipam", "subnet": "10.97.0.0/24", "rangeStart": "10.98.0.5"]
        let run = try node.invoke(PluginBinaries.macvlan, "ADD", stdin: configuration(broken), netns: netns)
        let code = try run.json["code"] as? Int
        #expect(run.status != 0 && code != nil, "IPAM refuses its range: \(run.text)")
        #expect(try node.linkNames(in: pod) == ["lo"], "the macvlan made before IPAM failed is gone")
        _ = try Tool.run(["/usr/sbin/ip", "-n", pod, "link", "add", "eth0", "type", "veth", "peer", "name", "eth9"])
        try node.invoke(
            PluginBinaries.macvlan, "ADD", stdin: configuration(childLinkConfiguration(node, plugin: "netkit-macvlan")),
            netns: netns
        ).expectError(101)
        #expect(node.ipamFiles("childnet").allSatisfy { !$0.hasPrefix("10.") })
    }
}
