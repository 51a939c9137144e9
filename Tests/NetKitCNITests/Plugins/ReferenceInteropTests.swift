import Foundation
import NetKit
import Testing

/// Interoperability with Debian's reference plugins (`containernetworking-plugins`, in
/// /usr/lib/cni): each of ours works with the other reference plugin, and netkit-bridge builds
/// the same attachment — result JSON and namespace state — as the reference bridge.
@Suite("reference plugin interop")
struct ReferenceInteropTests {
    /// ADD two pods with `bridge` + `ipam`, ping between them, CHECK both, DEL both.
    private func roundTrip(bridge: String, ipam: String) throws {
        try PluginBinaries.requireReference()
        let node = try CNITestNode("ri")
        let pods = [try node.addPod(), try node.addPod()]
        let config = bridgeConfiguration(node, ipam: ipam)
        var results: [[String: Any]] = []
        for (index, pod) in pods.enumerated() {
            results.append(
                try node.invoke(
                    bridge, "ADD", stdin: configuration(config), containerID: "i\(index)",
                    netns: "/run/netns/\(pod)"
                ).expectSuccess("ADD i\(index)"))
        }
        #expect(results.map { objects($0["ips"]).first?["address"] as? String } == ["10.77.0.2/24", "10.77.0.3/24"])
        let reply = try node.pod(pods[0]).ping(IPAddress(parsing: "10.77.0.3"), count: 1, timeout: .seconds(3))
        #expect(reply.received == 1)
        for (index, pod) in pods.enumerated() {
            var withResult = config
            withResult["prevResult"] = results[index]
            try node.invoke(bridge, "CHECK", stdin: configuration(withResult), containerID: "i\(index)", netns: "/run/netns/\(pod)")
                .expectSuccess("CHECK")
            try node.invoke(bridge, "DEL", stdin: configuration(withResult), containerID: "i\(index)", netns: "/run/netns/\(pod)")
                .expectSuccess("DEL")
        }
        #expect(try node.linkNames() == ["lo", "cni0"])
        let state = try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet")
        #expect(!state.contains { $0.hasPrefix("10.") }, "all addresses released")
    }

    @Test("netkit-bridge with the reference host-local")
    func netkitBridgeWithReferenceHostLocal() throws {
        try roundTrip(bridge: PluginBinaries.bridge, ipam: "host-local")
    }

    @Test("the reference bridge with netkit-host-local")
    func referenceBridgeWithNetkitHostLocal() throws {
        try roundTrip(bridge: PluginBinaries.referenceBridge, ipam: "netkit-host-local")
    }

    @Test("netkit-host-local and the reference host-local share a dataDir")
    func sharedState() throws {
        try PluginBinaries.requireReference()
        let node = try CNITestNode("rs")
        var addresses: [String] = []
        for index in 0..<4 {
            let ipam = index % 2 == 0 ? PluginBinaries.hostLocal : PluginBinaries.referenceDirectory + "/host-local"
            let config = bridgeConfiguration(node, ipam: "host-local")
            let result = try node.invoke(ipam, "ADD", stdin: configuration(config), containerID: "s\(index)", netns: "/run/netns/unused")
                .expectSuccess("ADD s\(index) with \(ipam)")
            addresses += objects(result["ips"]).compactMap { $0["address"] as? String }
        }
        #expect(addresses == ["10.77.0.2/24", "10.77.0.3/24", "10.77.0.4/24", "10.77.0.5/24"], "round-robin continues across both")
        // Each releases what the other allocated.
        let config = try configuration(bridgeConfiguration(node, ipam: "host-local"))
        try node.invoke(PluginBinaries.hostLocal, "DEL", stdin: config, containerID: "s1", netns: nil).expectSuccess()
        try node.invoke(PluginBinaries.referenceDirectory + "/host-local", "DEL", stdin: config, containerID: "s0", netns: nil)
            .expectSuccess()
        let state = Set(try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet"))
        #expect(state.isSuperset(of: ["10.77.0.4", "10.77.0.5"]) && state.isDisjoint(with: ["10.77.0.2", "10.77.0.3"]))
    }

    /// Configurations compared between netkit-bridge and the reference bridge.
    nonisolated(unsafe) static let parityCases: [[String: Any]] = [
        [:],
        // No IPAM routes: the reference adds a second default route next to an IPAM one without
        // a gateway, and fails with EEXIST.
        ["isDefaultGateway": true, "hairpinMode": true, "mtu": 1450, "ipam": ["type": "host-local", "subnet": "10.81.0.0/24"]],
        ["promiscMode": true, "ipam": ["type": "host-local", "ranges": [[["subnet": "10.80.0.0/24"]], [["subnet": "fd00:80::/64"]]]]],
    ]

    @Test("netkit-bridge builds what the reference bridge builds", arguments: parityCases.indices)
    func sameAsReference(_ index: Int) throws {
        try PluginBinaries.requireReference()
        let ours = try CNITestNode("po"), theirs = try CNITestNode("pr")
        var snapshots: [String: Any] = [:]
        for (label, node, plugin) in [("ours", ours, PluginBinaries.bridge), ("reference", theirs, PluginBinaries.referenceBridge)] {
            let config = Normalized.merging(Self.parityCases[index], into: bridgeConfiguration(node, ipam: "host-local"), node: node)
            let (pods, results) = try node.addPods(2, plugin: plugin, config: config, label: label)
            try node.awaitOperstateUp(config["bridge"] as? String ?? "cni0")
            // Names and MACs are random: each side's are replaced by their role.
            var names = ["cni0": "cni0", "lo": "lo", "eth0": "eth0"]
            for (number, result) in results.enumerated() {
                if let host = objects(result["interfaces"])[safe: 1]?["name"] as? String { names[host] = "host\(number)" }
            }
            snapshots[label] =
                [
                    "results": try results.enumerated().map { try Normalized.result($1, names: names, sandbox: pods[$0]) },
                    "node": try Normalized.namespace(node, nil, names: names),
                    "pods": try pods.map { try Normalized.namespace(node, $0, names: names) },
                ] as [String: Any]

            // Each plugin's CHECK accepts the other's attachment shape: checked below by swapping.
            snapshots[label + "-check"] = (config, results, pods)
        }
        let ourText = Normalized.text(snapshots["ours"]), theirText = Normalized.text(snapshots["reference"])
        if ourText != theirText {
            // Kept for `diff` after a failure.
            try? ourText.write(toFile: "/tmp/netkit-cni-parity-\(index)-ours.json", atomically: true, encoding: .utf8)
            try? theirText.write(toFile: "/tmp/netkit-cni-parity-\(index)-reference.json", atomically: true, encoding: .utf8)
        }
        #expect(ourText == theirText, "netkit-bridge and the reference differ:\n--- ours\n\(ourText)\n--- reference\n\(theirText)")

        // The reference CHECK passes on netkit-bridge's attachment, and ours on the reference's.
        for (label, node, plugin) in [("ours", ours, PluginBinaries.referenceBridge), ("reference", theirs, PluginBinaries.bridge)] {
            guard let (config, results, pods) = snapshots[label + "-check"] as? ([String: Any], [[String: Any]], [String]) else { continue }
            for number in pods.indices {
                var check = config
                check["prevResult"] = results[number]
                try node.invoke(
                    plugin, "CHECK", stdin: configuration(check), containerID: "x\(number)",
                    netns: "/run/netns/\(pods[number])"
                ).expectSuccess("cross-CHECK of \(label)'s attachment")
            }
        }
    }
}
