import Foundation
import NetKitCNI
import Testing

/// The inputs the FuzzCNIConfiguration fuzz target failed on (kept in
/// Tests/Fuzz/Regressions/FuzzCNIConfiguration), replayed on every test run, and the bug they
/// found: CNI input split at Swift `Character`s instead of bytes. `;`, `=`, `:` or `/` followed
/// by a combining mark (U+0301 …) is one `Character` that is none of them, so a pair swallowed
/// its neighbour, a `CNI_PATH` entry was not split, and a plugin type holding a `/` passed the
/// "file name, not a path" check.
@Suite("CNI fuzz regressions")
struct CNIFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions/FuzzCNIConfiguration")

    /// CNI_ARGS as runtimes read it: pairs split at the byte `;`, key before the first `=` byte.
    static func bytewisePairs(_ text: String) -> [(key: String, value: String)]? {
        var pairs: [(key: String, value: String)] = []
        for item in text.utf8.split(separator: UInt8(ascii: ";")) {
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")), equals != item.startIndex else { return nil }
            pairs.append((String(Substring(item[..<equals])), String(Substring(item[item.index(after: equals)...]))))
        }
        return pairs
    }

    @Test("saved inputs: CNI_ARGS agrees with the byte-wise split, the runner answers with JSON")
    func savedInputs() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).sorted()
        #expect(!names.isEmpty, "the regression corpus is missing")
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = Self.bytewisePairs(text).map { CNIArguments(pairs: $0) }
            #expect((try? CNIArguments(parsing: text)) == expected, "\(name)")
            let stdin = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false).last.map(Array.init) ?? bytes
            let outcome = CNIPluginRunner.run(
                EchoPlugin(),
                environment: [
                    "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "c1",
                    "CNI_NETNS": "/run/netns/x", "CNI_IFNAME": "eth0",
                ]
            ) { stdin }
            #expect(outcome.exitStatus == 0 || (try? CNIJSON.decode(CNIError.self, from: outcome.stdout, what: "error")) != nil, "\(name)")
        }
    }

    @Test func argumentsSplitAtBytes() throws {
        let merged = try CNIArguments(parsing: "A=1;\u{301}B=2")
        #expect(merged.pairs.map(\.key) == ["A", "\u{301}B"])
        #expect(try CNIArguments(parsing: "MAC=\u{31E}x")["MAC"] == "\u{31E}x")
    }

    @Test func pluginPathsSplitAtBytes() throws {
        let environment = try CNIEnvironment([
            "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "c1", "CNI_NETNS": "/\u{301}netns",
            "CNI_IFNAME": "eth0", "CNI_PATH": "/opt/cni/bin:\u{301}/usr/lib/cni",
        ])
        #expect(environment.pluginPaths == ["/opt/cni/bin", "\u{301}/usr/lib/cni"])
        #expect(environment.netns == "/\u{301}netns", "an absolute path, whatever follows the '/'")
    }

    @Test func pluginTypeWithASlashByteIsAPath() {
        for type in ["../\u{301}sh", "x/\u{301}y", "/\u{301}"] {
            #expect(CNIEnvironment.pluginTypeProblem(type) != nil, "\(type.unicodeScalars.map(\.value))")
            let conflist = #"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"\#(type)"}]}"#
            #expect(throws: CNIError.self) { try NetworkConfigurationList.parse(conflist: Array(conflist.utf8)) }
        }
        #expect(CNIEnvironment.pluginTypeProblem("bridge") == nil)
        #expect(CNIEnvironment.pluginTypeProblem("e\u{301}") == nil)
    }

    private struct EchoPlugin: CNIPlugin {
        let about = "echo"
        func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { request.configuration.prevResult ?? CNIResult() }
        func check(_ request: CNIRequest) throws(CNIError) {}
        func delete(_ request: CNIRequest) throws(CNIError) {}
    }
}
