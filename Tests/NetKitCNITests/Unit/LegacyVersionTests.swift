import Foundation
import NetKitCNI
import Synchronization
import Testing

/// The commands and versions that reached a plugin.
private final class Recorder: Sendable {
    private let list = Mutex<[String]>([])
    func withLock<T>(_ body: (inout [String]) -> T) -> T { list.withLock { body(&$0) } }
}

/// A plugin that answers with a fixed result and records the versions it was called with.
private struct FixedResultPlugin: CNIPlugin {
    let about = "fixed-result plugin"
    var result: CNIResult
    let calls = Recorder()

    func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        calls.withLock { $0.append("ADD \(request.version)") }
        return result
    }
    func check(_ request: CNIRequest) throws(CNIError) { calls.withLock { $0.append("CHECK") } }
    func delete(_ request: CNIRequest) throws(CNIError) { calls.withLock { $0.append("DEL \(request.version)") } }
}

@Suite("CNI 0.1.0 and 0.2.0 (configurations without cniVersion)")
struct LegacyVersionTests {
    /// Dual-stack, two addresses of each family, routes of both families, as bridge + host-local answer.
    private static let dualStack = CNIResult(
        interfaces: [
            .init(name: "cni0", mac: "aa:bb:cc:dd:ee:01"), .init(name: "eth0", mac: "aa:bb:cc:dd:ee:02", sandbox: "/run/netns/p"),
        ],
        ips: [
            .init(address: "10.1.0.5/24", gateway: "10.1.0.1", interface: 1),
            .init(address: "fd00::5/64", gateway: "fd00::1", interface: 1),
            .init(address: "10.2.0.5/24", interface: 1), .init(address: "fd01::5/64", interface: 1),
        ],
        routes: [.init(dst: "0.0.0.0/0"), .init(dst: "::/0", gw: "fd00::1"), .init(dst: "192.168.0.0/16", gw: "10.1.0.254")],
        dns: .init(nameservers: ["10.1.0.53"]))

    private func config(_ version: String?) -> Data {
        var object: [String: Any] = ["name": "legacy", "type": "fixed"]
        object["cniVersion"] = version
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    }

    @Test("a configuration without cniVersion is 0.1.0: ADD answers in the 0.1.0 shape (ip4, ip6, dns)")
    func addWithoutVersion() {
        let plugin = FixedResultPlugin(result: Self.dualStack)
        let run = InProcessRun(plugin, "ADD", config(nil))
        #expect(run.status == 0, "\(run.text)")
        #expect(run.output["cniVersion"] as? String == "0.1.0")
        #expect(Set(run.output.keys) == ["cniVersion", "ip4", "ip6", "dns"])
        let ip4 = run.output["ip4"] as? [String: Any] ?? [:]
        #expect(ip4["ip"] as? String == "10.1.0.5/24" && ip4["gateway"] as? String == "10.1.0.1", "the first IPv4 address only")
        #expect(objects(ip4["routes"]).compactMap { $0["dst"] as? String } == ["0.0.0.0/0", "192.168.0.0/16"])
        #expect(objects(ip4["routes"]).last?["gw"] as? String == "10.1.0.254")
        let ip6 = run.output["ip6"] as? [String: Any] ?? [:]
        #expect(ip6["ip"] as? String == "fd00::5/64" && ip6["gateway"] as? String == "fd00::1")
        #expect(objects(ip6["routes"]).compactMap { $0["dst"] as? String } == ["::/0"])
        #expect((run.output["dns"] as? [String: Any])?["nameservers"] as? [String] == ["10.1.0.53"])
        #expect(plugin.calls.withLock { $0 } == ["ADD 0.1.0"])
    }

    @Test("an empty cniVersion (what libcni injects into each plugin of a list without one) is 0.1.0 too")
    func emptyVersion() {
        let plugin = FixedResultPlugin(result: Self.dualStack)
        let run = InProcessRun(plugin, "ADD", config(""))
        #expect(run.status == 0 && run.output["cniVersion"] as? String == "0.1.0", "\(run.text)")
        #expect(InProcessRun(plugin, "DEL", config(""), netns: nil).status == 0)
        #expect(plugin.calls.withLock { $0 } == ["ADD 0.1.0", "DEL 0.1.0"])
    }

