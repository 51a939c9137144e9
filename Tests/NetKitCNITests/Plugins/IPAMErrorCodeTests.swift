import Foundation
import NetKit
import Testing

/// The spec's transient and I/O error codes from the IPAM state, through the plugin binaries:
/// 11 when host-local's lock stays held, 5 when its `dataDir` cannot be created — from
/// netkit-host-local itself and passed on by netkit-bridge, which then undoes its links.
@Suite("IPAM error codes 5 and 11")
struct IPAMErrorCodeTests {
    @Test("netkit-host-local: another process holds the state lock → error 11, nothing allocated; then ADD works")
    func lockHeldIsTryAgainLater() throws {
        let node = try CNITestNode("el")
        let pod = try node.addPod()
        let config = try configuration(bridgeConfiguration(node))
        let state = node.directory + "/ipam/testnet"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        // flock(1) takes the lock on the shell's descriptor; the sleep that replaces the shell keeps it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>'\(state)/lock'; flock 9; echo locked; exec sleep 60"]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() } }
        let line = String(decoding: output.fileHandleForReading.readData(ofLength: 7), as: UTF8.self)
        try #require(line == "locked\n", "the holder took the lock: \(line)")

        let error = try node.invoke(PluginBinaries.hostLocal, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectError(11)
        #expect((error["msg"] as? String)?.contains("locked") == true, "\(error)")
        #expect(node.ipamFiles() == ["lock"], "nothing allocated while the lock was held")

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let result = try node.invoke(PluginBinaries.hostLocal, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectSuccess()
        #expect(objects(result["ips"]).first?["address"] as? String == "10.77.0.2/24")
    }

    @Test("dataDir under a regular file → error 5 from netkit-host-local, and from netkit-bridge with nothing left behind")
    func stateDirectoryUnderAFileIsIOFailure() throws {
        let node = try CNITestNode("ei")
        let pod = try node.addPod()
        let file = node.directory + "/not-a-directory"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let config = try configuration(bridgeConfiguration(node, dataDirectory: file + "/ipam"))

        var error = try node.invoke(PluginBinaries.hostLocal, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectError(5)
        #expect((error["details"] as? String)?.contains("not-a-directory/ipam") == true, "the details name the path: \(error)")
        #expect((error["details"] as? String)?.contains("Not a directory") == true, "and the errno's text: \(error)")

        error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectError(5)
        #expect((error["details"] as? String)?.contains("Not a directory") == true, "\(error)")
        #expect(try node.linkNames() == ["lo"], "no veth and no bridge left")
        #expect(try node.linkNames(in: pod) == ["lo"])
    }

    @Test("netkit-host-local dual-stack, second range exhausted: error 104 and the first range's address is given back")
    func secondRangeExhausted() throws {
        let node = try CNITestNode("ed")
        let pods = [try node.addPod(), try node.addPod()]
        var config = bridgeConfiguration(node)
        config["ipam"] = [
            "type": "netkit-host-local", "dataDir": node.directory + "/ipam",
            "ranges": [[["subnet": "10.80.0.0/24"]], [["subnet": "fd00:80::/64", "rangeStart": "fd00:80::2", "rangeEnd": "fd00:80::2"]]],
        ]
        try node.invoke(PluginBinaries.hostLocal, "ADD", stdin: configuration(config), containerID: "a", netns: "/run/netns/\(pods[0])")
            .expectSuccess()
        let before = node.ipamFiles()
        try node.invoke(PluginBinaries.hostLocal, "ADD", stdin: configuration(config), containerID: "b", netns: "/run/netns/\(pods[1])")
            .expectError(104)
        #expect(
            node.ipamFiles().subtracting(["last_reserved_ip.0"]) == before.subtracting(["last_reserved_ip.0"]),
            "b's IPv4 address was released: \(node.ipamFiles())")
    }
}
