import Foundation
import Testing

/// Namespace state and results with random names, MACs and timers removed, as sorted text.
enum Normalized {
    /// `base` with the keys of a compared case; a case's `ipam` gets the node's `dataDir`.
    static func merging(_ changes: [String: Any], into base: [String: Any], node: CNITestNode) -> [String: Any] {
        var config = base
        for (key, value) in changes {
            if key == "ipam", var ipam = value as? [String: Any] {
                ipam["dataDir"] = node.directory + "/ipam"
                config["ipam"] = ipam
            } else {
                config[key] = value
            }
        }
        return config
    }

    static func result(_ result: [String: Any], names: [String: String], sandbox: String) throws -> [String: Any] {
        var copy = result
        copy["interfaces"] = objects(result["interfaces"]).map { interface -> [String: Any] in
            var interface = interface
            interface["mac"] = interface["mac"] == nil ? nil : "MAC"
            if let name = interface["name"] as? String { interface["name"] = names[name] ?? name }
            if interface["sandbox"] as? String == "/run/netns/\(sandbox)" { interface["sandbox"] = "SANDBOX" }
            return interface
        }
        if let dns = result["dns"] as? [String: Any], dns.isEmpty { copy["dns"] = nil }
        return copy
    }

    /// The sysctls the bridge plugins set, in the node and in a pod.
    static let bridgeSysctls = (
        node: ["net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding", "net/ipv6/conf/cni0/accept_ra"],
        pod: [
            "net/ipv6/conf/eth0/accept_dad", "net/ipv4/conf/eth0/arp_notify", "net/ipv6/conf/eth0/disable_ipv6",
            "net/ipv6/conf/lo/disable_ipv6",
        ]
    )

    /// Links, addresses, routes and the `sysctls` the plugins set (and each host veth's
    /// `accept_ra`), of the node (`pod` nil) or a pod.
    static func namespace(
        _ node: CNITestNode, _ pod: String?, names: [String: String],
        sysctls keyLists: (node: [String], pod: [String]) = bridgeSysctls
    ) throws -> [String: Any] {
        func rename(_ value: Any?) -> Any? {
            guard let text = value as? String else { return value }
            return names[text] ?? (text.hasPrefix("veth") ? "OTHER-VETH" : text)
        }
        let links = try node.ip("-d", "link", "show", in: pod).map { link -> [String: Any] in
            let info = object(link["linkinfo"])
            var kept: [String: Any] = [:]
            for key in [
                "flags", "mtu", "operstate", "linkmode", "group", "txqlen", "link_type", "promiscuity", "allmulti", "min_mtu", "max_mtu",
            ] {
                kept[key] = link[key]
            }
            // A deliberate difference: the reference creates veths, macvlans, ipvlans and vlans with
            // txqueuelen 0 (its netlink library sends the zero it was not given); the netkit
            // plugins leave the kernel's 1000, which queueing disciplines added later (the
            // bandwidth plugin) use as their limit.
            if let kind = info["info_kind"] as? String, ["veth", "macvlan", "ipvlan", "vlan"].contains(kind) { kept["txqlen"] = nil }
            kept["ifname"] = rename(link["ifname"])
            kept["master"] = rename(link["master"])
            kept["kind"] = info["info_kind"]
            kept["slave_kind"] = info["info_slave_kind"]
            let bridgeData = object(info["info_data"])
            for key in [
                "forward_delay", "hello_time", "max_age", "ageing_time", "stp_state", "priority", "vlan_filtering", "mcast_snooping",
            ] {
                kept["bridge." + key] = bridgeData[key]
            }
            if let kind = info["info_kind"] as? String, ["macvlan", "ipvlan", "vlan"].contains(kind) {
                kept[kind] = info["info_data"]
            }
            let portData = object(info["info_slave_data"])
            for key in [
                "state", "priority", "cost", "hairpin", "guard", "root_block", "fastleave", "learning", "flood",
                "mcast_flood", "bcast_flood", "proxy_arp", "isolated", "neigh_suppress",
            ] {
                kept["port." + key] = portData[key]
            }
            return kept
        }
        let addresses = try node.ip("addr", "show", in: pod).flatMap { link -> [[String: Any]] in
            objects(link["addr_info"]).map { address -> [String: Any] in
                let linkLocal = address["scope"] as? String == "link"
                return [
                    "dev": rename(link["ifname"]) ?? "", "family": address["family"] ?? "", "scope": address["scope"] ?? "",
                    "local": linkLocal ? "LINK-LOCAL" : (address["local"] ?? ""), "prefixlen": address["prefixlen"] ?? "",
                    // On the node (bridge, host veths) both plugins leave DAD on, so an IPv6
                    // address there is tentative for about a second: when the snapshot is taken
                    // decides it, not the plugin. In the pod, where DAD is configured, it counts.
                    "broadcast": address["broadcast"] ?? "",
                    "flags": ["tentative", "nodad", "dadfailed", "noprefixroute"]
                        .filter { address[$0] as? Bool == true && !(pod == nil && $0 == "tentative") },
                ]
            }
        }
        let routes = try ["-4", "-6"].flatMap { family in
            try node.ip(family, "route", "show", "table", "main", in: pod).map { route -> [String: Any] in
                var kept: [String: Any] = [:]
                for key in ["dst", "gateway", "protocol", "scope", "prefsrc", "flags", "metric", "type"] { kept[key] = route[key] }
                kept["dev"] = rename(route["dev"])
                return kept
            }
        }
        // The sysctls the plugins set, keyed with roles instead of random veth names.
        var keys: [(path: String, label: String)] = (pod == nil ? keyLists.node : keyLists.pod).map { ($0, $0) }
        if pod == nil {
            for (real, role) in names where role.hasPrefix("host") {
                keys.append(("net/ipv6/conf/\(real)/accept_ra", "net/ipv6/conf/\(role)/accept_ra"))
            }
        }
        var sysctls: [String: String] = [:]
        for (path, label) in keys { sysctls[label] = try node.sysctl(path, in: pod) }
        // Routes of equal prefix list in creation order, which differs between the two runs.
        let sortedRoutes = routes.sorted { text($0) < text($1) }
        return ["links": links, "addresses": addresses, "routes": sortedRoutes, "sysctls": sysctls]
    }

