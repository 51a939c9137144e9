import Foundation
import NetKit
import Testing

/// netkit-ptp run as a runtime runs it, inside a node namespace, with pod namespaces as
/// `CNI_NETNS`. Results are checked against the kernel, read by iproute2, nft and /proc/sys.
@Suite("netkit-ptp lifecycle")
struct PTPLifecycleTests {
    /// `ip -j route show` entries of a namespace as `DST[ via GW] dev DEV[ scope S][ src SRC]`.
    private func routes(_ node: CNITestNode, _ family: String = "-4", in pod: String? = nil) throws -> Set<String> {
        Set(
            try node.ip(family, "route", "show", in: pod).map { route in
                var text = "\(route["dst"] ?? "")"
                if let gateway = route["gateway"] { text += " via \(gateway)" }
                text += " dev \(route["dev"] ?? "")"
                if let scope = route["scope"] as? String, scope != "global" { text += " scope \(scope)" }
                if let source = route["prefsrc"] { text += " src \(source)" }
                return text
            })
    }

    @Test("ADD, CHECK and DEL of two pods: results, both ends' addresses and routes, sysctls, connectivity")
    func twoPods() throws {
        let node = try CNITestNode("tl")
        let pods = try (0..<2).map { _ in try node.addPod() }
        let config = ptpConfiguration(node, extra: ["ipMasq": true, "mtu": 1400])
        var results: [[String: Any]] = []
        for (index, pod) in pods.enumerated() {
            let result = try node.invoke(
                PluginBinaries.ptp, "ADD", stdin: configuration(config), containerID: "p\(index)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess()
            results.append(result)
            let interfaces = objects(result["interfaces"])
            try #require(interfaces.count == 2)
            let hostName = try #require(interfaces[0]["name"] as? String)
            #expect(hostName.hasPrefix("veth") && interfaces[0]["sandbox"] == nil)
            #expect(interfaces[1]["name"] as? String == "eth0" && interfaces[1]["sandbox"] as? String == "/run/netns/\(pod)")
            let address = "10.90.0.\(index + 2)"
            let ips = objects(result["ips"])
            #expect(
                ips.count == 1 && ips.first?["address"] as? String == "\(address)/24" && ips.first?["gateway"] as? String == "10.90.0.1")
            #expect(ips.first?["interface"] as? Int == 1)
            #expect(objects(result["routes"]).compactMap { $0["dst"] as? String } == ["0.0.0.0/0"])
            #expect(object(result["dns"])["nameservers"] as? [String] == ["10.90.0.1"])

            // The container end: its address keeps the prefix, its subnet goes through the gateway.
            let eth0 = try node.ip("-d", "link", "show", "eth0", in: pod)
            #expect(eth0.first?["address"] as? String == interfaces[1]["mac"] as? String)
            #expect(eth0.first?["mtu"] as? Int == 1400)
            #expect(object(eth0.first?["linkinfo"])["info_kind"] as? String == "veth")
            let podAddresses = addressInfo(try node.ip("addr", "show", "eth0", in: pod)).filter { $0["family"] as? String == "inet" }
            #expect(podAddresses.map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "")" } == ["\(address)/24"])
            #expect(
                try routes(node, in: pod) == [
                    "default via 10.90.0.1 dev eth0", "10.90.0.0/24 via 10.90.0.1 dev eth0 src \(address)",
                    "10.90.0.1 dev eth0 scope link src \(address)",
                ])

            // The host end: the gateway as /32 and a host route to the container.
            let host = try node.ip("link", "show", hostName)
            #expect(host.first?["address"] as? String == interfaces[0]["mac"] as? String)
            #expect(host.first?["mtu"] as? Int == 1400 && host.first?["master"] == nil)
            let hostAddresses = addressInfo(try node.ip("addr", "show", hostName)).filter { $0["family"] as? String == "inet" }
            #expect(hostAddresses.map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "")" } == ["10.90.0.1/32"])
            #expect(try routes(node).contains("\(address) dev \(hostName) scope host"))
            #expect(try node.sysctl("net/ipv6/conf/\(hostName)/accept_ra") == "0")
        }
        #expect(try node.sysctl("net/ipv4/ip_forward") == "1")
        #expect(try node.nftComments().isSuperset(of: ["id=p0 if=eth0", "id=p1 if=eth0"]))

        // Pod to pod (routed through the node) and pod to gateway.
        for (from, to) in [(0, "10.90.0.3"), (1, "10.90.0.2"), (0, "10.90.0.1")] {
            let reply = try node.pod(pods[from]).ping(IPAddress(parsing: to), count: 1, timeout: .seconds(3))
            #expect(reply.received == 1, "pod \(from) → \(to)")
        }

        for (index, pod) in pods.enumerated() {
            var check = config
            check["prevResult"] = results[index]
            try node.invoke(PluginBinaries.ptp, "CHECK", stdin: configuration(check), containerID: "p\(index)", netns: "/run/netns/\(pod)")
                .expectSuccess("CHECK p\(index)")
        }

