import Foundation
import NetKit
import Testing

/// Configurations the other suites do not use: the default bridge name, a bridge that is not
/// the gateway, a layer-2-only attachment without IPAM, and `ipMasq` on a host whose `/dev` is
/// minimal.
@Suite("netkit-bridge configuration variants")
struct BridgeConfigurationVariantsTests {
    @Test("no \"bridge\" key: the bridge is cni0")
    func defaultBridgeName() throws {
        let node = try CNITestNode("vd")
        let pod = try node.addPod()
        var config = bridgeConfiguration(node)
        config["bridge"] = nil
        let result = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(objects(result["interfaces"]).first?["name"] as? String == "cni0")
        let bridge = try node.ip("-d", "link", "show", "cni0")
        #expect(object(bridge.first?["linkinfo"])["info_kind"] as? String == "bridge")
        let hostEnd = try #require(objects(result["interfaces"])[1]["name"] as? String)
        #expect(try node.ip("link", "show", hostEnd).first?["master"] as? String == "cni0")
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.linkNames() == ["lo", "cni0"])
    }

    @Test("isGateway false: no address on the bridge, forwarding left off, the pod still gets its address")
    func notTheGateway() throws {
        let node = try CNITestNode("vg")
        let pods = [try node.addPod(), try node.addPod()]
        var config = bridgeConfiguration(node, extra: ["isGateway": false])
        config["ipam"] = ["type": "netkit-host-local", "subnet": "10.77.0.0/24", "dataDir": node.directory + "/ipam"]
        let forwarding = try node.sysctl("net/ipv4/ip_forward")
        for (index, pod) in pods.enumerated() {
            let result = try node.invoke(
                PluginBinaries.bridge, "ADD", stdin: configuration(config), containerID: "g\(index)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess()
            #expect(objects(result["ips"]).first?["address"] as? String == "10.77.0.\(index + 2)/24")
            let local = addressInfo(try node.ip("-4", "addr", "show", "eth0", in: pod)).compactMap { $0["local"] as? String }
            #expect(local == ["10.77.0.\(index + 2)"])
        }
        #expect(addressInfo(try node.ip("-4", "addr", "show", "cni0")).isEmpty, "the bridge has no gateway address")
        #expect(try node.sysctl("net/ipv4/ip_forward") == forwarding, "forwarding is left as it was (\(forwarding))")
        let reply = try node.pod(pods[0]).ping(IPAddress(parsing: "10.77.0.3"), count: 1, timeout: .seconds(3))
        #expect(reply.received == 1, "pods on the bridge reach each other")
    }

    @Test("layer 2 only (no ipam): eth0 up on the bridge without addresses, a result without ips; CHECK and DEL work")
    func layerTwoOnly() throws {
        let node = try CNITestNode("vl")
        let pod = try node.addPod()
        var config = bridgeConfiguration(node)
        config["ipam"] = nil
        config["isGateway"] = nil
        config["dns"] = nil
        let result = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(result["ips"] == nil)
        #expect(result["routes"] == nil)
        #expect(objects(result["interfaces"]).count == 3)
        let eth0 = try node.ip("link", "show", "eth0", in: pod)
        #expect(eth0.first?["operstate"] as? String == "UP" || (eth0.first?["flags"] as? [String])?.contains("UP") == true)
        #expect(addressInfo(try node.ip("-4", "addr", "show", "eth0", in: pod)).isEmpty)
        #expect(addressInfo(try node.ip("-4", "addr", "show", "cni0")).isEmpty)
        #expect(try node.bridge("link", "show").count == 1)
        var check = config
        check["prevResult"] = result
        try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess()
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.linkNames(in: pod) == ["lo"])
        #expect(try node.linkNames() == ["lo", "cni0"])
    }

    @Test("ipMasq with a minimal /dev (no /dev/stdin, as in some container runtimes): ADD installs the rule, DEL removes it")
    func masqueradeWithoutDevStdin() throws {
        let node = try CNITestNode("vs")
        let pod = try node.addPod()
        let config = bridgeConfiguration(node, extra: ["ipMasq": true])
        // The plugin runs in its own mount namespace whose /dev is a tmpfs with null, zero and
        // urandom only.
        let minimalDev = [
            "/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
            "mount -t tmpfs -o mode=0755 dev /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 "
                + "&& mknod -m 666 /dev/urandom c 1 9 && [ ! -e /dev/stdin ] && exec \"$0\" \"$@\"",
        ]
        let result = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)",
            wrapper: minimalDev
        ).expectSuccess()
        #expect(try node.nftComments().count == 1, "one masquerade rule for the attachment")
        var delete = config
        delete["prevResult"] = result
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: configuration(delete), netns: "/run/netns/\(pod)", wrapper: minimalDev)
            .expectSuccess()
        #expect(try node.nftComments().isEmpty, "DEL removed the rule")
    }
}
