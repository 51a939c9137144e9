// The document's CNI layout transcript — `ls -lh /opt/cni/bin/` and `ls -lh /etc/cni/net.d/` —
// and what a container runtime makes of it, with NetKitCNI:
//
//     swift run cni-layout [--bin-dir DIR]... [--conf-dir DIR] [--versions]
//
// Lists the plugin binaries of each CNI bin directory (default /opt/cni/bin, then /usr/lib/cni,
// where Debian's containernetworking-plugins puts them) with their sizes — with --versions,
// also the spec versions each answers to VERSION — and loads every .conf/.conflist/.json of
// the configuration directory (default /etc/cni/net.d) as containerd and CRI-O do: in name
// order, the first valid file is the network the runtime uses; invalid files are reported with
// the reason. On a machine without a configuration it then shows the same on a sample directory
// (a broken file, netkit-bridge's conflist, a legacy .conf) that it removes afterwards.
import ExampleSupport
import Foundation
import NetKitCNI

var binDirectories: [String] = []
var configurationDirectory = ConfigurationDirectory.defaultPath
var askVersions = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--bin-dir" where !arguments.isEmpty: binDirectories.append(arguments.removeFirst())
    case "--conf-dir" where !arguments.isEmpty: configurationDirectory = arguments.removeFirst()
    case "--versions": askVersions = true
    default:
        print("usage: cni-layout [--bin-dir DIR]... [--conf-dir DIR] [--versions]")
        exit(argument == "-h" || argument == "--help" ? 0 : 2)
    }
}
if binDirectories.isEmpty { binDirectories = ["/opt/cni/bin", "/usr/lib/cni"] }

/// `ls -lh` sizes: 2.9M, 512K, 730.
func humanSize(_ bytes: Int) -> String {
    var value = Double(bytes)
    var unit = ""
    for next in ["K", "M", "G"] where value >= 1024 {
        value /= 1024
        unit = next
    }
    if unit.isEmpty { return String(bytes) }
    return value < 10 ? String(format: "%.1f%@", value, unit) : String(format: "%.0f%@", value.rounded(.up), unit)
}

func padded(_ text: String, _ width: Int = 6) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// The versions a plugin binary reports (`CNI_COMMAND=VERSION`).
func versions(of path: String) -> String {
    guard
        let process = try? ChildProcess(
            executable: path, environment: ["CNI_COMMAND": "VERSION"],
            stdin: Array(#"{"cniVersion":"1.0.0"}"#.utf8))
    else { return "cannot run" }
    let (termination, output) = process.wait()
    guard termination == .exited(0), let info = try? JSONDecoder().decode(CNIVersionInfo.self, from: Data(output)) else {
        return "no VERSION answer (\(termination))"
    }
    return info.supportedVersions.joined(separator: " ")
}

/// `ls -lh DIR` for plugin binaries; returns the plugin names found.
func listBinaries(_ directory: String, shadowing seen: Set<String>, askVersions: Bool) -> Set<String> {
    Transcript.command("ls -lh \(directory)/")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        Transcript.output("ls: cannot access '\(directory)/': No such file or directory")
        return []
    }
    var found: Set<String> = []
    var total = 0
    var lines: [String] = []
    for name in names.sorted() {
        let path = directory + "/" + name
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            FileManager.default.isExecutableFile(atPath: path)
        else { continue }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        total += size
        found.insert(name)
        // A runtime takes the first directory of its CNI_PATH that has the plugin.
        let shadowed = seen.contains(name) ? "   # shadowed by an earlier directory" : ""
        lines.append("\(padded(humanSize(size)))  \(name)\(shadowed)\(askVersions ? "   # " + versions(of: path) : "")")
    }
    Transcript.output((["total \(humanSize(total))"] + lines).joined(separator: "\n"))
    return found
}

/// `ls -lh DIR` for configurations, with what the runtime decides about each file.
func listConfigurations(_ path: String, plugins: Set<String>) throws -> [ConfigurationDirectory.Entry] {
    Transcript.command("ls -lh \(path)/")
    let entries = try ConfigurationDirectory(path: path).entries()
    if entries.isEmpty {
        Transcript.output(
            FileManager.default.fileExists(atPath: path)
                ? "total 0" : "ls: cannot access '\(path)/': No such file or directory")
        Transcript.note("no .conf, .conflist or .json file: a runtime reading \(path) has no pod network")
        return []
    }
    Transcript.output(entries.map { "\(padded(humanSize($0.size)))  \($0.fileName)" }.joined(separator: "\n"))
    var used = false
    for entry in entries {
        switch entry.result {
        case .success(let list):
            let chain = list.plugins.compactMap(\.type).joined(separator: " → ")
            let version = list.selectedVersion.map { "cniVersion \($0)" } ?? "no cniVersion this library supports"
            Transcript.note(
                "\(entry.fileName): network \"\(list.name)\", \(version), plugins \(chain) — "
                    + (used ? "valid, not used (an earlier file wins)" : "USED by the runtime"))
            let missing = list.plugins.compactMap(\.type).filter { !plugins.contains($0) }
            if !used && !missing.isEmpty { Transcript.note("  not installed in the bin directories: \(missing.joined(separator: ", "))") }
            used = true
        case .failure(let error):
            Transcript.note("\(entry.fileName): INVALID, skipped (CNI error \(error.code)): \(error)")
        }
    }
    return entries
}

Transcript.run {
    var plugins: Set<String> = []
    for directory in binDirectories {
        plugins.formUnion(listBinaries(directory, shadowing: plugins, askVersions: askVersions))
    }
    let entries = try listConfigurations(configurationDirectory, plugins: plugins)

    guard entries.isEmpty else { return }
    // This machine has no configuration: show the same on a sample directory.
    let sample = "/tmp/cni-layout-\(getpid())"
    // Registered with Cleanup, not a `defer`: a Ctrl-C ends the process from the signal handler,
    // where a `defer` on this stack would never run.
    try Cleanup.directory(sample)
    let files = [
        "05-typo.conflist": #"{"cniVersion": "1.0.0", "name": "typo", "plugins": [{"tpye": "bridge"}]}"#,
        "10-netkit.conflist": """
        {"cniVersion": "1.0.0", "name": "k8s-pod-network", "plugins": [
          {"type": "netkit-bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true,
           "ipam": {"type": "netkit-host-local", "ranges": [[{"subnet": "10.244.1.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
          {"type": "portmap", "capabilities": {"portMappings": true}}]}
        """,
        "99-loopback.conf": #"{"cniVersion": "0.3.1", "name": "lo", "type": "loopback"}"#,
    ]
    for (name, text) in files { try text.write(toFile: sample + "/" + name, atomically: true, encoding: .utf8) }
    Transcript.note("sample layout in \(sample) (removed at the end)")
    let sampleEntries = try listConfigurations(sample, plugins: plugins.union(["netkit-bridge", "netkit-host-local"]))
    Transcript.check(
        sampleEntries.first?.configuration == nil, "05-typo.conflist is invalid (\"tpye\": its plugin has no type) and skipped")
    Transcript.check(
        sampleEntries.first { $0.configuration != nil }?.fileName == "10-netkit.conflist",
        "the runtime uses 10-netkit.conflist, the first valid file")
    Transcript.check(
        sampleEntries.last?.configuration?.plugins.first?.type == "loopback",
        "a single-plugin .conf loads as a list of one")
}
