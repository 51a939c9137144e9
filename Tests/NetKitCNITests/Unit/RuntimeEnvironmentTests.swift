import Foundation
import NetKitCNI
import Testing

/// The environments container runtimes send, variable for variable. libcni (podman, CRI-O, and
/// containerd through go-cni) always sets all six `CNI_*` variables, empty when it has no value
/// (`invoke.Args.AsEnv`); its `VERSION` probe (`GetVersionInfo`, which `ValidateNetworkList`
/// runs for every plugin of a list) fills in `dummy` for plugins built against old libraries.
enum RuntimeEnvironments {
    /// `invoke.GetVersionInfo`: `VERSION` with fake `CNI_NETNS`, `CNI_IFNAME`, `CNI_PATH`.
    static let versionProbe = [
        "CNI_COMMAND": "VERSION", "CNI_CONTAINERID": "", "CNI_NETNS": "dummy", "CNI_ARGS": "",
        "CNI_IFNAME": "dummy", "CNI_PATH": "dummy",
    ]
    /// Its stdin: the library's own newest version.
    static var versionProbeInput: Data { Data(#"{"cniVersion":"1.1.0"}"#.utf8) }

    /// `GetStatusNetworkList` and `GCNetworkList`: an empty runtime configuration, only the path.
    static func withoutAttachment(_ command: String, path: String) -> [String: String] {
        ["CNI_COMMAND": command, "CNI_CONTAINERID": "", "CNI_NETNS": "", "CNI_ARGS": "", "CNI_IFNAME": "", "CNI_PATH": path]
    }

    /// go-cni's `ADD`/`DEL` for `ctr run --cni`: the container's full id (`NAMESPACE-ID`), the
    /// task's `/proc/PID/ns/net`, `eth0`, no arguments.
    static func goCNI(_ command: String, pid: Int32, path: String) -> [String: String] {
        [
            "CNI_COMMAND": command, "CNI_CONTAINERID": "default-web", "CNI_NETNS": "/proc/\(pid)/ns/net", "CNI_ARGS": "",
            "CNI_IFNAME": "eth0", "CNI_PATH": path,
        ]
    }

    /// The versions `ValidateNetworkList` looks for in a plugin's `VERSION` answer: the list's
    /// `cniVersion`, 0.1.0 when it has none.
    static let configurationVersions = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]
}

@Suite("CNI runtimes' environments (libcni, go-cni)")
struct RuntimeEnvironmentTests {
    private func run(_ plugin: String, _ environment: [String: String], stdin: Data) throws -> PluginRun {
        try PluginRun.execute(
            [plugin], environment: environment.merging(["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]) { old, _ in old },
            stdin: stdin)
    }

    @Test(
        "libcni's VERSION probe (CNI_NETNS=dummy …) passes, as the reference's does, and lists every version a list may have",
        arguments: ["netkit-bridge", "netkit-host-local"])
    func versionProbe(_ name: String) throws {
        try PluginBinaries.requireBuilt()
        let answer = try run(
            PluginBinaries.directory + "/" + name, RuntimeEnvironments.versionProbe,
            stdin: RuntimeEnvironments.versionProbeInput
        ).expectSuccess("\(name) VERSION")
        #expect(answer["cniVersion"] as? String == "1.1.0")
        let supported = answer["supportedVersions"] as? [String] ?? []
        #expect(supported == RuntimeEnvironments.configurationVersions, "ValidateNetworkList finds every list version")
        if FileManager.default.isExecutableFile(atPath: PluginBinaries.referenceBridge) {
            let reference = try run(
                PluginBinaries.referenceBridge, RuntimeEnvironments.versionProbe,
                stdin: RuntimeEnvironments.versionProbeInput
            ).expectSuccess("reference VERSION")
            let referenceSupported = reference["supportedVersions"] as? [String] ?? []
            #expect(Set(supported).isSuperset(of: referenceSupported), "\(referenceSupported) ⊄ \(supported)")
        }
    }

    @Test("VERSION needs only CNI_COMMAND: every other variable is ignored, whatever its value")
    func versionIgnoresEverythingElse() throws {
        let hostile = [
            "CNI_COMMAND": "VERSION", "CNI_CONTAINERID": "-not valid/", "CNI_NETNS": "relative", "CNI_ARGS": "no-equals-sign",
            "CNI_IFNAME": "far-too-long-interface-name", "CNI_PATH": "",
        ]
        for variables in [RuntimeEnvironments.versionProbe, hostile, ["CNI_COMMAND": "VERSION"]] {
            let environment = try CNIEnvironment(variables)
            #expect(environment.command == .version)
            #expect(environment.netns.isEmpty && environment.interfaceName.isEmpty && environment.containerID.isEmpty)
            #expect(environment.pluginPaths.isEmpty && environment.arguments.pairs.isEmpty)
        }
    }

    @Test("STATUS and GC as libcni sends them: empty container id, netns and ifname; bad values of unused variables ignored")
    func statusAndGCWithoutAttachment() throws {
        for command in ["STATUS", "GC"] {
            let environment = try CNIEnvironment(RuntimeEnvironments.withoutAttachment(command, path: "/opt/cni/bin"))
            #expect(environment.pluginPaths == ["/opt/cni/bin"])
            var odd = RuntimeEnvironments.withoutAttachment(command, path: "/opt/cni/bin")
            odd["CNI_NETNS"] = "dummy"
            odd["CNI_IFNAME"] = "dummy/"
            odd["CNI_ARGS"] = "garbage"
            #expect(throws: Never.self) { try CNIEnvironment(odd) }
        }
        #expect(throws: CNIError.self) { try CNIEnvironment(RuntimeEnvironments.withoutAttachment("GC", path: "")) }
    }

    @Test("netkit-bridge STATUS with libcni's environment delegates to its IPAM plugin and succeeds")
    func bridgeStatus() throws {
        try PluginBinaries.requireBuilt()
        let scratch = try ScratchDirectory()
        let config =
            #"{"cniVersion":"1.1.0","name":"status","type":"netkit-bridge","ipam":{"type":"netkit-host-local","#
            + #""subnet":"10.91.0.0/24","dataDir":"\#(scratch.path)"}}"#
        try run(
            PluginBinaries.bridge, RuntimeEnvironments.withoutAttachment("STATUS", path: PluginBinaries.directory),
            stdin: Data(config.utf8)
        ).expectSuccess("STATUS")
    }

    @Test("go-cni's ADD and DEL environment (ctr run --cni) reads as the attachment it names")
    func goCNIAttachment() throws {
        for command in ["ADD", "DEL"] {
            let environment = try CNIEnvironment(RuntimeEnvironments.goCNI(command, pid: 4242, path: "/opt/cni/bin"))
            #expect(environment.containerID == "default-web")
            #expect(environment.netns == "/proc/4242/ns/net")
            #expect(environment.interfaceName == "eth0")
            #expect(environment.arguments.pairs.isEmpty)
        }
    }
}
