import Foundation
import NetKit
import Testing

/// Configurations of spec 0.1.0 (no `cniVersion`) and 0.2.0, run through netkit-bridge and the
/// reference bridge on the same configuration: same result document, same namespaces, and a
/// `DEL` that leaves nothing behind.
@Suite("legacy configurations (no cniVersion, 0.2.0) against the reference")
struct LegacyConfigurationTests {
    /// Dual-stack with a route per family: the legacy shape puts each under its family.
    private func legacyConfiguration(_ node: CNITestNode, bridge: String, ipam: String, version: String?) -> [String: Any] {
        var config = bridgeConfiguration(node, plugin: bridge, ipam: ipam, name: "legacy")
        var section = object(config["ipam"])
        section["subnet"] = nil
        section["ranges"] = [[["subnet": "10.78.0.0/24"]], [["subnet": "fd00:78::/64"]]]
        section["routes"] = [["dst": "0.0.0.0/0"], ["dst": "::/0"]]
        config["ipam"] = section
        config["cniVersion"] = version
        return config
    }

    private struct Run {
        var results: [String]
        var node: String
        var pods: [String]
    }

    /// ADD two pods, snapshot, DEL both; checks that DEL leaves no veth and no reservation.
    private func attachAndDetach(bridge: String, ipam: String, version: String?, tag: String) throws -> Run {
        let node = try CNITestNode(tag)
        let linksBefore = try node.linkNames()
        let config = legacyConfiguration(node, bridge: bridge, ipam: ipam, version: version)
        var pods: [String] = [], results: [String] = []
        for number in 0..<2 {
            let pod = try node.addPod()
            pods.append(pod)
            let result = try node.invoke(
                bridge, "ADD", stdin: configuration(config), containerID: "legacy\(number)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess("\(bridge) ADD \(version ?? "no cniVersion")")
            results.append(Normalized.text(result))
        }
        try node.awaitOperstateUp("cni0")
        var names = ["cni0": "cni0", "lo": "lo", "eth0": "eth0"]
        for (number, link) in try node.ip("link", "show", "master", "cni0").enumerated() {
            if let name = link["ifname"] as? String { names[name] = "host\(number)" }
        }
        let snapshot = Run(
            results: results, node: Normalized.text(try Normalized.namespace(node, nil, names: names)),
            pods: try pods.map { Normalized.text(try Normalized.namespace(node, $0, names: names)) })
        for (number, pod) in pods.enumerated() {
            try node.invoke(
                bridge, "DEL", stdin: configuration(config), containerID: "legacy\(number)",
                netns: "/run/netns/\(pod)"
            ).expectSuccess("\(bridge) DEL")
            // DEL again, the namespace gone: still success.
            try node.invoke(bridge, "DEL", stdin: configuration(config), containerID: "legacy\(number)", netns: nil).expectSuccess(
                "repeated DEL")
        }
        #expect(try node.linkNames() == linksBefore.union(["cni0"]), "\(bridge): no veth left")
        let reservations = ((try? FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/legacy")) ?? [])
            .filter { $0.hasPrefix("10.") || $0.hasPrefix("fd00") }
        #expect(reservations.isEmpty, "\(bridge): reservations left: \(reservations)")
        return snapshot
    }

    @Test(
        "netkit-bridge + netkit-host-local answer and build what the reference answers and builds",
        arguments: [nil, "", "0.1.0", "0.2.0"] as [String?])
    func sameAsReference(_ version: String?) throws {
        try PluginBinaries.requireBuilt()
        try PluginBinaries.requireReference()
        let ours = try attachAndDetach(bridge: PluginBinaries.bridge, ipam: "netkit-host-local", version: version, tag: "lo")
        let theirs = try attachAndDetach(bridge: PluginBinaries.referenceBridge, ipam: "host-local", version: version, tag: "lr")
        let first = try JSONSerialization.jsonObject(with: Data(ours.results[0].utf8)) as? [String: Any] ?? [:]
        let expected = (version ?? "").isEmpty ? "0.1.0" : version
        #expect(first["cniVersion"] as? String == expected)
        #expect(first["ip4"] != nil && first["ip6"] != nil && first["ips"] == nil)
        #expect(ours.results == theirs.results, "results differ:\n--- ours\n\(ours.results)\n--- reference\n\(theirs.results)")
        #expect(ours.node == theirs.node, "node namespaces differ:\n--- ours\n\(ours.node)\n--- reference\n\(theirs.node)")
        #expect(ours.pods == theirs.pods, "pod namespaces differ:\n--- ours\n\(ours.pods)\n--- reference\n\(theirs.pods)")
    }

    @Test("netkit-bridge reads the reference host-local's 0.2.0 answer; the reference bridge reads netkit-host-local's")
    func mixedPairs() throws {
        try PluginBinaries.requireBuilt()
        try PluginBinaries.requireReference()
        let ours = try attachAndDetach(bridge: PluginBinaries.bridge, ipam: "host-local", version: "0.2.0", tag: "lm")
        let theirs = try attachAndDetach(bridge: PluginBinaries.referenceBridge, ipam: "netkit-host-local", version: "0.2.0", tag: "ln")
        #expect(ours.results == theirs.results)
        let addresses = ours.results.map { $0.replacingOccurrences(of: "\\/", with: "/") }
        #expect(addresses.first?.contains("10.78.0.2/24") == true && addresses.last?.contains("fd00:78::3/64") == true, "\(addresses)")
    }
}
