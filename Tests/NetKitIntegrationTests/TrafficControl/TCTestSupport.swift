import Foundation
import NetKit
import Testing

extension TestNamespace {
    /// `tc -n NAME -j ARGS…` parsed as JSON.
    func tc(_ arguments: String...) throws -> [[String: Any]] {
        try IPTool.json(["-n", name, "-j"] + arguments, tool: "/usr/sbin/tc")
    }

    /// `tc -n NAME ARGS…` as text, one trimmed line per object.
    func tcLines(_ arguments: String...) throws -> [String] {
        try IPTool.text(["-n", name] + arguments, tool: "/usr/sbin/tc").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A namespace with an up veth pair `veth0`–`veth1` to attach qdiscs to.
    static func withVeth(_ tag: String) throws -> TestNamespace {
        let ns = try TestNamespace(tag)
        try ns.net.add(VethPair(name: "veth0", peerName: "veth1"))
        try ns.net.setUp("veth0")
        try ns.net.setUp("veth1")
        return ns
    }

    /// NetKit's qdisc on `device` with `kind`, and the line `tc qdisc show` prints for it.
    func qdiscAndTCLine(_ device: InterfaceName, _ kind: QdiscKind) throws -> (Qdisc?, String?) {
        let qdisc = try net.qdiscs(dev: device).first { $0.kind == kind }
        let line = try tcLines("qdisc", "show").first { $0.hasPrefix("qdisc \(kind) ") && $0.contains(" dev \(device) ") }
        return (qdisc, line)
    }
}

/// Qdisc kinds this host's kernel lacks and the kernel lane's stock kernel has: on the host a
/// test checks the typed missing-feature error; in the lane (`NETKIT_REQUIRE_IPIP=1`, set by
/// `Scripts/test.sh` for it) the kind must work.
enum OptionalQdisc {
    static var isRequired: Bool { ProcessInfo.processInfo.environment["NETKIT_REQUIRE_IPIP"] == "1" }

    /// Adds `qdisc`; returns false after checking the error if the kernel lacks its kind.
    static func add(_ qdisc: Qdisc, in ns: TestNamespace) throws -> Bool {
        do {
            try ns.net.addQdisc(qdisc)
            return true
        } catch {
            guard case .kernelFeatureMissing(let feature) = error.reason else { throw error }
            #expect(feature == qdisc.kind.kernelFeature, "\(error)")
            #expect(error.description.contains("CONFIG_NET_SCH_"), "\(error)")
            #expect(error.kernelMessage?.contains("unknown") == true, "\(error)")
            #expect(!isRequired, "\(feature) is required here but the kernel lacks it: \(error)")
            #expect(try ns.net.qdiscs(dev: qdisc.device).allSatisfy { $0.kind != qdisc.kind })
            return false
        }
    }
}
