import Foundation
import NetKit
import Testing

/// netkit-bridge's `vlan`, `vlanTrunk` and `preserveDefaultVlan` against the reference bridge
/// plugin: Debian's 1.1.1 binary where it knows the key (`vlan`), the current reference's source
/// (plugins/main/bridge/bridge.go) where it does not (`vlanTrunk`, `preserveDefaultVlan`, the
/// default VLAN removed from the port). They need `CONFIG_BRIDGE_VLAN_FILTERING` and so pass for
/// real in the kernel lane (`NETKIT_REQUIRE_IPIP=1`); on a kernel without it each checks that
/// both plugins refuse, netkit-bridge with error 100 naming the option, leaving nothing behind.
@Suite("netkit-bridge VLANs against the reference")
struct BridgeVLANReferenceTests {
    var filteringRequired: Bool { ProcessInfo.processInfo.environment["NETKIT_REQUIRE_IPIP"] == "1" }

    /// Every (device, VLAN, flags) of `bridge -j vlan show` on the node, devices named by role.
    static func vlanRows(_ node: CNITestNode, names: [String: String]) throws -> [String] {
        try node.bridge("vlan", "show").flatMap { device -> [String] in
            let real = device["ifname"] as? String ?? "?"
            let name = names[real] ?? (real.hasPrefix("veth") ? "OTHER-VETH" : real)
            return objects(device["vlans"]).flatMap { vlan -> [String] in
                let start = vlan["vlan"] as? Int ?? -1
                let flags = (vlan["flags"] as? [String] ?? []).joined(separator: ",")
                return (start...(vlan["vlanEnd"] as? Int ?? start)).map { "\(name) \($0) \(flags)" }
            }
        }.sorted()
    }

