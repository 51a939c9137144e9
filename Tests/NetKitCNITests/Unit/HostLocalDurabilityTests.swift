import Foundation
@testable import NetKitCNIPlugins
import NetKitCNI
import Testing

/// host-local's state after a power loss: an allocation file may be empty or hold garbage. Such
/// a file is a reservation whose owner is unknown: its address is never handed out again, `GC`
/// keeps it and reports it, and nothing crashes on it. Writes are synced (file, then directory)
/// so that a completed `ADD` survives the power loss.
@Suite("netkit-host-local durability")
struct HostLocalDurabilityTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    private func config(version: String = "1.1.0", extra: [String: Any] = [:]) throws -> Data {
        let ipam: [String: Any] = ["type": "netkit-host-local", "subnet": "10.71.0.0/29", "dataDir": scratch.path]
        return try JSONSerialization.data(
            withJSONObject: ["cniVersion": version, "name": "net", "type": "x", "ipam": ipam].merging(extra) { _, new in new })
    }

    private var allocations: Set<String> { scratch.files("net").filter { $0.hasPrefix("10.71.") } }

    @Test("A torn allocation file (empty, garbage) is a reservation of unknown owner: not reused, kept and reported by GC")
    func tornFilesAreReservationsOfUnknownOwner() throws {
        #expect(InProcessRun(HostLocalPlugin(), "ADD", try config(), containerID: "a").addresses == ["10.71.0.2/29"])
        let directory = scratch.path + "/net/"
        #expect(FileManager.default.createFile(atPath: directory + "10.71.0.3", contents: Data()))
        #expect(FileManager.default.createFile(atPath: directory + "10.71.0.4", contents: Data([0xFF, 0x00, 0x13, 0x0A, 0xC3])))
        // The torn addresses are skipped: b gets .5, c .6, d none (the /29 has .2–.6).
        #expect(InProcessRun(HostLocalPlugin(), "ADD", try config(), containerID: "b").addresses == ["10.71.0.5/29"])
        #expect(InProcessRun(HostLocalPlugin(), "ADD", try config(), containerID: "c").addresses == ["10.71.0.6/29"])
        #expect(InProcessRun(HostLocalPlugin(), "ADD", try config(), containerID: "d").code == 104)
        #expect(
            InProcessRun(HostLocalPlugin(), "STATUS", try config(), containerID: nil, ifname: nil, netns: nil).code == 50,
            "torn files count as taken")

        // GC with a, b valid: c's address goes; the torn ones stay and are reported.
        let valid: [[String: String]] = [["containerID": "a", "ifname": "eth0"], ["containerID": "b", "ifname": "eth0"]]
        let gc = InProcessRun(
            HostLocalPlugin(), "GC", try config(extra: ["cni.dev/valid-attachments": valid]),
            containerID: nil, ifname: nil, netns: nil, path: "/nowhere")
        #expect(gc.code == 5, "\(gc.text)")
        let details = gc.output["details"] as? String ?? ""
        #expect(details.contains("10.71.0.3") && details.contains("10.71.0.4"), "\(gc.text)")
        #expect(allocations == ["10.71.0.2", "10.71.0.3", "10.71.0.4", "10.71.0.5"], "c's stale address released, torn ones kept")

        // DEL of a container cannot be matched to a torn file: DEL succeeds and leaves it.
        #expect(InProcessRun(HostLocalPlugin(), "DEL", try config(), containerID: "b").status == 0)
        #expect(allocations == ["10.71.0.2", "10.71.0.3", "10.71.0.4"])
    }

    @Test("ADD syncs the allocation file before linking it into place, and the directory after")
    func addSyncsFileAndDirectory() throws {
        try PluginBinaries.requireBuilt()
        let trace = scratch.path + "/trace"
        var environment = cniVariables("ADD", containerID: "a", netns: "/run/netns/unused", ifname: "eth0", path: "/nowhere", args: nil)
        environment["PATH"] = "/usr/bin:/bin"
        let run = try PluginRun.execute(
            [
                "/usr/bin/strace", "-f", "-qq", "-o", trace, "-e", "signal=none", "-e",
                "trace=openat,fsync,fdatasync,link,linkat,rename,renameat,renameat2",
                PluginBinaries.hostLocal,
            ], environment: environment, stdin: try config(version: "1.0.0"))
        try run.expectSuccess()
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        let linkLine = try #require(lines.firstIndex { $0.contains("link") && $0.contains("10.71.0.2") }, "\(lines)")
        // The temporary file's descriptor is synced before the link that publishes it.
        let temporaryOpen = try #require(lines[..<linkLine].lastIndex { $0.contains("openat") && $0.contains(".netkit-tmp.") }, "\(lines)")
        let fd = lines[temporaryOpen].split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        #expect(lines[temporaryOpen..<linkLine].contains { $0.contains("fsync(\(fd))") || $0.contains("fdatasync(\(fd))") }, "\(lines)")
        // The directory is opened and synced after the link (and after the marker's rename).
        let directoryOpen = try #require(
            lines[linkLine...].firstIndex { $0.contains("openat") && $0.contains("/net\"") && $0.contains("O_DIRECTORY") },
            "\(lines)")
        let directoryFD = lines[directoryOpen].split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        #expect(lines[directoryOpen...].contains { $0.contains("fsync(\(directoryFD))") }, "\(lines)")
    }
}