    @Test("0.2.0: ADD and DEL reach the plugin, dns is written even when empty, CHECK is refused (error 1)")
    func commandsOf020() {
        let plugin = FixedResultPlugin(result: CNIResult(ips: [.init(address: "10.1.0.5/24")]))
        let add = InProcessRun(plugin, "ADD", config("0.2.0"))
        #expect(add.status == 0 && add.output["cniVersion"] as? String == "0.2.0", "\(add.text)")
        #expect((add.output["dns"] as? [String: Any])?.isEmpty == true)
        #expect(add.output["ip6"] == nil && (add.output["ip4"] as? [String: Any])?["routes"] == nil)
        #expect(InProcessRun(plugin, "DEL", config("0.2.0"), netns: nil).status == 0)
        #expect(InProcessRun(plugin, "DEL", config(nil), netns: nil).status == 0)
        #expect(InProcessRun(plugin, "CHECK", config("0.2.0")).code == 1)
        #expect(InProcessRun(plugin, "CHECK", config(nil)).code == 1)
        #expect(plugin.calls.withLock { $0 } == ["ADD 0.2.0", "DEL 0.2.0", "DEL 0.1.0"])
    }

    @Test("a legacy result without any address is error 999, as the reference's conversion fails")
    func noAddress() {
        let run = InProcessRun(FixedResultPlugin(result: CNIResult(interfaces: [.init(name: "eth0")])), "ADD", config("0.2.0"))
        #expect(run.code == 999 && run.output["msg"] as? String == "cannot convert: no valid IP addresses", "\(run.text)")
    }

    @Test("VERSION lists 0.1.0 … 1.1.0 and echoes a legacy request version")
    func version() {
        let plugin = FixedResultPlugin(result: CNIResult())
        let run = InProcessRun(plugin, "VERSION", Data(#"{"cniVersion":"0.2.0"}"#.utf8), containerID: nil, ifname: nil, netns: nil)
        #expect(run.output["cniVersion"] as? String == "0.2.0")
        #expect(run.output["supportedVersions"] as? [String] == ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    }

    @Test("a delegated plugin's legacy answer decodes as a current result (routes under their family, version per IP)")
    func legacyDecodes() throws {
        let text =
            #"{"cniVersion":"0.2.0","ip4":{"ip":"10.1.0.5/24","gateway":"10.1.0.1","routes":[{"dst":"0.0.0.0/0"}]},"#
            + #""ip6":{"ip":"fd00::5/64","routes":[{"dst":"::/0","gw":"fd00::1"}]},"dns":{"nameservers":["10.1.0.53"]}}"#
        let result = try CNIJSON.decode(CNIResult.self, from: Array(text.utf8), what: "result")
        #expect(result.cniVersion == "0.2.0")
        #expect(
            result.ips == [.init(address: "10.1.0.5/24", gateway: "10.1.0.1", version: "4"), .init(address: "fd00::5/64", version: "6")])
        #expect(result.routes == [.init(dst: "0.0.0.0/0"), .init(dst: "::/0", gw: "fd00::1")])
        #expect(result.dns?.nameservers == ["10.1.0.53"])
        #expect(result.interfaces == nil)
        // Written back as 0.2.0, it is the same document.
        let again = try CNILegacyResult(result, version: .v0_2_0)
        #expect(try CNIJSON.decode(CNILegacyResult.self, from: Array(text.utf8), what: "result") == again)
        // A current result with ips is not reinterpreted.
        let current = try CNIJSON.decode(CNIResult.self, from: Array(#"{"ips":[{"address":"10.3.0.2/24"}]}"#.utf8), what: "result")
        #expect(current.ips?.map(\.address) == ["10.3.0.2/24"])
    }
}