    /// Runs ADD for two pods with `changes` applied to the usual configuration; returns the
    /// normalized results, namespace state and VLAN table, or nil when the kernel lacks VLAN
    /// filtering (after checking the error and that nothing was left).
    func attach(_ plugin: String, _ label: String, _ changes: [String: Any?]) throws -> [String: Any]? {
        let node = try CNITestNode("vr")
        var config = bridgeConfiguration(node, ipam: "host-local")
        for (key, value) in changes { config[key] = value }
        var pods: [String] = [], results: [[String: Any]] = []
        for number in 0..<2 {
            let pod = try node.addPod()
            let run = try node.invoke(plugin, "ADD", stdin: configuration(config), containerID: "v\(number)", netns: "/run/netns/\(pod)")
            if run.status != 0, number == 0 {
                #expect(
                    !filteringRequired,
                    "\(label): ADD failed where VLAN filtering is required: \(run.stderr) \(String(decoding: run.stdout, as: UTF8.self))")
                if plugin == PluginBinaries.bridge {
                    let error = try run.expectError(100, "\(label) on a kernel without VLAN filtering")
                    #expect((error["details"] as? String)?.contains("CONFIG_BRIDGE_VLAN_FILTERING") == true, "\(error)")
                }
                if plugin == PluginBinaries.bridge {
                    let left = try node.linkNames()
                    #expect(left == ["lo"], "netkit-bridge leaves nothing: \(left)")
                }
                return nil
            }
            pods.append(pod)
            results.append(try run.expectSuccess("\(label) ADD"))
        }
        try node.awaitOperstateUp("cni0")
        // Each pod's eth0 settles (carrier, duplicate address detection of its link-local
        // address) asynchronously: wait, so that both plugins' snapshots show the settled state.
        for pod in pods { try node.awaitSettled("eth0", in: pod) }
        var names = ["cni0": "cni0", "lo": "lo", "eth0": "eth0"]
        for (number, result) in results.enumerated() {
            if let host = objects(result["interfaces"])[safe: 1]?["name"] as? String { names[host] = "host\(number)" }
        }
        if plugin == PluginBinaries.bridge, config["ipam"] != nil, config["isGateway"] as? Bool == true {
            // The pods reach each other and their gateway through VLAN 100 only.
            for address in ["10.77.0.3", "10.77.0.1"] {
                #expect(
                    try node.pod(pods[0]).ping(IPAddress(parsing: address), count: 1, timeout: .seconds(5)).received == 1, "ping \(address)"
                )
            }
        }
        return [
            "results": try results.enumerated().map { try Normalized.result($1, names: names, sandbox: pods[$0]) },
            "node": try Normalized.namespace(node, nil, names: names),
            "pods": try pods.map { try Normalized.namespace(node, $0, names: names) },
            "vlans": try Self.vlanRows(node, names: names),
        ]
    }

    @Test("vlan 100 with isGateway and IPAM: the same bridge, ports, VLAN gateway cni0.100 and results as the reference")
    func gatewayVLANParity() throws {
        try PluginBinaries.requireReference()
        // preserveDefaultVlan: the 1.1.1 reference never removes the default VLAN.
        let changes: [String: Any?] = ["vlan": 100, "preserveDefaultVlan": true]
        let ours = try attach(PluginBinaries.bridge, "netkit-bridge", changes)
        let theirs = try attach(PluginBinaries.referenceBridge, "reference", changes)
        #expect((ours == nil) == (theirs == nil), "both plugins work, or neither does")
        guard let ours, let theirs else { return }
        #expect(
            ours["vlans"] as? [String]
                == [
                    "OTHER-VETH 100 PVID,Egress Untagged", "OTHER-VETH 1 Egress Untagged",
                    "cni0 1 PVID,Egress Untagged", "host0 100 PVID,Egress Untagged", "host0 1 Egress Untagged",
                    "host1 100 PVID,Egress Untagged", "host1 1 Egress Untagged",
                ].sorted())
        #expect(
            Normalized.text(ours) == Normalized.text(theirs),
            "--- ours\n\(Normalized.text(ours))\n--- reference\n\(Normalized.text(theirs))")
    }

    @Test("vlan 200, layer 2: as the reference, and the port's default VLAN removed as the current reference removes it")
    func layer2VLAN() throws {
        try PluginBinaries.requireReference()
        let changes: [String: Any?] = ["vlan": 200, "ipam": nil, "isGateway": nil, "dns": nil]
        let ours = try attach(PluginBinaries.bridge, "netkit-bridge", changes)
        let theirs = try attach(PluginBinaries.referenceBridge, "reference", changes)
        #expect((ours == nil) == (theirs == nil), "both plugins work, or neither does")
        guard var ours, var theirs else { return }
        #expect(
            ours["vlans"] as? [String] == [
                "cni0 1 PVID,Egress Untagged", "host0 200 PVID,Egress Untagged", "host1 200 PVID,Egress Untagged",
            ])
        // The only difference: Debian's 1.1.1 leaves VLAN 1 on the port (no longer its PVID).
        theirs["vlans"] = (theirs["vlans"] as? [String] ?? []).filter { !($0.hasPrefix("host") && $0.hasSuffix(" 1 Egress Untagged")) }
        ours["vlans"] = ours["vlans"] as? [String]
        #expect(
            Normalized.text(ours) == Normalized.text(theirs),
            "--- ours\n\(Normalized.text(ours))\n--- reference\n\(Normalized.text(theirs))")
    }

    @Test(
        "vlanTrunk (source semantics): ranges and ids tagged, vlan as PVID unless the trunk re-adds it, VLAN 1 as PVID for a trunk alone",
        arguments: [
            (
                [["minID": 100, "maxID": 102], ["id": 300], ["id": 101]] as [[String: Int]], 0,
                ["1 PVID,Egress Untagged", "100 ", "101 ", "102 ", "300 "]
            ),
            ([["id": 20], ["minID": 30, "maxID": 31]], 10, ["10 PVID,Egress Untagged", "20 ", "30 ", "31 "]),
            ([["minID": 10, "maxID": 11]], 10, ["10 ", "11 "]),
        ])
    func trunk(_ trunk: [[String: Int]], _ vlan: Int, _ expected: [String]) throws {
        let changes: [String: Any?] = ["vlanTrunk": trunk, "vlan": vlan, "ipam": nil, "isGateway": nil, "dns": nil]
        guard let ours = try attach(PluginBinaries.bridge, "netkit-bridge", changes) else { return }
        #expect(
            ours["vlans"] as? [String]
                == (["cni0 1 PVID,Egress Untagged"] + ["host0", "host1"].flatMap { host in expected.map { "\(host) \($0)" } }).sorted())
        let links = objects(object(ours["node"])["links"])
        #expect(links.first { $0["ifname"] as? String == "cni0" }?["bridge.vlan_filtering"] as? Int == 1)
    }
}