        // CHECK notices a missing route on either end.
        var check = config
        check["prevResult"] = results[0]
        _ = try Tool.run(["/usr/sbin/ip", "-n", pods[0], "route", "del", "10.90.0.0/24", "via", "10.90.0.1"])
        var error = try node.invoke(
            PluginBinaries.ptp, "CHECK", stdin: configuration(check), containerID: "p0", netns: "/run/netns/\(pods[0])"
        )
        .expectError(103, "subnet route gone")
        #expect((error["details"] as? String)?.contains("10.90.0.0/24 via 10.90.0.1") == true, "\(error)")
        check["prevResult"] = results[1]
        let host1 = try #require(objects(results[1]["interfaces"]).first?["name"] as? String)
        _ = try Tool.run(["/usr/sbin/ip", "-n", node.name, "route", "del", "10.90.0.3", "dev", host1])
        error = try node.invoke(PluginBinaries.ptp, "CHECK", stdin: configuration(check), containerID: "p1", netns: "/run/netns/\(pods[1])")
            .expectError(103, "host route gone")
        #expect((error["details"] as? String)?.contains(host1) == true, "\(error)")

        // DEL, twice each: everything goes.
        for (index, pod) in pods.enumerated() {
            var delete = config
            delete["prevResult"] = results[index]
            for _ in 0..<2 {
                try node.invoke(
                    PluginBinaries.ptp, "DEL", stdin: configuration(delete), containerID: "p\(index)", netns: "/run/netns/\(pod)"
                )
                .expectSuccess("DEL p\(index)")
            }
            #expect(try node.linkNames(in: pod) == ["lo"])
        }
        #expect(try node.linkNames() == ["lo"])
        #expect(!node.ipamFiles("ptpnet").contains { $0.hasPrefix("10.") }, "addresses released")
        #expect(try node.nftComments().isDisjoint(with: ["id=p0 if=eth0", "id=p1 if=eth0"]))
        error = try node.invoke(PluginBinaries.ptp, "CHECK", stdin: configuration(check), containerID: "p1", netns: "/run/netns/\(pods[1])")
            .expectError(3, "CHECK after DEL")
    }

    @Test("IPv4 and IPv6: DAD settles before the routes with a source, the host end gets both gateways")
    func dualStack() throws {
        let node = try CNITestNode("t6")
        let pod = try node.addPod()
        var config = ptpConfiguration(node)
        config["ipam"] = [
            "type": "host-local", "dataDir": node.directory + "/ipam",
            "ranges": [[["subnet": "10.91.0.0/24"]], [["subnet": "fd00:91::/64"]]],
        ]
        let result = try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(objects(result["ips"]).compactMap { $0["address"] as? String } == ["10.91.0.2/24", "fd00:91::2/64"])
        let hostName = try #require(objects(result["interfaces"]).first?["name"] as? String)
        let podRoutes = try routes(node, "-6", in: pod)
        #expect(
            podRoutes == [
                "fd00:91::/64 via fd00:91::1 dev eth0 src fd00:91::2", "fd00:91::1 dev eth0 src fd00:91::2", "fe80::/64 dev eth0",
            ],
            "the connected route is gone, the gateway is on the link: \(podRoutes)")
        let hostAddresses = addressInfo(try node.ip("addr", "show", hostName)).filter { $0["scope"] as? String == "global" }
        #expect(Set(hostAddresses.map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "")" }) == ["10.91.0.1/32", "fd00:91::1/128"])
        #expect(try node.sysctl("net/ipv6/conf/all/forwarding") == "1")
        #expect(try node.sysctl("net/ipv6/conf/eth0/disable_ipv6", in: pod) == "0")
        var check = config
        check["prevResult"] = result
        try node.invoke(PluginBinaries.ptp, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess()
        // IPv6 from the pod to its gateway, through the host end.
        #expect(try node.pod(pod).ping(IPAddress(parsing: "fd00:91::1"), count: 1, timeout: .seconds(3)).received == 1)
        try node.invoke(PluginBinaries.ptp, "DEL", stdin: configuration(check), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.linkNames() == ["lo"])
    }

    @Test("DEL with the pod's namespace gone, and with it held open elsewhere (the host end listed in prevResult goes)")
    func deleteWithoutNamespace() throws {
        let node = try CNITestNode("tg")
        let pod = try node.addPod()
        let config = ptpConfiguration(node)
        let result = try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        var delete = config
        delete["prevResult"] = result
        let holder = try node.holdNamespace(pod)  // keeps the namespace (and the veth) alive past its path
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        try node.removePod(pod)
        #expect(try node.linkNames().count == 2, "the host end outlives the path")
        try node.invoke(PluginBinaries.ptp, "DEL", stdin: configuration(delete), netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.linkNames() == ["lo"])
        #expect(!node.ipamFiles("ptpnet").contains { $0.hasPrefix("10.") })
        try node.invoke(PluginBinaries.ptp, "DEL", stdin: configuration(config), netns: nil).expectSuccess("DEL without CNI_NETNS")
    }
}
