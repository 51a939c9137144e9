import Foundation
import NetKit
import NetKitTestSupport
import Synchronization
import Testing

/// A test's own "node": a named namespace standing for the node's root namespace (the plugin
/// runs inside it, as a runtime would run it there), pod namespaces made with
/// `Namespace.create(named:)`, and a scratch directory for IPAM state. Everything is removed
/// when the value goes away, also when the test fails. Nothing touches the machine's root
/// namespace.
/// `@unchecked Sendable`: pods are added and removed by the test itself; concurrent use only
/// reads (``invoke(_:_:stdin:containerID:netns:ifname:path:args:extra:)``).
final class CNITestNode: @unchecked Sendable {
    let name: String
    let namespace: Namespace
    let net: NetlinkHandle
    /// Scratch directory (IPAM `dataDir`, fake plugins).
    let directory: String
    private(set) var pods: [String: Namespace] = [:]
    private let tag: String

    private static let counter = Atomic<Int>(0)

    static func uniqueName(_ tag: String) -> String {
        "nk\(tag)-\(getpid())-\(counter.add(1, ordering: .relaxed).newValue)"
    }

    init(_ tag: String = "cni") throws {
        try requireRoot()
        self.tag = tag
        name = Self.uniqueName(tag + "n")
        namespace = try Namespace.create(named: name)
        do {
            net = try namespace.netlink()
            try net.setUp("lo")
        } catch {
            try? Namespace.delete(named: name, whenInUse: .detach)
            throw error
        }
        directory = NSTemporaryDirectory() + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        for pod in pods.keys { try? Namespace.delete(named: pod, whenInUse: .detach) }
        try? Namespace.delete(named: name, whenInUse: .detach)
        try? FileManager.default.removeItem(atPath: directory)
        // The bridge lock files of this node's namespace (BridgeClaim): its bridges are gone.
        let claims = (try? FileManager.default.contentsOfDirectory(atPath: BridgeClaim.directory)) ?? []
        for file in claims where file.hasPrefix("\(namespace.inode).") {
            try? FileManager.default.removeItem(atPath: BridgeClaim.directory + "/" + file)
        }
    }

    /// A new pod namespace (lo up); returns its name. `CNI_NETNS` is `/run/netns/NAME`.
    @discardableResult
    func addPod() throws -> String {
        let podName = Self.uniqueName(tag + "p")
        let pod = try Namespace.create(named: podName)
        pods[podName] = pod
        try pod.netlink().setUp("lo")
        return podName
    }

    func pod(_ name: String) throws -> Namespace {
        guard let pod = pods[name] else { throw TestFailure("no pod \(name)") }
        return pod
    }

    /// Deletes a pod's namespace early (a container that died before `DEL`).
    func removePod(_ name: String) throws {
        try Namespace.delete(named: name, whenInUse: .detach)
        pods[name] = nil
    }

    /// Runs a CNI plugin binary inside the node namespace (`ip netns exec NODE PLUGIN`) with
    /// the CNI environment and `stdin`, as a runtime would.
    func invoke(
        _ plugin: String, _ command: String?, stdin: Data, containerID: String? = "c1", netns: String?,
        ifname: String? = "eth0", path: String? = PluginBinaries.cniPath, args: String? = nil,
        extra: [String: String] = [:], wrapper: [String] = []
    ) throws -> PluginRun {
        var environment = cniVariables(command, containerID: containerID, netns: netns, ifname: ifname, path: path, args: args)
        environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
        environment.merge(extra) { _, new in new }
        return try PluginRun.execute(["/usr/sbin/ip", "netns", "exec", name] + wrapper + [plugin], environment: environment, stdin: stdin)
    }

    /// `ip -n NAME -j ARGS…` of the node (or of `namespace`), parsed.
    func ip(_ arguments: String..., in namespace: String? = nil) throws -> [[String: Any]] {
        try Tool.json(["/usr/sbin/ip", "-n", namespace ?? name, "-j"] + arguments)
    }

    /// `bridge -n NAME -j ARGS…` of the node.
    func bridge(_ arguments: String...) throws -> [[String: Any]] {
        try Tool.json(["/usr/sbin/bridge", "-n", name, "-j"] + arguments)
    }

    /// `/proc/sys/KEY` (a path such as `net/ipv4/ip_forward`) read by `cat` under `ip netns exec`:
    /// an independent reader, not NetKit.
    func sysctl(_ key: String, in namespace: String? = nil) throws -> String {
        try Tool.run(["/usr/sbin/ip", "netns", "exec", namespace ?? name, "cat", "/proc/sys/" + key])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The node's nftables ruleset as `nft -j list ruleset` objects.
    func nftRules() throws -> [[String: Any]] {
        let result = try Tool.run(["/usr/sbin/ip", "netns", "exec", name, "/usr/sbin/nft", "-j", "list", "ruleset"])
        guard let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let items = object["nftables"] as? [[String: Any]]
        else { return [] }
        return items.compactMap { $0["rule"] as? [String: Any] }
    }

    /// Link names of the node namespace (or of `namespace`), without the fallback devices the
    /// kernel adds to every namespace (``KernelFallbackDevices``): what the plugin made, and `lo`.
    func linkNames(in namespace: String? = nil) throws -> Set<String> {
        Set(try ip("link", "show", in: namespace).compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices)
    }
}

/// One plugin invocation's outcome.
struct PluginRun {
    var status: Int32
    var stdout: Data
    var stderr: String

