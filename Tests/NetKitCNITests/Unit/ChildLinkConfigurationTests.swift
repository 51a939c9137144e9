import Foundation
import NetKitCNI
@testable import NetKitCNIPlugins
import Testing

/// The configuration keys of netkit-macvlan, netkit-ipvlan and netkit-vlan, checked before
/// anything is touched: parsed directly and run in-process without privilege (a namespace is
/// never opened for a configuration the plugin refuses).
@Suite("netkit-macvlan, netkit-ipvlan, netkit-vlan configuration")
struct ChildLinkConfigurationTests {
    private func config(_ type: String, _ changes: [String: Any?]) throws -> Data {
        var object: [String: Any] = [
            "cniVersion": "1.0.0", "name": "childnet", "type": type, "master": "eth9",
            "ipam": ["type": "host-local", "subnet": "10.95.0.0/24"],
        ]
        for (key, value) in changes { object[key] = value }
        return try configuration(object)
    }

    @Test(
        "macvlan: master, mode (bridge by default), mtu, the MAC from mac, CNI_ARGS and runtimeConfig (last wins), bcqueuelen, linkInContainer"
    )
    func macvlanKeys() throws {
        var parsed = try MACVLANConfiguration(unitRequest(config("netkit-macvlan", ["mtu": 1400, "mac": "02:00:00:00:00:01"])))
        #expect(parsed.parent.master == "eth9" && !parsed.parent.linkInContainer)
        #expect(parsed.mode == "bridge" && parsed.common.mtu == 1400 && parsed.broadcastQueueLength == nil)
        #expect(parsed.macAddress?.description == "02:00:00:00:00:01")
        #expect(!parsed.common.ipMasq, "macvlan has no ipMasq key")
        parsed = try MACVLANConfiguration(
            unitRequest(
                config(
                    "netkit-macvlan",
                    [
                        "mode": "passthru", "mac": "02:00:00:00:00:01", "bcqueuelen": 100,
                        "linkInContainer": true, "master": nil, "ipMasq": true,
                    ]),
                args: "MAC=02:00:00:00:00:02"))
        #expect(parsed.mode == "passthru" && parsed.broadcastQueueLength == 100 && parsed.parent.linkInContainer)
        #expect(parsed.parent.master == nil, "no master: the default route's interface, found at ADD")
        #expect(parsed.macAddress?.description == "02:00:00:00:00:02", "CNI_ARGS wins over mac")
        #expect(!parsed.common.ipMasq)
        parsed = try MACVLANConfiguration(
            unitRequest(
                config("netkit-macvlan", ["runtimeConfig": ["mac": "02:00:00:00:00:03"], "ipam": nil]),
                args: "MAC=02:00:00:00:00:02"))
        #expect(
            parsed.macAddress?.description == "02:00:00:00:00:03" && parsed.common.ipamType == nil, "runtimeConfig wins; no IPAM is layer 2"
        )
        for mode in MACVLANConfiguration.modes {
            #expect(try MACVLANConfiguration(unitRequest(config("netkit-macvlan", ["mode": mode]))).mode == mode)
        }
    }

    @Test("ipvlan: mode (l2 by default); chained without ipam, the addresses and the single interface of prevResult")
    func ipvlanKeys() throws {
        var parsed = try IPVLANConfiguration(unitRequest(config("netkit-ipvlan", ["mode": "l3s"])))
        #expect(parsed.mode == "l3s" && parsed.parent.master == "eth9" && parsed.chainedResult == nil)
        #expect(try IPVLANConfiguration(unitRequest(config("netkit-ipvlan", [:]))).mode == "l2")
        let previous: [String: Any] = [
            "cniVersion": "1.0.0", "interfaces": [["name": "ens5"]],
            "ips": [["address": "10.95.0.7/24", "gateway": "10.95.0.1"]],
        ]
        parsed = try IPVLANConfiguration(unitRequest(config("netkit-ipvlan", ["ipam": nil, "master": nil, "prevResult": previous])))
        #expect(parsed.parent.master == "ens5")
        #expect(parsed.chainedResult?.ips?.first?.address == "10.95.0.7/24")
    }

    @Test("vlan: master (required), vlanId 0–4094, ipam (required)")
    func vlanKeys() throws {
        let parsed = try VLANConfiguration(unitRequest(config("netkit-vlan", ["vlanId": 4094, "mtu": 1496])))
        #expect(parsed.vlanID == 4094 && parsed.parent.master == "eth9" && parsed.common.mtu == 1496 && parsed.ipamType == "host-local")
        #expect(try VLANConfiguration(unitRequest(config("netkit-vlan", [:]))).vlanID == 0)
    }

    /// Plugin, changed keys, expected code, the word the error names.
    nonisolated(unsafe) static let badCases: [(String, [String: Any?], Int, String)] = [
        ("netkit-macvlan", ["mode": "source"], 7, "mode"),
        ("netkit-macvlan", ["mode": "l2"], 7, "mode"),
        ("netkit-macvlan", ["mac": "01:00:5e:00:00:01"], 7, "mac"),
        ("netkit-macvlan", ["mac": "zz"], 7, "mac"),
        ("netkit-macvlan", ["bcqueuelen": -1], 7, "bcqueuelen"),
        ("netkit-macvlan", ["master": "eth/0"], 7, "master"),
        ("netkit-macvlan", ["mtu": 70000], 7, "mtu"),
        ("netkit-ipvlan", ["mode": "bridge"], 7, "mode"),
        ("netkit-ipvlan", ["ipam": nil], 7, "ipam"),
        (
            "netkit-ipvlan",
            ["master": nil, "ipam": nil, "prevResult": ["cniVersion": "1.0.0", "interfaces": [["name": "a"], ["name": "b"]]]], 7, "master"
        ),
        ("netkit-vlan", ["master": nil], 7, "master"),
        ("netkit-vlan", ["vlanId": 4095], 7, "vlanId"),
        ("netkit-vlan", ["vlanId": -1], 7, "vlanId"),
        ("netkit-vlan", ["ipam": nil], 7, "ipam"),
        ("netkit-vlan", ["vlanId": "ten"], 6, "decode"),
    ]

    @Test("bad values are error 7 (6 for a wrong type) on ADD, CHECK and DEL, naming the key", arguments: badCases.indices)
    func badValues(_ index: Int) throws {
        let (type, changes, code, word) = Self.badCases[index]
        let plugin: any CNIPlugin =
            switch type {
            case "netkit-macvlan": MACVLANPlugin()
            case "netkit-ipvlan": IPVLANPlugin()
            default: VLANPlugin()
            }
        // ipvlan's ipam and chaining are ADD-only questions; the rest are refused by every command.
        let commands = ["ipam", "master"].contains(word) && type == "netkit-ipvlan" ? ["ADD"] : ["ADD", "CHECK", "DEL"]
        for command in commands {
            var changes = changes
            if command == "CHECK", changes["prevResult"] == nil { changes["prevResult"] = ["cniVersion": "1.0.0"] }
            let run = InProcessRun(plugin, command, try config(type, changes), path: "/usr/lib/cni")
            #expect(run.code == code, "\(type) \(command) \(changes): \(run.text)")
            #expect(run.text.contains(word), "\(type) \(command): the error names \(word): \(run.text)")
        }
    }
}
