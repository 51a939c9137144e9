import Foundation
import NetKit
import Testing

/// Every bad input gets the spec's error JSON on stdout — the right code, a message that names
/// the problem — a non-zero exit status, and leaves the node, the pod and the IPAM state as
/// they were.
@Suite("netkit-bridge bad input")
struct BridgeBadInputTests {
    /// Node links, pod links and IPAM files, to compare before and after.
    private func snapshot(_ node: CNITestNode, _ pod: String) throws -> [String] {
        let ipam = (try? FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet")) ?? []
        let rules = try node.nftRules().count
        return try node.linkNames().sorted() + ["|"] + node.linkNames(in: pod).sorted() + ["|"] + ipam.sorted() + ["| rules \(rules)"]
    }

    private func expectUnchanged(
        _ node: CNITestNode, _ pod: String, _ body: () throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try snapshot(node, pod)
        try body()
        let after = try snapshot(node, pod)
        #expect(after == before, "state changed: \(before) → \(after)", sourceLocation: sourceLocation)
    }

    @Test("malformed configuration and environment: codes 1, 2, 4, 6, 7")
    func malformedInput() throws {
        let node = try CNITestNode("bi")
        let pod = try node.addPod()
        let netns = "/run/netns/\(pod)"
        let good = bridgeConfiguration(node, extra: ["ipMasq": true])
        func add(
            _ stdin: Data, containerID: String? = "c1", netns: String? = netns, ifname: String? = "eth0",
            command: String? = "ADD", args: String? = nil
        ) throws -> PluginRun {
            try node.invoke(
                PluginBinaries.bridge, command, stdin: stdin, containerID: containerID, netns: netns, ifname: ifname, args: args)
        }
        func with(_ changes: [String: Any?]) throws -> Data {
            var object = good
            for (key, value) in changes { object[key] = value }
            return try configuration(object)
        }

        try expectUnchanged(node, pod) {
            var error = try add(Data("{\"cniVersion\": \"1.0.0\", \"name\": ".utf8)).expectError(6, "malformed JSON")
            #expect((error["msg"] as? String)?.contains("decode") == true)
            // No version was agreed yet: the error is in the newest one the plugin speaks.
            #expect(error["cniVersion"] as? String == "1.1.0", "malformed JSON: \(error)")
            error = try add(Data()).expectError(6, "empty stdin")
            #expect(error["msg"] as? String == "empty network configuration on stdin")
            try add(Data("[1, 2]".utf8)).expectError(6, "not an object")
            try add(with(["mtu": "big"])).expectError(6, "a field of the wrong type")

            error = try add(try configuration(good), command: nil).expectError(4, "no CNI_COMMAND")
            #expect((error["msg"] as? String)?.contains("CNI_COMMAND") == true)
            #expect(error["cniVersion"] as? String == "1.1.0", "no CNI_COMMAND: \(error)")
            try add(try configuration(good), command: "FROB").expectError(4, "unknown CNI_COMMAND")
            for variable in ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"] {
                let run = try add(
                    try configuration(good), containerID: variable == "CNI_CONTAINERID" ? nil : "c1",
                    netns: variable == "CNI_NETNS" ? nil : netns, ifname: variable == "CNI_IFNAME" ? nil : "eth0")
                error = try run.expectError(4, "missing \(variable)")
                #expect((error["msg"] as? String)?.contains(variable) == true, "the message names \(variable)")
            }
            for name in ["averyveryverylongname", "eth/0", "eth:0", "eth 0", "eth\t0", ".", ".."] {
                error = try add(try configuration(good), ifname: name).expectError(4, "CNI_IFNAME \(name)")
                #expect((error["msg"] as? String)?.contains("CNI_IFNAME") == true)
            }
            // DEL and CHECK check the name too (a bad one could name a node link on DEL).
            for command in ["DEL", "CHECK"] {
                var object = good
                object["prevResult"] = ["cniVersion": "1.0.0"]
                error = try add(try configuration(object), ifname: "eth/0", command: command).expectError(
                    4, "\(command) with CNI_IFNAME eth/0")
                #expect((error["msg"] as? String)?.contains("CNI_IFNAME") == true)
            }
            try add(try configuration(good), containerID: "-leading-dash").expectError(4, "bad container ID")
            try add(try configuration(good), args: "K8S_POD_NAME").expectError(4, "CNI_ARGS without =")

            error = try add(with(["cniVersion": "9.9.9"])).expectError(1, "unknown cniVersion")
            #expect((error["details"] as? String)?.contains("9.9.9") == true)
            #expect(error["cniVersion"] as? String == "1.1.0", "a version the plugin does not speak is not the one in use: \(error)")
            try add(with(["cniVersion": "banana"])).expectError(1, "unparseable cniVersion")
            try add(with(["cniVersion": "0.5.0"])).expectError(1, "0.5.0 was never a CNI version")

            error = try add(with(["name": nil])).expectError(7, "missing name")
            #expect(error["cniVersion"] as? String == "1.0.0", "the configuration's version, once known: \(error)")
            try add(with(["name": "bad name!"])).expectError(7, "invalid name")
            try add(with(["hairpinMode": true, "promiscMode": true])).expectError(7, "hairpin and promiscuous")
            try add(with(["mtu": 20])).expectError(7, "MTU below 68")
            try add(with(["bridge": "a-bridge-name-too-long"])).expectError(7, "bridge name too long")
            try add(with(["runtimeConfig": ["mac": "01:00:5e:00:00:01"]])).expectError(7, "multicast MAC")
            error = try add(with(["vlan": 5000])).expectError(7, "VLAN id above 4094")
            #expect((error["details"] as? String)?.contains("invalid VLAN ID 5000 (must be between 0 and 4094)") == true, "\(error)")
            try add(with(["vlan": -1])).expectError(7, "negative VLAN id")
            // The reference's collectVlanTrunk checks, with its messages.
            for (trunk, why) in [
                ([["minID": 10]], "maxID is missing"), ([["maxID": 10]], "minID is missing"),
                ([["minID": 20, "maxID": 10]], "minID is greater than maxID"), ([["minID": 0, "maxID": 10]], "incorrect trunk minID"),
                ([["minID": 1, "maxID": 4095]], "incorrect trunk maxID"), ([["id": 4095]], "incorrect trunk id"),
            ] as [([[String: Int]], String)] {
                error = try add(with(["vlanTrunk": trunk])).expectError(7, "vlanTrunk \(trunk)")
                #expect((error["details"] as? String)?.contains(why) == true, "\(error)")
            }
            try add(with(["macspoofchk": true])).expectError(2, "macspoofchk is not implemented")

            var missingIPAM = good
            missingIPAM["ipam"] = ["type": "no-such-ipam", "subnet": "10.77.0.0/24"]
            try add(try configuration(missingIPAM)).expectError(7, "IPAM plugin not in CNI_PATH")
            var badSubnet = good
            badSubnet["ipam"] = ["type": "netkit-host-local", "subnet": "10.77.0.0/33", "dataDir": node.directory + "/ipam"]
            try add(try configuration(badSubnet)).expectError(7, "invalid subnet")
        }
    }

