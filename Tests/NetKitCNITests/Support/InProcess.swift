import Foundation
import NetKitCNI

/// A plugin run inside the test process through ``CNIPluginRunner/run(_:environment:stdin:)``:
/// the same protocol handling as the binaries, without a process or privilege.
struct InProcessRun {
    var status: Int32
    var output: [String: Any]
    var text: String

    init(
        _ plugin: some CNIPlugin, _ command: String?, _ stdin: Data, containerID: String? = "c1", ifname: String? = "eth0",
        netns: String? = "/run/netns/unused", args: String? = nil, path: String? = nil
    ) {
        let environment = cniVariables(command, containerID: containerID, netns: netns, ifname: ifname, path: path, args: args)
        let outcome = CNIPluginRunner.run(plugin, environment: environment) { Array(stdin) }
        status = outcome.exitStatus
        text = String(decoding: outcome.stdout, as: UTF8.self)
        output = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout))) as? [String: Any] ?? [:]
    }

    var code: Int? { status == 0 ? nil : output["code"] as? Int }
    var addresses: [String] { objects(output["ips"]).compactMap { $0["address"] as? String } }
}

/// The request a runner would hand a plugin for `configuration` (version 1.0.0), without running one.
func unitRequest(_ configuration: Data, command: String = "ADD", args: String? = nil) throws -> CNIRequest {
    let bytes = Array(configuration)
    let environment = try CNIEnvironment(
        cniVariables(
            command, containerID: "c1", netns: "/run/netns/unused", ifname: "eth0",
            path: "/usr/lib/cni", args: args))
    let parsed = try CNIJSON.decode(PluginConfiguration.self, from: bytes, what: "configuration")
    return CNIRequest(environment: environment, configuration: parsed, configurationBytes: bytes, version: CNIVersion(1, 0, 0))
}

/// The `CNI_*` variables a runtime sets; nil leaves one out.
func cniVariables(
    _ command: String?, containerID: String?, netns: String?, ifname: String?, path: String?,
    args: String?
) -> [String: String] {
    var variables: [String: String] = [:]
    variables["CNI_COMMAND"] = command
    variables["CNI_CONTAINERID"] = containerID
    variables["CNI_NETNS"] = netns
    variables["CNI_IFNAME"] = ifname
    variables["CNI_PATH"] = path
    variables["CNI_ARGS"] = args
    return variables
}

/// A scratch directory removed at deinit.
final class ScratchDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "/netkit-cni-unit-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func files(_ subdirectory: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + subdirectory)) ?? [])
    }
}
