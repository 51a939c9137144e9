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
    static let sysctls = (
        node: ["net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding"],
        pod: [
            "net/ipv6/conf/eth0/accept_dad", "net/ipv4/conf/eth0/arp_notify", "net/ipv6/conf/eth0/disable_ipv6",
            "net/ipv6/conf/lo/disable_ipv6", "net/ipv4/conf/eth0/rp_filter",
        ]
    )

    /// The configurations compared: IPv4 with an MTU and an IPAM default route, dual stack.
    nonisolated(unsafe) static let cases: [[String: Any]] = [
        ["mtu": 1400],
        [
            "ipam": [
                "type": "host-local", "ranges": [[["subnet": "10.92.0.0/24"]], [["subnet": "fd00:92::/64"]]],
                "routes": [["dst": "0.0.0.0/0"], ["dst": "::/0"]],
            ]
        ],
    ]

    @Test("netkit-ptp builds what the reference ptp builds", arguments: cases.indices)
    func sameAsReference(_ index: Int) throws {
        try PluginBinaries.requireReference()
        let ours = try CNITestNode("to"), theirs = try CNITestNode("tr")
        var snapshots: [String: String] = [:]
        var sides: [String: ComparedSide] = [:]
        for (label, node, plugin) in [("ours", ours, PluginBinaries.ptp), ("reference", theirs, PluginBinaries.referencePTP)] {
            let config = Normalized.merging(Self.cases[index], into: ptpConfiguration(node), node: node)
            let (pods, results) = try node.addPods(2, plugin: plugin, config: config, label: label)
            for pod in pods { try node.awaitSettled("eth0", in: pod) }
            // Names and MACs are random: each side's are replaced by their role.
            var names = ["lo": "lo", "eth0": "eth0"]
            for (number, result) in results.enumerated() {
                if let host = objects(result["interfaces"]).first?["name"] as? String { names[host] = "host\(number)" }
            }
            let side = ComparedSide(node: node, config: config, pods: pods, results: results)
            snapshots[label] = try side.snapshot(names: names, sysctls: Self.sysctls)
            sides[label] = side
        }
        Normalized.expectSame(ours: snapshots["ours"] ?? "", reference: snapshots["reference"] ?? "", name: "ptp-parity-\(index)")

        // Each plugin's CHECK passes on the other's attachment; then each one's own DEL cleans up.
        for (label, checker, owner) in [
            ("ours", PluginBinaries.referencePTP, PluginBinaries.ptp),
            ("reference", PluginBinaries.ptp, PluginBinaries.referencePTP),
        ] {
            guard let side = sides[label] else { continue }
            try side.crossCheck(checker: checker, owner: owner, label: label)
            #expect(try side.node.linkNames() == ["lo"], "\(label): DEL removed the host ends")
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
        #expect(
            try node.invoke(PluginBinaries.ptp, "ADD", stdin: configuration(ptpConfiguration(node)), netns: "/run/netns/\(pod)")
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
