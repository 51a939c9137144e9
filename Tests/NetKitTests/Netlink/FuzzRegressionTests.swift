import Foundation
@testable import NetKit
import Testing

/// Every input a fuzzer ever crashed on (kept in Tests/Fuzz/Regressions) is replayed through the
/// same parsers on every test run.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions")

    static func inputs(_ target: String) -> [URL] {
        let folder = directory.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("saved netlink crash inputs parse to values or typed errors")
    func netlinkMessages() throws {
        let inputs = Self.inputs("FuzzNetlinkMessages")
        #expect(!inputs.isEmpty, "the regression corpus is missing")
        for url in inputs {
            let bytes = try Data(contentsOf: url)
            bytes.withUnsafeBytes { buffer in
                _ = try? NetlinkMessage.forEach(in: buffer) { message in
                    _ = try? NetlinkErrorReply.parse(message)
                    _ = try? Link(message: message)
                    _ = try? InterfaceAddress(message: message)
                    _ = try? Route(message: message, names: [:])
                    _ = try? Neighbour(message: message)
                    _ = try? RoutingRule(message: message)
                }
            }
        }
    }

    @Test("an NLMSG_ERROR carrying Int32.min saturates instead of trapping")
    func minimumErrorCode() {
        #expect(replyErrno(.min).rawValue == .max)
        #expect(replyErrno(-17) == .EEXIST)
    }
}