    /// stdout as a JSON object.
    var json: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
                throw TestFailure("stdout is not a JSON object: \(String(decoding: stdout, as: UTF8.self))")
            }
            return object
        }
    }

    var text: String { String(decoding: stdout, as: UTF8.self) }

    static func execute(_ command: [String], environment: [String: String], stdin: Data) throws -> PluginRun {
        // A plugin that exits before reading its input must not kill the test with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return PluginRun(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }

    /// Expects failure with error `code`; returns the error object.
    @discardableResult
    func expectError(_ code: Int, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(status != 0, "\(comment?.description ?? "") exit status should be non-zero", sourceLocation: sourceLocation)
        let object = try json
        #expect(
            object["code"] as? Int == code, "\(comment?.description ?? ""): expected code \(code), got \(text)",
            sourceLocation: sourceLocation)
        #expect((object["msg"] as? String).map { !$0.isEmpty } == true, "error needs a msg", sourceLocation: sourceLocation)
        return object
    }

    /// Expects success; returns stdout's JSON object (empty when there is none).
    @discardableResult
    func expectSuccess(_ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(status == 0, "\(comment?.description ?? "") failed: \(text) \(stderr)", sourceLocation: sourceLocation)
        if status != 0 { throw TestFailure("plugin failed: \(text) \(stderr)") }
        return stdout.isEmpty ? [:] : try json
    }
}

/// Where the plugin binaries are: next to the test bundle in the build directory (`swift build`
/// builds them with the tests), or `NETKIT_CNI_BIN`.
enum PluginBinaries {
    static let directory: String = {
        if let override = ProcessInfo.processInfo.environment["NETKIT_CNI_BIN"] { return override }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // /proc/self/exe may be the xctest binary inside NetKitPackageTests.xctest/.
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("netkit-bridge").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    static var bridge: String { directory + "/netkit-bridge" }
    static var hostLocal: String { directory + "/netkit-host-local" }
    static var ptp: String { directory + "/netkit-ptp" }
    static var macvlan: String { directory + "/netkit-macvlan" }
    static var ipvlan: String { directory + "/netkit-ipvlan" }
    static var vlan: String { directory + "/netkit-vlan" }
    static let referenceDirectory = "/usr/lib/cni"
    static var referenceBridge: String { referenceDirectory + "/bridge" }
    static var referencePTP: String { referenceDirectory + "/ptp" }
    static var referenceMACVLAN: String { referenceDirectory + "/macvlan" }
    static var referenceIPVLAN: String { referenceDirectory + "/ipvlan" }
    static var referenceVLAN: String { referenceDirectory + "/vlan" }
    /// Ours first, then the reference plugins.
    static var cniPath: String { directory + ":" + referenceDirectory }

    static func requireBuilt() throws {
        guard FileManager.default.isExecutableFile(atPath: bridge), FileManager.default.isExecutableFile(atPath: hostLocal) else {
            throw TestFailure("netkit-bridge / netkit-host-local not built in \(directory): run swift build first (or set NETKIT_CNI_BIN)")
        }
    }

    static func requireReference() throws {
        guard FileManager.default.isExecutableFile(atPath: referenceBridge) else {
            throw TestFailure("the reference plugins are missing: apt-get install -y containernetworking-plugins")
        }
    }
}

/// Runs command-line tools as independent readers of state.
enum Tool {
    static func run(_ command: [String]) throws -> (status: Int32, output: String) {
        let run = try PluginRun.execute(command, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], stdin: Data())
        guard run.status == 0 else { throw TestFailure("\(command.joined(separator: " ")) exited \(run.status): \(run.stderr)") }
        return (run.status, run.text)
    }

    static func json(_ command: [String]) throws -> [[String: Any]] {
        let text = try run(command).output.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [] }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Privileged tests fail (never skip) without root: CI must prove them.
func requireRoot() throws {
    guard geteuid() == 0 else {
        throw TestFailure("privileged CNI test needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN): run the suite as root")
    }
    try PluginBinaries.requireBuilt()
}

/// A network configuration as JSON bytes.
func configuration(_ object: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
}

extension CNITestNode {
    /// Waits (up to 20 s) until link `name`'s operstate is UP. The kernel sets a bridge's from its
    /// ports' state asynchronously (linkwatch, up to a second later, and later still on a slow or
    /// emulated machine), so of two snapshots one could otherwise catch it UNKNOWN and the other UP.
    func awaitOperstateUp(_ name: String) throws {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(20)
        while try ip("link", "show", name).first?["operstate"] as? String != "UP", clock.now < deadline {
            usleep(50_000)
        }
    }
}

extension CNITestNode {
    /// Waits (up to 20 s) until `link` in `pod` is operstate UP and none of its addresses is
    /// tentative: the carrier and duplicate address detection finish asynchronously, so two
    /// snapshots could otherwise differ by when they were taken.
    func awaitSettled(_ link: String, in pod: String) throws {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(20)
        while clock.now < deadline {
            let state = try ip("addr", "show", link, in: pod).first
            let tentative = addressInfo(state.map { [$0] } ?? []).contains { $0["tentative"] as? Bool == true }
            if state?["operstate"] as? String == "UP", !tentative { return }
            usleep(50_000)
        }
    }
}
