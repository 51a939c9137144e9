import Foundation
import NetKitCNI
import Synchronization
import Testing

/// What reached a plugin.
private final class Calls: Sendable {
    private let list = Mutex<[String]>([])
    func append(_ call: String) { list.withLock { $0.append(call) } }
    var all: [String] { list.withLock { $0 } }
}

/// A plugin that records what reached it.
private struct RecordingPlugin: CNIPlugin {
    let about = "recording plugin"
    var supportedVersions = CNIVersion.supported
    let calls = Calls()
    var failure: CNIError?

    func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        calls.append("ADD \(request.version)")
        if let failure { throw failure }
        return CNIResult(
            interfaces: [.init(name: request.interfaceName, sandbox: request.netns)],
            ips: [.init(address: "10.0.0.2/24", gateway: "10.0.0.1", interface: 0)])
    }
    func check(_ request: CNIRequest) throws(CNIError) { calls.append("CHECK") }
    func delete(_ request: CNIRequest) throws(CNIError) { calls.append("DEL") }
}

@Suite("CNI plugin runner")
struct CNIPluginRunnerTests {
    private func config(_ version: String? = "1.0.0", name: String? = "net") -> Data {
        var object: [String: Any] = ["type": "recording"]
        object["cniVersion"] = version
        object["name"] = name
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }

    @Test func addPrintsTheResultInTheRequestVersion() {
        let plugin = RecordingPlugin()
        let run = InProcessRun(plugin, "ADD", config("0.3.1"))
        #expect(run.status == 0)
        #expect(run.output["cniVersion"] as? String == "0.3.1")
        #expect(objects(run.output["ips"]).first?["version"] as? String == "4")
        #expect(plugin.calls.all == ["ADD 0.3.1"])
        #expect(InProcessRun(plugin, "DEL", config(), netns: nil).text.isEmpty, "DEL prints nothing on success")
    }

    @Test func checksRunInOrderBeforeThePlugin() {
        let plugin = RecordingPlugin()
        let read = Mutex(false)
        // An environment error is reported without reading stdin (which could block on a terminal).
        let outcome = CNIPluginRunner.run(plugin, environment: ["CNI_COMMAND": "ADD"]) {
            read.withLock { $0 = true }; return []
        }
        #expect(outcome.exitStatus == 1)
        #expect(!read.withLock { $0 })
        #expect(InProcessRun(plugin, "ADD", Data("  \n".utf8)).code == 6)
        #expect(InProcessRun(plugin, "ADD", config(name: nil)).code == 7)
        #expect(InProcessRun(plugin, "ADD", config("2.0.0")).code == 1)
        var modern = RecordingPlugin()
        modern.supportedVersions = [.v1_0_0]
        let unversioned = InProcessRun(modern, "ADD", config(nil))
        #expect(
            unversioned.code == 1
                && unversioned.output["details"] as? String
                    == #"the configuration has no cniVersion, which means 0.1.0; plugin supports ["1.0.0"]"#,
            "\(unversioned.text)")
        #expect(InProcessRun(plugin, "CHECK", config("0.3.1")).code == 1)
        #expect(InProcessRun(plugin, "STATUS", config("1.0.0"), containerID: nil, ifname: nil, netns: nil).code == 1)
        #expect(InProcessRun(plugin, "STATUS", config("1.1.0"), containerID: nil, ifname: nil, netns: nil).status == 0)
        #expect(plugin.calls.all.isEmpty, "nothing reached the plugin")
    }

    @Test func errorsCarryTheRequestVersion() {
        var plugin = RecordingPlugin()
        plugin.failure = CNIError(.tryAgainLater, "busy")
        let run = InProcessRun(plugin, "ADD", config("0.4.0"))
        #expect(run.status == 1)
        #expect(run.output["code"] as? Int == 11)
        #expect(run.output["cniVersion"] as? String == "0.4.0")
    }

    @Test("errors raised before a version is agreed carry the plugin's newest version (spec 1.1.0: the protocol version in use)")
    func errorsBeforeTheVersionIsKnown() {
        let plugin = RecordingPlugin()
        let early: [(String, InProcessRun)] = [
            ("no CNI_COMMAND", InProcessRun(plugin, nil, config("0.4.0"))),
            ("missing CNI_IFNAME", InProcessRun(plugin, "ADD", config("0.4.0"), ifname: nil)),
            ("empty stdin", InProcessRun(plugin, "ADD", Data())),
            ("malformed JSON", InProcessRun(plugin, "ADD", Data(#"{"cniVersion": "0.4.0", "name": "#.utf8))),
            ("unsupported version 2.0.0", InProcessRun(plugin, "ADD", config("2.0.0"))),
            ("unsupported version 0.5.0", InProcessRun(plugin, "ADD", config("0.5.0"))),
        ]
        for (what, run) in early {
            #expect(run.status == 1 && run.code != nil, "\(what): \(run.text)")
            #expect(run.output["cniVersion"] as? String == "1.1.0", "\(what): \(run.text)")
        }
        // Once the configuration's version is known and supported, that is the version in use,
        // also for errors found after it (a missing name, a command the version lacks).
        let named = InProcessRun(plugin, "ADD", config("0.4.0", name: nil))
        #expect(named.code == 7 && named.output["cniVersion"] as? String == "0.4.0", "\(named.text)")
        let gc = InProcessRun(plugin, "GC", config("1.0.0"), containerID: nil, ifname: nil, netns: nil, path: "/opt/cni/bin")
        #expect(gc.code == 1 && gc.output["cniVersion"] as? String == "1.0.0", "\(gc.text)")
        // A plugin that speaks at most 1.0.0 answers early errors in 1.0.0.
        var older = RecordingPlugin()
        older.supportedVersions = [.v0_4_0, .v1_0_0]
        let run = InProcessRun(older, "ADD", config("1.1.0"))
        #expect(run.code == 1 && run.output["cniVersion"] as? String == "1.0.0", "\(run.text)")
        #expect(plugin.calls.all.isEmpty && older.calls.all.isEmpty, "nothing reached the plugins")
    }

    @Test func versionEchoesTheAskedVersion() {
        let run = InProcessRun(
            RecordingPlugin(), "VERSION", Data(#"{"cniVersion": "0.4.0"}"#.utf8), containerID: nil, ifname: nil, netns: nil)
        #expect(run.output["cniVersion"] as? String == "0.4.0")
        #expect(run.output["supportedVersions"] as? [String] == CNIVersion.supported.map(\.description))
    }

    @Test func delegationFindsAndRunsPluginsFromCNIPath() throws {
        let environment = try CNIEnvironment([
            "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "c", "CNI_NETNS": "/x", "CNI_IFNAME": "eth0",
            "CNI_PATH": "/nonexistent:/bin",
        ])
        // /bin/true is a "plugin" that succeeds and prints nothing.
        #expect(try DelegatedCall.run(type: "true", command: .delete, environment: environment, configuration: []) == nil)
        do {
            _ = try DelegatedCall.run(type: "false", command: .add, environment: environment, configuration: [])
            Issue.record("false must fail")
        } catch {
            #expect(error.code == .internal)
            #expect(error.details?.contains("exit status 1") == true)
        }
        #expect(throws: CNIError.self) {
            try DelegatedCall.run(type: "no-such-plugin", command: .add, environment: environment, configuration: [])
        }
        #expect(throws: CNIError.self) {
            try DelegatedCall.run(type: "../bin/true", command: .add, environment: environment, configuration: [])
        }
    }
}
