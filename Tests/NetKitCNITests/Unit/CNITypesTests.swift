import Foundation
import NetKitCNI
import Testing

@Suite("CNI types")
struct CNITypesTests {
    /// What the reference bridge printed on this machine for one ADD (spec 1.0.0).
    static let referenceResult = """
        {"cniVersion": "1.0.0", "interfaces": [{"name": "cni0", "mac": "8e:a6:21:6d:d6:fd"},
         {"name": "veth925c6268", "mac": "5a:81:4e:d0:fe:a6"},
         {"name": "eth0", "mac": "ca:19:e0:db:21:26", "sandbox": "/run/netns/pod"}],
         "ips": [{"interface": 2, "address": "10.22.0.2/24", "gateway": "10.22.0.1"}],
         "routes": [{"dst": "0.0.0.0/0"}], "dns": {"nameservers": ["10.22.0.1"]}}
        """

    /// The document a plugin decodes and encodes while it waits for its IPAM plugin decodes in
    /// full, so the preparation reaches every coder a real result needs.
    @Test func resultCodingPreparationDecodesEveryField() throws {
        #expect(CNIResult.prepareCoding())
        let result = try CNIJSON.decode(CNIResult.self, from: CNIResult.preparationDocument, what: "result")
        #expect(result.interfaces?.first?.mtu == 1500)
        #expect(result.ips?.map(\.address) == ["10.0.0.2/24", "fd00::2/64"])
        #expect(result.routes?.first?.scope == 0)
        #expect(result.dns?.options == ["ndots:5"])
    }

    @Test func decodesAReferenceResultAndConvertsIt() throws {
        let result = try CNIJSON.decode(CNIResult.self, from: Array(Self.referenceResult.utf8), what: "result")
        #expect(result.interfaces?.count == 3)
        #expect(result.interfaces?[2].sandbox == "/run/netns/pod")
        #expect(result.ips?.first?.interface == 2)
        #expect(result.dns?.nameservers == ["10.22.0.1"])

        let legacy = result.converted(to: .v0_4_0)
        #expect(legacy.cniVersion == "0.4.0")
        #expect(legacy.ips?.first?.version == "4")
        var modern = result
        modern.interfaces?[0].mtu = 1500
        modern.routes?[0].priority = 100
        let v100 = modern.converted(to: .v1_0_0)
        #expect(v100.interfaces?[0].mtu == nil, "mtu is a 1.1.0 field")
        #expect(v100.routes?[0].priority == nil)
        #expect(modern.converted(to: .v1_1_0).routes?[0].priority == 100)
        let text = String(decoding: try CNIJSON.encode(v100, pretty: false), as: UTF8.self)
        #expect(text.hasPrefix(#"{"cniVersion":"1.0.0","dns":"#), "keys sorted, deterministic")
        #expect(text.contains(#""sandbox":"/run/netns/pod""#), "slashes are not escaped")
        #expect(!text.contains("version\":\"4"))
    }

    @Test func errorJSONHasTheSpecKeys() throws {
        let error = CNIError(
            .invalidNetworkConfiguration, "invalid network configuration: mtu", details: "mtu 20 is outside 68–65535", cniVersion: "1.0.0")
        let object = try JSONSerialization.jsonObject(with: Data(try CNIJSON.encode(error))) as? [String: Any]
        #expect(object?["code"] as? Int == 7)
        #expect(object?["cniVersion"] as? String == "1.0.0")
        #expect(object?["details"] as? String == "mtu 20 is outside 68–65535")
        let bare = String(decoding: try CNIJSON.encode(CNIError(.ioFailure, "x"), pretty: false), as: UTF8.self)
        #expect(bare == #"{"code":5,"msg":"x"}"#, "no cniVersion or details when there are none")
        #expect(error.description == "invalid network configuration: mtu; mtu 20 is outside 68–65535")
    }

    @Test func pluginConfigurationKeepsUnknownKeys() throws {
        let text = """
            {"cniVersion": "1.1.0", "name": "net", "type": "netkit-bridge", "bridge": "br9", "keyA": [1, 2.5, "x", null, true],
             "ipam": {"type": "host-local", "subnet": "10.0.0.0/24"}, "runtimeConfig": {"mac": "0a:00:00:00:00:01"},
             "cni.dev/valid-attachments": [{"containerID": "a", "ifname": "eth0"}], "prevResult": \(Self.referenceResult)}
            """
        let configuration = try CNIJSON.decode(PluginConfiguration.self, from: Array(text.utf8), what: "config")
        #expect(configuration.ipam?.type == "host-local")
        #expect(configuration.ipam?.fields["subnet"] == "10.0.0.0/24")
        #expect(configuration.fields["bridge"] == "br9")
        #expect(configuration.fields["keyA"] == .array([.integer(1), .number(2.5), "x", .null, .bool(true)]))
        #expect(configuration.runtimeConfig?["mac"]?.stringValue == "0a:00:00:00:00:01")
        #expect(configuration.validAttachments == [.init(containerID: "a", ifname: "eth0")])
        #expect(configuration.prevResult?.ips?.first?.address == "10.22.0.2/24")
        // Round trip: unknown keys survive, typed changes win.
        var changed = configuration
        changed.name = "renamed"
        let again = try CNIJSON.decode(PluginConfiguration.self, from: try CNIJSON.encode(changed), what: "again")
        #expect(again.name == "renamed")
        #expect(again.fields["keyA"] == configuration.fields["keyA"])
        #expect(again.prevResult == configuration.prevResult)
    }

    @Test func decodingErrorsNameThePath() {
        #expect(throws: CNIError.self) {
            _ = try CNIJSON.decode(PluginConfiguration.self, from: Array(#"{"ipam": {"type": 5}}"#.utf8), what: "config")
        }
        do {
            _ = try CNIJSON.decode(PluginConfiguration.self, from: Array(#"{"ipam": {"type": 5}}"#.utf8), what: "config")
        } catch {
            #expect(error.code == .decodingFailure)
            #expect(error.details?.hasPrefix("ipam.type") == true, "\(error)")
        }
    }
}
