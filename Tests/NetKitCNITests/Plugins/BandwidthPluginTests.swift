import Foundation
import NetKit
import Testing

/// netkit-bandwidth against Debian's reference `bandwidth` plugin: the same configuration on two
/// nodes with the same veth, and the tc state (`tc -j`) compared after ADD, CHECK and DEL.
@Suite("netkit-bandwidth matches the reference bandwidth plugin")
struct BandwidthPluginTests {
    static var ours: String { PluginBinaries.directory + "/netkit-bandwidth" }
    static let reference = PluginBinaries.referenceDirectory + "/bandwidth"

    /// A node with a pod whose `eth0` is the peer of the node's `hv0`, and the chained configuration.
    private func setUp(_ tag: String, _ limits: [String: Any]) throws -> (CNITestNode, String, [String: Any]) {
        let node = try CNITestNode(tag)
        let pod = try node.addPod()
        try node.net.add(VethPair(name: "hv0", peerName: "eth0", peerNamespace: try node.pod(pod)))
        try node.net.setUp("hv0")
        var config: [String: Any] = [
            "cniVersion": "1.0.0", "name": "testnet", "type": "bandwidth",
            "prevResult": ["cniVersion": "1.0.0", "interfaces": [["name": "hv0"], ["name": "eth0", "sandbox": "/run/netns/\(pod)"]]],
        ]
        config.merge(limits) { _, new in new }
        return (node, pod, config)
    }

    /// The node's tc state as tc -j shows it, without counters and kernel-chosen numbers.
    private func tcState(_ node: CNITestNode, _ ifb: String) throws -> [String] {
        var state: [String] = []
        for device in ["hv0", ifb] where (try? node.ip("link", "show", "dev", device)) != nil {
            for qdisc in try Tool.json(["/usr/sbin/tc", "-n", node.name, "-j", "qdisc", "show", "dev", device]) {
                let options =
                    (qdisc["options"] as? [String: Any]).map { o in o.keys.sorted().map { "\($0)=\(o[$0]!)" }.joined(separator: ",") } ?? ""
                state.append("\(device) qdisc \(qdisc["kind"]!) \(qdisc["handle"]!) parent \(qdisc["parent"] ?? "root") \(options)")
            }
        }
        for filter in (try? Tool.json(["/usr/sbin/tc", "-n", node.name, "-j", "filter", "show", "dev", "hv0", "parent", "ffff:"])) ?? [] {
            let options = filter["options"] as? [String: Any]
            // The reference (through vishvananda/netlink) adds the redirect twice, the second
            // with a `pass` control action that never runs; compare the first.
            let action = (options?["actions"] as? [[String: Any]])?.first
            state.append(
                "hv0 filter \(filter["kind"]!) \(filter["protocol"]!) pref \(filter["pref"]!) flowid \(options?["flowid"] ?? "-")"
                    + " \(action?["kind"] ?? "-") \(action?["mirred_action"] ?? "-") \(action?["to_dev"] ?? "-")")
        }
        return state.sorted()
    }

