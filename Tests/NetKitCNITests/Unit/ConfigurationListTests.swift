import Foundation
import NetKitCNI
import Testing

@Suite("network configuration lists and the configuration directory")
struct ConfigurationListTests {
    private func parse(_ text: String) -> Result<NetworkConfigurationList, CNIError> {
        Result { () throws(CNIError) in try NetworkConfigurationList.parse(conflist: Array(text.utf8)) }
    }

    @Test func parsesAndValidatesConflists() throws {
        let good = try parse(
            """
            {"cniVersion": "0.4.0", "cniVersions": ["1.0.0", "1.1.0", "9.0.0"], "name": "k8s-pod-network",
             "plugins": [{"type": "netkit-bridge", "capabilities": {"mac": true}}, {"type": "portmap"}]}
            """
        ).get()
        #expect(good.plugins.compactMap(\.type) == ["netkit-bridge", "portmap"])
        #expect(good.selectedVersion == .v1_1_0, "the highest version both sides know")
        let request = try #require(good.requestConfiguration(forPlugin: 0, version: .v1_0_0))
        #expect(request.name == "k8s-pod-network")
        #expect(request.cniVersion == "1.0.0")
        #expect(request.capabilities == nil && request.fields["capabilities"] == nil)

        let failures: [(String, CNIErrorCode)] = [
            (#"{"cniVersion": "1.0.0", "plugins": [{"type": "x"}]}"#, .decodingFailure),  // no name
            (#"{"name": "n", "plugins": []}"#, .invalidNetworkConfiguration),
            (#"{"name": "n", "plugins": [{"bridge": "x"}]}"#, .invalidNetworkConfiguration),
            (#"{"name": "n", "plugins": [{"type": "../bridge"}]}"#, .invalidNetworkConfiguration),
            (#"{"name": "bad name", "plugins": [{"type": "x"}]}"#, .invalidNetworkConfiguration),
            (#"{"name": "n", "cniVersion": "one", "plugins": [{"type": "x"}]}"#, .decodingFailure),
            (#"{"name": "n", "plugins": "#, .decodingFailure),
        ]
        for (text, code) in failures {
            switch parse(text) {
            case .success: Issue.record("\(text) should not parse")
            case .failure(let error): #expect(error.code == code, "\(text): \(error)")
            }
        }
    }

    @Test func singlePluginConfWrapsIntoAList() throws {
        let list = try NetworkConfigurationList.parse(conf: Array(#"{"cniVersion": "0.3.1", "name": "old", "type": "bridge"}"#.utf8))
        #expect(list.name == "old" && list.plugins.count == 1 && list.cniVersion == "0.3.1")
        #expect(throws: CNIError.self) {
            try NetworkConfigurationList.parse(conf: Array(#"{"name": "n", "plugins": [{"type": "x"}]}"#.utf8))
        }
    }

    @Test func directoryIsReadLikeARuntime() throws {
        let scratch = try ScratchDirectory()
        let files = [
            "05-broken.conflist": #"{"name": "broken", "plugins": ["#,
            "10-netkit.conflist": #"{"cniVersion": "1.0.0", "name": "netkit", "plugins": [{"type": "netkit-bridge"}]}"#,
            "20-legacy.conf": #"{"cniVersion": "0.3.1", "name": "legacy", "type": "bridge"}"#,
            "30-notype.json": #"{"cniVersion": "0.3.1", "name": "x"}"#,
            "README.md": "not a configuration",
            ".hidden.conf": "{}",
        ]
        for (name, text) in files { try text.write(toFile: scratch.path + "/" + name, atomically: true, encoding: .utf8) }
        let directory = ConfigurationDirectory(path: scratch.path)
        let entries = try directory.entries()
        #expect(entries.map(\.fileName) == ["05-broken.conflist", "10-netkit.conflist", "20-legacy.conf", "30-notype.json"])
        #expect(entries.map { $0.configuration != nil } == [false, true, true, false])
        if case .failure(let error) = entries[0].result { #expect(error.code == .decodingFailure) }
        if case .failure(let error) = entries[3].result { #expect(error.msg == "plugin 0 has no type") }
        #expect(try directory.selected()?.configuration?.name == "netkit", "the first valid file wins")
        #expect(try ConfigurationDirectory(path: scratch.path + "/missing").entries().isEmpty)
    }
}