    @Test("namespace problems: nonexistent, not a namespace, the node's own")
    func namespaceProblems() throws {
        let node = try CNITestNode("bn")
        let pod = try node.addPod()
        let good = try configuration(bridgeConfiguration(node))
        try expectUnchanged(node, pod) {
            var error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: good, netns: "/run/netns/nk-does-not-exist").expectError(4)
            #expect((error["details"] as? String)?.contains("does not exist") == true)
            error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: good, netns: "/etc/hostname").expectError(4, "not a netns")
            #expect((error["details"] as? String)?.contains("not a network namespace") == true)
            error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: good, netns: "/run/netns/\(node.name)").expectError(4, "own netns")
            #expect((error["details"] as? String)?.contains("own network namespace") == true)
            try node.invoke(PluginBinaries.bridge, "DEL", stdin: good, netns: "/run/netns/\(node.name)").expectError(4, "DEL in own netns")
            try node.invoke(PluginBinaries.bridge, "ADD", stdin: good, netns: "relative/path").expectError(4, "relative path")
        }
        // DEL of a namespace that is gone succeeds.
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: good, netns: "/run/netns/nk-does-not-exist").expectSuccess()
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: good, netns: nil).expectSuccess("DEL without CNI_NETNS")
    }

    @Test("duplicate ADD, CHECK of an unknown container, CHECK without prevResult or on 0.3.1")
    func duplicatesAndUnknownContainers() throws {
        let node = try CNITestNode("bd")
        let pod = try node.addPod()
        let other = try node.addPod()
        let config = bridgeConfiguration(node)
        let result = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectSuccess()
        try expectUnchanged(node, pod) {
            let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectError(
                101)
            #expect((error["msg"] as? String)?.contains("already exists") == true)
            var check = config
            check["prevResult"] = result
            // The same result, checked for a container that was never added.
            try node.invoke(
                PluginBinaries.bridge, "CHECK", stdin: configuration(check), containerID: "never",
                netns: "/run/netns/\(other)"
            ).expectError(3, "CHECK of an unknown container")
            try node.invoke(
                PluginBinaries.bridge, "CHECK", stdin: configuration(check), containerID: "gone",
                netns: "/run/netns/nk-gone"
            ).expectError(3, "CHECK of a container whose namespace is gone")
            try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(config), netns: "/run/netns/\(pod)")
                .expectError(7, "CHECK needs prevResult")
            var old = check
            old["cniVersion"] = "0.3.1"
            try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(old), netns: "/run/netns/\(pod)")
                .expectError(1, "CHECK does not exist in 0.3.1")
            try node.invoke(PluginBinaries.bridge, "GC", stdin: configuration(config), containerID: nil, netns: nil, ifname: nil)
                .expectError(1, "GC does not exist in 1.0.0")
        }
        // CHECK notices a change: the gateway address removed from the bridge is not tracked,
        // but a container address is.
        var check = config
        check["prevResult"] = result
        try node.pod(pod).netlink().deleteAddress(InterfaceAddress(IPNetwork(parsing: "10.77.0.2/24"), dev: "eth0"))
        let error = try node.invoke(PluginBinaries.bridge, "CHECK", stdin: configuration(check), netns: "/run/netns/\(pod)").expectError(
            103)
        #expect((error["details"] as? String)?.contains("10.77.0.2/24") == true)
    }

    @Test("the bridge name belongs to a veth: error 102 naming it; no veth, and the address is released")
    func bridgeNameIsNotABridge() throws {
        let node = try CNITestNode("bb")
        let pod = try node.addPod()
        try node.net.add(VethPair(name: "cni0", peerName: "cni0p"))
        let before = try node.linkNames().sorted()
        let error = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: configuration(bridgeConfiguration(node)), netns: "/run/netns/\(pod)"
        )
        .expectError(102)
        #expect(error["msg"] as? String == "\"cni0\" already exists but is not a bridge", "\(error)")
        #expect((error["details"] as? String)?.contains("cni0 is a veth link") == true, "\(error)")
        #expect(try node.linkNames().sorted() == before)
        #expect(try node.linkNames(in: pod) == ["lo"])
        let state = (try? FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet")) ?? []
        #expect(!state.contains("10.77.0.2"), "the allocation was released: \(state)")
    }

    @Test("VERSION answers with the supported versions, whatever the input")
    func version() throws {
        let node = try CNITestNode("bv")
        for input in ["{\"cniVersion\": \"0.4.0\"}", "", "not json"] {
            let run = try node.invoke(
                PluginBinaries.bridge, "VERSION", stdin: Data(input.utf8), containerID: nil, netns: nil, ifname: nil, path: nil)
            let answer = try run.expectSuccess()
            #expect(answer["supportedVersions"] as? [String] == ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
            #expect(answer["cniVersion"] as? String == (input.contains("0.4.0") ? "0.4.0" : "1.1.0"))
        }
    }
}
