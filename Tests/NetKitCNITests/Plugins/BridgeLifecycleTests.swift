import Foundation
import NetKit
import Testing

/// netkit-bridge run as a runtime runs it: environment and stdin, inside a node namespace, with
/// pod namespaces as `CNI_NETNS`. Results are checked against the kernel, read by iproute2,
/// bridge(8), nft and /proc/sys — not by NetKit.
@Suite("netkit-bridge lifecycle")
struct BridgeLifecycleTests {
    @Test("ADD, CHECK and DEL of three pods: results, node and pod state, connectivity")
    func threePods() throws {
        let node = try CNITestNode("cl")
        let pods = try (0..<3).map { _ in try node.addPod() }
        let config = bridgeConfiguration(node, extra: ["ipMasq": true])
        var results: [[String: Any]] = []
        for (index, pod) in pods.enumerated() {
            let result = try node.invoke(
                PluginBinaries.bridge, "ADD", stdin: configuration(config),
                containerID: "ctr\(index)", netns: "/run/netns/\(pod)"
            ).expectSuccess()
            results.append(result)
            #expect(result["cniVersion"] as? String == "1.0.0")

            let interfaces = objects(result["interfaces"])
            try #require(interfaces.count == 3)
            #expect(interfaces[0]["name"] as? String == "cni0")
            #expect(interfaces[0]["sandbox"] == nil && interfaces[1]["sandbox"] == nil)
            #expect((interfaces[1]["name"] as? String)?.hasPrefix("veth") == true)
            #expect(interfaces[2]["name"] as? String == "eth0")
            #expect(interfaces[2]["sandbox"] as? String == "/run/netns/\(pod)")

            let ips = objects(result["ips"])
            try #require(ips.count == 1)
            #expect(ips[0]["address"] as? String == "10.77.0.\(index + 2)/24")
            #expect(ips[0]["gateway"] as? String == "10.77.0.1")
            #expect(ips[0]["interface"] as? Int == 2)
            #expect(objects(result["routes"]).compactMap { $0["dst"] as? String } == ["0.0.0.0/0"])
            #expect(object(result["dns"])["nameservers"] as? [String] == ["10.77.0.1"])

            // The container end, as iproute2 sees it inside the pod.
            let eth0 = try node.ip("-d", "link", "show", "eth0", in: pod)
            try #require(eth0.count == 1)
            #expect(eth0[0]["address"] as? String == interfaces[2]["mac"] as? String)
            #expect(eth0[0]["operstate"] as? String == "UP")
            #expect(object(object(eth0[0]["linkinfo"]))["info_kind"] as? String == "veth")
            let podAddresses = addressInfo(try node.ip("addr", "show", "eth0", in: pod)).filter { $0["family"] as? String == "inet" }
            #expect(podAddresses.count == 1)
            #expect(podAddresses.first?["local"] as? String == "10.77.0.\(index + 2)")
            #expect(podAddresses.first?["prefixlen"] as? Int == 24)
            #expect(podAddresses.first?["broadcast"] as? String == "10.77.0.255")
            let defaultRoute = try node.ip("route", "show", "default", in: pod)
            #expect(defaultRoute.first?["gateway"] as? String == "10.77.0.1")
            #expect(defaultRoute.first?["dev"] as? String == "eth0")

            // The host end, in the node, a port of cni0.
            let hostName = try #require(interfaces[1]["name"] as? String)
            let host = try node.ip("link", "show", hostName)
            #expect(host.first?["address"] as? String == interfaces[1]["mac"] as? String)
            #expect(host.first?["master"] as? String == "cni0")
            #expect(host.first?["operstate"] as? String == "UP")
            #expect(try node.sysctl("net/ipv6/conf/\(hostName)/accept_ra") == "0")
            #expect(try node.sysctl("net/ipv6/conf/eth0/accept_dad", in: pod) == "0")
            #expect(try node.sysctl("net/ipv4/conf/eth0/arp_notify", in: pod) == "1")
        }

        // The bridge, its address, ports and the node's sysctls.
        let bridge = try node.ip("-d", "link", "show", "cni0")
        #expect(object(bridge.first?["linkinfo"])["info_kind"] as? String == "bridge")
        #expect((bridge.first?["flags"] as? [String])?.contains("UP") == true)
        #expect(bridge.first?["address"] as? String == objects(results.last?["interfaces"]).first?["mac"] as? String)
        let gateway = addressInfo(try node.ip("addr", "show", "cni0")).filter { $0["family"] as? String == "inet" }
        #expect(
            gateway.map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "") brd \($0["broadcast"] ?? "")" } == ["10.77.0.1/24 brd 10.77.0.255"]
        )
        let ports = try node.bridge("link", "show").filter { $0["master"] as? String == "cni0" }
        #expect(
            Set(ports.compactMap { $0["ifname"] as? String }) == Set(results.compactMap { objects($0["interfaces"])[1]["name"] as? String })
        )
        #expect(ports.allSatisfy { $0["state"] as? String == "forwarding" })
        #expect(try node.sysctl("net/ipv4/ip_forward") == "1")
        #expect(try node.sysctl("net/ipv6/conf/cni0/accept_ra") == "0")
        let rules = try node.nftRules()
        for index in 0..<3 {
            #expect(
                rules.contains {
                    ($0["comment"] as? String) == "id=ctr\(index) if=eth0" && ($0["table"] as? String) == "netkit-cni.testnet"
                },
                "masquerade rule for ctr\(index)")
        }

        // Pod to pod and pod to gateway.
        for (from, to) in [(0, "10.77.0.3"), (1, "10.77.0.4"), (2, "10.77.0.2"), (0, "10.77.0.1"), (2, "10.77.0.1")] {
            let reply = try node.pod(pods[from]).ping(IPAddress(parsing: to), count: 1, timeout: .seconds(3))
            #expect(reply.received == 1, "pod \(from) → \(to)")
        }

        // CHECK each against its result.
        for (index, pod) in pods.enumerated() {
            var check = config
            check["prevResult"] = results[index]
            try node.invoke(
                PluginBinaries.bridge, "CHECK", stdin: configuration(check), containerID: "ctr\(index)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess("CHECK ctr\(index)")
        }

        // DEL each, twice (DEL is idempotent), then nothing is left but the bridge.
        for (index, pod) in pods.enumerated() {
            var delete = config
            delete["prevResult"] = results[index]
            for round in 0..<2 {
                try node.invoke(
                    PluginBinaries.bridge, "DEL", stdin: configuration(delete), containerID: "ctr\(index)",
                    netns: "/run/netns/\(pod)"
                ).expectSuccess("DEL ctr\(index) round \(round)")
            }
            #expect(!(try node.linkNames(in: pod)).contains("eth0"))
        }
        #expect(try node.linkNames() == ["lo", "cni0"])
        #expect(try node.bridge("link", "show").isEmpty)
        #expect(!(try node.nftRules()).contains { ($0["comment"] as? String)?.hasPrefix("id=") == true })
        let state = try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet")
        #expect(Set(state) == ["lock", "last_reserved_ip.0"], "IPAM released every address")
    }

    @Test("ipMasq: a pod reaches a host that has no route back to the pod network")
    func masquerade() throws {
        let node = try CNITestNode("cm")
        let pod = try node.addPod()
        // "outside": a neighbour of the node that knows nothing of 10.77.0.0/24.
        let outsideName = CNITestNode.uniqueName("cmo")
        let outside = try Namespace.create(named: outsideName)
        defer { try? Namespace.delete(named: outsideName, whenInUse: .detach) }
        try outside.netlink().setUp("lo")
        try node.net.add(VethPair(name: "uplink", peerName: "eth0", peerNamespace: outside))
        try node.net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.77.1/24"), dev: "uplink"))
        try node.net.setUp("uplink")
        try outside.netlink().addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.77.2/24"), dev: "eth0"))
        try outside.netlink().setUp("eth0")

        for masquerade in [false, true] {
            let config = bridgeConfiguration(node, extra: ["ipMasq": masquerade])
            let result = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)")
                .expectSuccess()
            let probe = Result { try node.pod(pod).ping(IPAddress(parsing: "192.168.77.2"), count: 1, timeout: .milliseconds(800)) }
            if masquerade {
                #expect((try? probe.get())?.received == 1, "with ipMasq the reply comes back to the node's address")
            } else {
                #expect((try? probe.get())?.received ?? 0 == 0, "without ipMasq the outside host cannot answer 10.77.0.x")
            }
            var delete = config
            delete["prevResult"] = result
            try node.invoke(PluginBinaries.bridge, "DEL", stdin: configuration(delete), netns: "/run/netns/\(pod)").expectSuccess()
        }
    }

    @Test("CNI 0.4.0 and 1.1.0 results, hairpin, promiscuous bridge, MTU and a requested MAC")
    func optionsAndVersions() throws {
        let node = try CNITestNode("co")
        let pod = try node.addPod()
        let legacy = bridgeConfiguration(node, version: "0.4.0", extra: ["hairpinMode": true, "mtu": 1400])
        let result = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: configuration(legacy), netns: "/run/netns/\(pod)",
            args: "IgnoreUnknown=1;K8S_POD_NAME=web-0;MAC=0a:58:0a:4d:00:42"
        ).expectSuccess()
        #expect(result["cniVersion"] as? String == "0.4.0")
        #expect(objects(result["ips"]).first?["version"] as? String == "4", "0.4.0 results name the IP family")
        #expect(objects(result["interfaces"])[2]["mac"] as? String == "0a:58:0a:4d:00:42")
        let eth0 = try node.ip("link", "show", "eth0", in: pod)
        #expect(eth0.first?["address"] as? String == "0a:58:0a:4d:00:42")
        #expect(eth0.first?["mtu"] as? Int == 1400)
        let hostName = try #require(objects(result["interfaces"])[1]["name"] as? String)
        #expect(try node.ip("link", "show", hostName).first?["mtu"] as? Int == 1400)
        #expect(try node.bridge("-d", "link", "show", "dev", hostName).first?["hairpin"] as? Bool == true)
        #expect(try node.ip("link", "show", "cni0").first?["mtu"] as? Int == 1400)

        // CHECK at 0.4.0 (the first version with CHECK), the 0.4.0 result — "version" fields,
        // interface indexes — passed back as prevResult, as a runtime does.
        var check = legacy
        check["prevResult"] = result
        try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess(
            "0.4.0 CHECK")
        // A prevResult that does not match the container: error 103 naming what differs.
        var wrongAddress = result
        var ips = objects(result["ips"])
        ips[0]["address"] = "10.77.0.99/24"
        wrongAddress["ips"] = ips
        check["prevResult"] = wrongAddress
        var error = try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)")
            .expectError(103, "0.4.0 CHECK with an address the container does not have")
        #expect((error["details"] as? String)?.contains("10.77.0.99/24") == true, "\(error)")
        #expect(error["cniVersion"] as? String == "0.4.0")
        var wrongMAC = result
        var interfaces = objects(result["interfaces"])
        interfaces[2]["mac"] = "0a:58:0a:4d:00:43"
        wrongMAC["interfaces"] = interfaces
        check["prevResult"] = wrongMAC
        error = try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)")
            .expectError(103, "0.4.0 CHECK with another MAC for eth0")
        #expect((error["details"] as? String)?.contains("0a:58:0a:4d:00:43") == true, "\(error)")

        var delete = legacy
        delete["prevResult"] = result
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: configuration(delete), netns: "/run/netns/\(pod)").expectSuccess()

        // 1.1.0 on a second network: promiscuous bridge; STATUS and GC exist.
        let modern = bridgeConfiguration(node, version: "1.1.0", name: "promisc", extra: ["bridge": "br-p", "promiscMode": true])
        let second = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(modern), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(second["cniVersion"] as? String == "1.1.0")
        #expect(objects(second["ips"]).first?["version"] == nil)
        #expect((try node.ip("link", "show", "br-p").first?["flags"] as? [String])?.contains("PROMISC") == true)
        try node.invoke(PluginBinaries.bridge, "STATUS", stdin: configuration(modern), containerID: nil, netns: nil, ifname: nil)
            .expectSuccess()
        var gc = modern
        gc["cni.dev/valid-attachments"] = [["containerID": "someone-else", "ifname": "eth0"]]
        try node.invoke(PluginBinaries.bridge, "GC", stdin: configuration(gc), containerID: nil, netns: nil, ifname: nil).expectSuccess()
        let remaining = try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/promisc")
        #expect(!remaining.contains("10.77.0.2"), "GC released the allocation of an attachment that is not valid")
    }

    @Test("an IPv6 and IPv4 dual-stack pod")
    func dualStack() throws {
        let node = try CNITestNode("cd")
        let pods = [try node.addPod(), try node.addPod()]
        var config = bridgeConfiguration(node, extra: ["isDefaultGateway": true])
        config["ipam"] = [
            "type": "netkit-host-local", "dataDir": node.directory + "/ipam",
            "ranges": [[["subnet": "10.78.0.0/24"]], [["subnet": "fd00:78::/64"]]],
        ]
        for (index, pod) in pods.enumerated() {
            let result = try node.invoke(
                PluginBinaries.bridge, "ADD", stdin: configuration(config), containerID: "d\(index)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess()
            let addresses = objects(result["ips"]).compactMap { $0["address"] as? String }
            #expect(addresses == ["10.78.0.\(index + 2)/24", "fd00:78::\(index + 2)/64"])
            #expect(Set(objects(result["routes"]).compactMap { $0["dst"] as? String }) == ["0.0.0.0/0", "::/0"])
            let v6 = addressInfo(try node.ip("-6", "addr", "show", "eth0", in: pod)).filter { $0["scope"] as? String == "global" }
            #expect(v6.first?["local"] as? String == "fd00:78::\(index + 2)")
            #expect(v6.first?["tentative"] == nil, "accept_dad is off, so the address is usable at once")
        }
        #expect(try node.sysctl("net/ipv6/conf/all/forwarding") == "1")
        let gateways = addressInfo(try node.ip("-6", "addr", "show", "cni0")).filter { $0["scope"] as? String == "global" }
        #expect(gateways.first?["local"] as? String == "fd00:78::1")
        let reply = try node.pod(pods[0]).ping(IPAddress(parsing: "fd00:78::3"), count: 1, timeout: .seconds(3))
        #expect(reply.received == 1)
    }
}