    @Test("ingress and egress limits: the same qdiscs, filter and ifb after ADD; CHECK passes; DEL removes the ifb")
    func matchesReference() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.reference) else {
            throw TestFailure("the reference bandwidth plugin is missing: apt-get install -y containernetworking-plugins")
        }
        let limits: [String: Any] = [
            "runtimeConfig": [
                "bandwidth": [
                    "ingressRate": 2_000_000, "ingressBurst": 200_000,
                    "egressRate": 1_000_000, "egressBurst": 100_000,
                ]
            ]
        ]
        let (theirs, theirPod, config) = try setUp("bwr", limits)
        let (mine, myPod, myConfig) = try setUp("bwo", limits)
        let ifb = "bwp328e3d85e6c0"
        let theirResult = try theirs.invoke(Self.reference, "ADD", stdin: configuration(config), netns: "/run/netns/\(theirPod)")
            .expectSuccess("reference ADD")
        let myResult = try mine.invoke(Self.ours, "ADD", stdin: configuration(myConfig), netns: "/run/netns/\(myPod)").expectSuccess("ADD")
        #expect(
            objects(myResult["interfaces"]).map { $0["name"] as? String }
                == objects(theirResult["interfaces"]).map { $0["name"] as? String })
        let state = try tcState(mine, ifb)
        #expect(state == (try tcState(theirs, ifb)))
        #expect(state.contains { $0.hasPrefix("hv0 qdisc tbf 1: parent root") && $0.contains("rate=250000") }, "\(state)")
        #expect(state.contains { $0.hasPrefix("\(ifb) qdisc tbf 1: parent root") && $0.contains("rate=125000") }, "\(state)")
        #expect(state.contains { $0.contains("filter u32 all pref 1 flowid 1:1 mirred redirect \(ifb)") }, "\(state)")

        var withResult = myConfig
        withResult["prevResult"] = myResult
        try mine.invoke(Self.ours, "CHECK", stdin: configuration(withResult), netns: "/run/netns/\(myPod)").expectSuccess("CHECK")
        var changed = withResult
        changed["runtimeConfig"] = ["bandwidth": ["ingressRate": 3_000_000, "ingressBurst": 200_000]]
        _ = try mine.invoke(Self.ours, "CHECK", stdin: configuration(changed), netns: "/run/netns/\(myPod)").expectError(
            103, "CHECK with another rate")

        var theirWithResult = config
        theirWithResult["prevResult"] = theirResult
        try theirs.invoke(Self.reference, "DEL", stdin: configuration(theirWithResult), netns: "/run/netns/\(theirPod)").expectSuccess(
            "reference DEL")
        try mine.invoke(Self.ours, "DEL", stdin: configuration(withResult), netns: "/run/netns/\(myPod)").expectSuccess("DEL")
        try mine.invoke(Self.ours, "DEL", stdin: configuration(withResult), netns: "/run/netns/\(myPod)").expectSuccess("DEL again")
        #expect(try mine.linkNames() == theirs.linkNames())
        #expect(!(try mine.linkNames()).contains(ifb))
        #expect(try tcState(mine, ifb) == tcState(theirs, ifb))
    }

    @Test("the plugin's binary calls libnl-route's tc builders (nm -D lists them as imports)")
    func importsLibnlBuilders() throws {
        try PluginBinaries.requireBuilt()
        // The binary built beside this test bundle: NETKIT_CNI_BIN may hold wrapper scripts
        // (the sanitizer runs), which nm cannot read.
        let testBundle = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let besideBundle = URL(fileURLWithPath: testBundle).deletingLastPathComponent().appendingPathComponent("netkit-bandwidth").path
        let binary = FileManager.default.isExecutableFile(atPath: besideBundle) ? besideBundle : Self.ours
        let imports = try Tool.run(["/usr/bin/nm", "-D", "--undefined-only", binary]).output
        for symbol in [
            "rtnl_qdisc_build_add_request", "rtnl_qdisc_tbf_set_rate", "rtnl_cls_build_add_request",
            "rtnl_u32_add_key_uint32", "rtnl_u32_set_classid", "rtnl_mirred_set_action", "nlmsg_hdr",
        ] {
            #expect(imports.contains(" \(symbol)\n"), "\(symbol) not imported by netkit-bandwidth")
        }
    }

    @Test("a failure half-way (the ifb's name is taken) undoes the ingress tbf already made")
    func rollsBack() throws {
        let limits: [String: Any] = ["ingressRate": 2_000_000, "ingressBurst": 200_000, "egressRate": 1_000_000, "egressBurst": 100_000]
        let (node, pod, config) = try setUp("bwf", limits)
        try node.net.add(VethPair(name: "bwp328e3d85e6c0", peerName: "squatter"))
        let error = try node.invoke(Self.ours, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectError(100)
        #expect((error["details"] as? String)?.contains("EEXIST") == true, "\(error)")
        let qdiscs = try Tool.json(["/usr/sbin/tc", "-n", node.name, "-j", "qdisc", "show", "dev", "hv0"])
        #expect(qdiscs.allSatisfy { $0["kind"] as? String != "tbf" && $0["kind"] as? String != "ingress" }, "\(qdiscs)")
        #expect(try node.linkNames().contains("bwp328e3d85e6c0"), "the link that was there before is left alone")
    }

    @Test("a rate without a burst is error 7, and nothing is made")
    func invalidLimits() throws {
        let (node, pod, config) = try setUp("bwe", ["egressRate": 1_000_000])
        let before = try node.linkNames()
        let error = try node.invoke(Self.ours, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectError(7)
        #expect((error["details"] as? String)?.contains("if rate is set, burst must also be set") == true)
        #expect(try node.linkNames() == before)
    }
}