    /// Sorted-key JSON, one line per list element, for a readable diff.
    static func text(_ value: Any?) -> String {
        guard let value, JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .prettyPrinted])
        else { return "\(value ?? "nil")" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension CNITestNode {
    /// `count` new pods, each `ADD`ed by `plugin` with `config` (container IDs `x0`, `x1` …).
    func addPods(_ count: Int, plugin: String, config: [String: Any], label: String) throws -> (pods: [String], results: [[String: Any]]) {
        var pods: [String] = [], results: [[String: Any]] = []
        for number in 0..<count {
            let pod = try addPod()
            pods.append(pod)
            results.append(
                try invoke(
                    plugin, "ADD", stdin: configuration(config), containerID: "x\(number)",
                    netns: "/run/netns/\(pod)"
                ).expectSuccess("\(label) ADD"))
        }
        return (pods, results)
    }
}

/// One side of a comparison with a reference plugin: its node, configuration, pods and results.
struct ComparedSide {
    var node: CNITestNode
    var config: [String: Any]
    var pods: [String]
    var results: [[String: Any]]

    /// Results and node and pod state with `names` replaced by their roles, as text.
    func snapshot(names: [String: String], sysctls: (node: [String], pod: [String])) throws -> String {
        let snapshot: [String: Any] = [
            "results": try results.enumerated().map { try Normalized.result($1, names: names, sandbox: pods[$0]) },
            "node": try Normalized.namespace(node, nil, names: names, sysctls: sysctls),
            "pods": try pods.map { try Normalized.namespace(node, $0, names: names, sysctls: sysctls) },
        ]
        return Normalized.text(snapshot)
    }

    /// `checker`'s `CHECK` of each attachment (the other plugin's), then `owner`'s `DEL`.
    func crossCheck(checker: String, owner: String, label: String) throws {
        for number in pods.indices {
            var withResult = config
            withResult["prevResult"] = results[number]
            try node.invoke(
                checker, "CHECK", stdin: configuration(withResult), containerID: "x\(number)",
                netns: "/run/netns/\(pods[number])"
            ).expectSuccess("cross-CHECK of \(label)'s attachment")
            try node.invoke(
                owner, "DEL", stdin: configuration(withResult), containerID: "x\(number)",
                netns: "/run/netns/\(pods[number])"
            ).expectSuccess("\(label) DEL")
        }
    }
}

extension Normalized {
    /// Expects the two snapshots equal; when they differ both are kept as
    /// `/tmp/netkit-NAME-ours.json` and `…-reference.json` for `diff`.
    static func expectSame(ours: String, reference: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if ours != reference {
            try? ours.write(toFile: "/tmp/netkit-\(name)-ours.json", atomically: true, encoding: .utf8)
            try? reference.write(toFile: "/tmp/netkit-\(name)-reference.json", atomically: true, encoding: .utf8)
        }
        #expect(
            ours == reference, "\(name): ours and the reference differ:\n--- ours\n\(ours)\n--- reference\n\(reference)",
            sourceLocation: sourceLocation)
    }
}
