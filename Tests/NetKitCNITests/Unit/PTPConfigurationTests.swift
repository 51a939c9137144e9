import Foundation
import NetKitCNI
@testable import NetKitCNIPlugins
import Testing

/// netkit-ptp's configuration keys, checked before anything is touched: run in-process, without
/// privilege (a namespace is never opened for a configuration the plugin refuses).
@Suite("netkit-ptp configuration")
struct PTPConfigurationTests {
    private func config(_ changes: [String: Any?]) throws -> Data {
        var object: [String: Any] = [
            "cniVersion": "1.0.0", "name": "ptpnet", "type": "netkit-ptp",
            "ipam": ["type": "host-local", "subnet": "10.90.0.0/24"],
        ]
        for (key, value) in changes { object[key] = value }
        return try configuration(object)
    }

    private func request(_ changes: [String: Any?]) throws -> CNIRequest {
        try unitRequest(config(changes))
    }

    @Test("the reference's keys: mtu, ipMasq, ipMasqBackend, dns, ipam")
    func keys() throws {
        let parsed = try PTPConfiguration(
            request([
                "mtu": 1400, "ipMasq": true, "ipMasqBackend": "nftables",
                "dns": ["nameservers": ["10.90.0.1"], "search": ["example"]],
            ]))
        #expect(parsed.common.mtu == 1400)
        #expect(parsed.common.ipMasq)
        #expect(parsed.ipamType == "host-local")
        #expect(parsed.common.dns?.nameservers == ["10.90.0.1"])
        let defaults = try PTPConfiguration(request(["mtu": 0]))
        #expect(defaults.common.mtu == nil && !defaults.common.ipMasq && defaults.common.dns == nil)
    }

    @Test("the configured DNS replaces the IPAM plugin's only when it sets a field")
    func dnsOverride() throws {
        let allocation = CNIResult(dns: CNIResult.DNS(nameservers: ["192.0.2.53"]))
        let empty = try PTPConfiguration(request(["dns": [String: Any]()]))
        #expect(empty.common.resultDNS(allocation).nameservers == ["192.0.2.53"])
        let set = try PTPConfiguration(request(["dns": ["domain": "cluster.local"]]))
        #expect(set.common.resultDNS(allocation) == CNIResult.DNS(domain: "cluster.local"))
    }

    @Test("bad values: error 7 (no IPAM, MTU out of range, IPAM type a path), 2 (iptables backend), 6 (wrong type)")
    func badValues() throws {
        let cases: [([String: Any?], Int, String)] = [
            (["ipam": nil], 7, "ipam"),
            (["ipam": ["type": ""]], 7, "ipam"),
            (["ipam": ["type": "../host-local"]], 7, "ipam.type"),
            (["mtu": 67], 7, "mtu"),
            (["mtu": 65536], 7, "mtu"),
            (["ipMasqBackend": "iptables"], 2, "ipMasqBackend"),
            (["mtu": "big"], 6, "decode"),
        ]
        for (changes, code, word) in cases {
            for command in ["ADD", "DEL", "CHECK"] {
                var changes = changes
                if command == "CHECK" { changes["prevResult"] = ["cniVersion": "1.0.0"] }
                let run = InProcessRun(PTPPlugin(), command, try config(changes), path: "/usr/lib/cni")
                #expect(run.code == code, "\(command) \(changes): \(run.text)")
                #expect(run.text.contains(word), "\(command) \(changes): the error names \(word): \(run.text)")
            }
        }
    }

    @Test("VERSION lists the versions the other netkit plugins speak")
    func version() throws {
        let run = InProcessRun(PTPPlugin(), "VERSION", try config([:]))
        #expect(run.status == 0)
        #expect((run.output["supportedVersions"] as? [String])?.contains("1.1.0") == true)
        #expect((run.output["supportedVersions"] as? [String])?.contains("0.3.1") == true)
    }
}
