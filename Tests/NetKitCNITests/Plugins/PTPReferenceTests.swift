import Foundation
import NetKit
import Testing

/// netkit-ptp against Debian's reference `ptp` (`/usr/lib/cni/ptp`), both with the reference
/// `host-local`: the same scenario on two fresh nodes, compared as results and namespace state
/// (links, addresses, routes, the sysctls the reference sets) of the node and each pod; then
/// each plugin's `CHECK` on the other's attachment and each one's `DEL`.
@Suite("netkit-ptp and the reference ptp")
struct PTPReferenceTests {
    /// The sysctls the reference ptp sets (forwarding, `accept_ra` on the host end) or leaves
    /// as it finds them in the pod (which netkit-ptp must leave alone too).
    static let sysctls = (node: ["net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding"],
                          pod: ["net/ipv6/conf/eth0/accept_dad", "net/ipv4/conf/eth0/arp_notify", "net/ipv6/conf/eth0/disable_ipv6",
                                "net/ipv6/conf/lo/disable_ipv6", "net/ipv4/conf/eth0/rp_filter"])

    /// The configurations compared: IPv4 with an MTU and an IPAM default route, dual stack.
    nonisolated(unsafe) static let cases: [[String: Any]] = [
        ["mtu": 1400],
        ["ipam": ["type": "host-local", "ranges": [[["subnet": "10.92.0.0/24"]], [["subnet": "fd00:92::/64"]]],
                  "routes": [["dst": "0.0.0.0/0"], ["dst": "::/0"]]]],
    ]

    @Test("netkit-ptp builds what the reference ptp builds", arguments: cases.indices)
    func sameAsReference(_ index: Int) throws {
        try PluginBinaries.requireReference()
        let ours = try CNITestNode("to"), theirs = try CNITestNode("tr")
        var snapshots: [String: String] = [:]
        var attachments: [String: (config: [String: Any], results: [[String: Any]], pods: [String])] = [:]
        for (label, node, plugin) in [("ours", ours, PluginBinaries.ptp), ("reference", theirs, PluginBinaries.referencePTP)] {
            let config = Normalized.merging(Self.cases[index], into: ptpConfiguration(node), node: node)
            let (pods, results) = try node.addPods(2, plugin: plugin, config: config, label: label)
            for pod in pods { try node.awaitSettled("eth0", in: pod) }
            // Names and MACs are random: each side's are replaced by their role.
            var names = ["lo": "lo", "eth0": "eth0"]
            for (number, result) in results.enumerated() {
                if let host = objects(result["interfaces"]).first?["name"] as? String { names[host] = "host\(number)" }
            }
            let snapshot: [String: Any] = [
                "results": try results.enumerated().map { try Normalized.result($1, names: names, sandbox: pods[$0]) },
                "node": try Normalized.namespace(node, nil, names: names, sysctls: Self.sysctls),
                "pods": try pods.map { try Normalized.namespace(node, $0, names: names, sysctls: Self.sysctls) },
            ]
            snapshots[label] = Normalized.text(snapshot)
            attachments[label] = (config, results, pods)
        }
        let ourText = snapshots["ours"] ?? "", theirText = snapshots["reference"] ?? ""
        if ourText != theirText {
            // Kept for `diff` after a failure.
            try? ourText.write(toFile: "/tmp/netkit-ptp-parity-\(index)-ours.json", atomically: true, encoding: .utf8)
            try? theirText.write(toFile: "/tmp/netkit-ptp-parity-\(index)-reference.json", atomically: true, encoding: .utf8)
        }
        #expect(ourText == theirText, "netkit-ptp and the reference differ:\n--- ours\n\(ourText)\n--- reference\n\(theirText)")

        // Each plugin's CHECK passes on the other's attachment; then each one's own DEL cleans up.
        for (label, node, checker, owner) in [("ours", ours, PluginBinaries.referencePTP, PluginBinaries.ptp),
                                              ("reference", theirs, PluginBinaries.ptp, PluginBinaries.referencePTP)] {
            guard let (config, results, pods) = attachments[label] else { continue }
            for number in pods.indices {
                var withResult = config
                withResult["prevResult"] = results[number]
                try node.invoke(checker, "CHECK", stdin: configuration(withResult), containerID: "x\(number)",
                                netns: "/run/netns/\(pods[number])").expectSuccess("cross-CHECK of \(label)'s attachment")
                try node.invoke(owner, "DEL", stdin: configuration(withResult), containerID: "x\(number)",
                                netns: "/run/netns/\(pods[number])").expectSuccess("\(label) DEL")
            }
            #expect(try node.linkNames() == ["lo"], "\(label): DEL removed the host ends")
        }
    }

    @Test("the reference ptp and netkit-ptp fail alike: no IPAM plugin, an existing interface, an IPAM error")
    func sameErrors() throws {
        try PluginBinaries.requireReference()
        let node = try CNITestNode("te")
        let pod = try node.addPod()
        // No IPAM plugin: both refuse (ptp has no other source of addresses), changing nothing.
        var withoutIPAM = ptpConfiguration(node)
        withoutIPAM["ipam"] = nil
        for plugin in [PluginBinaries.ptp, PluginBinaries.referencePTP] {
            let run = try node.invoke(plugin, "ADD", stdin: configuration(withoutIPAM), netns: "/run/netns/\(pod)")
            #expect(run.status != 0, "\(plugin) without ipam: \(run.text)")
            #expect(try node.linkNames() == ["lo"] && node.linkNames(in: pod) == ["lo"], "\(plugin) left links behind")
        }
        try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(withoutIPAM), netns: "/run/netns/\(pod)").expectError(7)
        // An interface that already exists: both refuse, and both leave the pod as it was.
        _ = try Tool.run(["/usr/sbin/ip", "-n", pod, "link", "add", "eth0", "type", "veth", "peer", "name", "eth9"])
        for plugin in [PluginBinaries.ptp, PluginBinaries.referencePTP] {
            let run = try node.invoke(plugin, "ADD", stdin: configuration(ptpConfiguration(node)), netns: "/run/netns/\(pod)")
            #expect(run.status != 0, "\(plugin): \(run.text)")
            #expect(try node.linkNames() == ["lo"], "\(plugin) left a host end behind")
        }
        #expect(try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(ptpConfiguration(node)), netns: "/run/netns/\(pod)")
            .json["code"] as? Int == 101)
        // An IPAM error is passed on as the IPAM plugin reported it (host-local: no such range).
        let other = try node.addPod()
        var broken = ptpConfiguration(node)
        broken["ipam"] = ["type": "host-local", "dataDir": node.directory + "/ipam", "subnet": "10.93.0.0/24", "rangeStart": "10.94.0.5"]
        var codes: [Int?] = []
        for plugin in [PluginBinaries.ptp, PluginBinaries.referencePTP] {
            let run = try node.invoke(plugin, "ADD", stdin: configuration(broken), netns: "/run/netns/\(other)")
            codes.append(try run.json["code"] as? Int)
            #expect(try node.linkNames() == ["lo"] && node.linkNames(in: other) == ["lo"], "\(plugin) left links behind")
        }
        #expect(codes[0] != nil && codes[0] == codes[1], "same IPAM error code: \(codes)")
    }
}
