import Foundation
import NetKit
import Testing

/// netkit-macvlan, netkit-ipvlan and netkit-vlan against Debian's reference plugins, both with
/// the reference `host-local`: the same scenario on two fresh nodes with the same parent link
/// (`nkpar0`), compared as results and namespace state (links with their kind's attributes,
/// addresses, routes, the sysctls the reference sets) of the node and each pod; then each
/// plugin's `CHECK` on the other's attachment and each one's `DEL`. ipvlan and vlan need a
/// kernel that has them (the kernel lane); elsewhere netkit's plugin must fail with error 50
/// naming the kernel option (``ChildLinkKernel``).
@Suite("netkit-macvlan, netkit-ipvlan, netkit-vlan and the reference plugins")
struct ChildLinkReferenceTests {
    struct Case: Sendable, CustomStringConvertible {
        var ours: String
        var reference: String
        var feature: String?
        var changes: [String: String]
        var dualStack = false
        var description: String { "\(reference) \(changes)\(dualStack ? " dual stack" : "")" }
    }

    static let cases: [Case] = [
        Case(ours: "netkit-macvlan", reference: "macvlan", feature: nil, changes: [:]),
        Case(ours: "netkit-macvlan", reference: "macvlan", feature: nil, changes: ["mode": "vepa", "mtu": "1400"]),
        Case(ours: "netkit-macvlan", reference: "macvlan", feature: nil, changes: ["mode": "passthru"], dualStack: true),
        Case(ours: "netkit-ipvlan", reference: "ipvlan", feature: "CONFIG_IPVLAN", changes: [:]),
        Case(ours: "netkit-ipvlan", reference: "ipvlan", feature: "CONFIG_IPVLAN", changes: ["mode": "l3"], dualStack: true),
        Case(ours: "netkit-vlan", reference: "vlan", feature: "CONFIG_VLAN_8021Q", changes: ["vlanId": "10", "mtu": "1400"]),
    ]

    private func config(_ node: CNITestNode, _ plugin: String, _ test: Case) -> [String: Any] {
        var extra: [String: Any] = [:]
        for (key, value) in test.changes { extra[key] = Int(value) ?? value }
        if test.dualStack {
            extra["ipam"] = [
                "type": "host-local", "ranges": [[["subnet": "10.96.0.0/24"]], [["subnet": "fd00:96::/64"]]],
                "routes": [["dst": "0.0.0.0/0"], ["dst": "::/0"]],
            ]
        }
        return Normalized.merging(extra, into: childLinkConfiguration(node, plugin: plugin), node: node)
    }

    @Test("ours builds what the reference builds", arguments: cases)
    func sameAsReference(_ test: Case) throws {
        try PluginBinaries.requireReference()
        let ours = try CNITestNode("co"), theirs = try CNITestNode("cr"), probe = try CNITestNode("cp")
        for node in [ours, theirs, probe] { try node.addParent() }
        if try ChildLinkKernel.lacks(
            test.feature, node: probe, plugin: PluginBinaries.directory + "/" + test.ours, config: config(probe, test.ours, test))
        {
            return
        }
        // A passthru macvlan takes the parent for itself; a parent has one vlan of an id.
        let podCount = test.changes["mode"] == "passthru" || test.reference == "vlan" ? 1 : 2
        var snapshots: [String: String] = [:]
        var sides: [String: ComparedSide] = [:]
        for (label, node, plugin) in [
            ("ours", ours, PluginBinaries.directory + "/" + test.ours),
            ("reference", theirs, PluginBinaries.referenceDirectory + "/" + test.reference),
        ] {
            let config = config(node, test.ours, test)
            let (pods, results) = try node.addPods(podCount, plugin: plugin, config: config, label: label)
            for pod in pods { try node.awaitSettled("eth0", in: pod) }
            let names = ["lo": "lo", "eth0": "eth0", "nkpar0": "nkpar0", "nkpar0p": "nkpar0p"]
            let side = ComparedSide(node: node, config: config, pods: pods, results: results)
            snapshots[label] = try side.snapshot(names: names, sysctls: Self.sysctls)
            sides[label] = side
        }
        Normalized.expectSame(ours: snapshots["ours"] ?? "", reference: snapshots["reference"] ?? "", name: "\(test.reference)-parity")

        let ourPlugin = PluginBinaries.directory + "/" + test.ours,
            referencePlugin = PluginBinaries.referenceDirectory + "/" + test.reference
        for (label, checker, owner) in [("ours", referencePlugin, ourPlugin), ("reference", ourPlugin, referencePlugin)] {
            guard let side = sides[label] else { continue }
            try side.crossCheck(checker: checker, owner: owner, label: label)
            for pod in side.pods { #expect(try side.node.linkNames(in: pod) == ["lo"], "\(label): DEL removed the child") }
        }
    }

    /// The sysctls the reference plugins set (`arp_notify` for macvlan and ipvlan, IPv6 on for an
    /// IPv6 address) or leave as they find them.
    static let sysctls = (
        node: ["net/ipv4/ip_forward"],
        pod: [
            "net/ipv4/conf/eth0/arp_notify", "net/ipv6/conf/eth0/disable_ipv6", "net/ipv6/conf/lo/disable_ipv6",
            "net/ipv6/conf/eth0/accept_dad",
        ]
    )
}

/// Whether the kernel has the link kind a plugin creates.
enum ChildLinkKernel {
    /// True when `feature` is missing here: then `plugin`'s `ADD` must fail with error 50 naming
    /// it and change nothing; in the kernel lane (`NETKIT_REQUIRE_IPIP=1`) a missing kind is a
    /// failure. False when there is no feature to ask about, or the kernel has it (the probe's
    /// attachment is deleted again).
    static func lacks(_ feature: String?, node: CNITestNode, plugin: String, config: [String: Any]) throws -> Bool {
        guard let feature else { return false }
        let pod = try node.addPod()
        defer { try? node.removePod(pod) }
        let run = try node.invoke(plugin, "ADD", stdin: configuration(config), containerID: "probe", netns: "/run/netns/\(pod)")
        if run.status == 0 {
            try node.invoke(plugin, "DEL", stdin: configuration(config), containerID: "probe", netns: "/run/netns/\(pod)").expectSuccess()
            return false
        }
        let error = try run.expectError(50, "a kernel without \(feature)")
        #expect((error["details"] as? String)?.contains(feature) == true, "the error names \(feature): \(error)")
        #expect(try node.linkNames(in: pod) == ["lo"] && !node.ipamFiles("childnet").contains { $0.hasPrefix("10.") })
        let required = ProcessInfo.processInfo.environment["NETKIT_REQUIRE_IPIP"] == "1"
        #expect(!required, "NETKIT_REQUIRE_IPIP=1: this kernel must have \(feature)")
        return true
    }
}
