import Foundation
import Testing

extension CNITestNode {
    /// The node's scratch `bin` directory, for fake plugins and tools that fail on purpose.
    var fakeBin: String { directory + "/bin" }

    /// Writes the shell script `body` as the executable `name` in ``fakeBin``; returns its path.
    @discardableResult
    func installFake(_ name: String, _ body: String) throws -> String {
        try FileManager.default.createDirectory(atPath: fakeBin, withIntermediateDirectories: true)
        let path = fakeBin + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// A fake IPAM plugin `name` in ``fakeBin``: logs each command, then
    /// runs `body` for `ADD` and `deleteBody` for `DEL` (by default DEL and others succeed).
    func fakeIPAM(
        _ name: String, add body: String,
        delete deleteBody: String = ":"
    ) throws -> (path: String, log: String) {
        let log = directory + "/\(name).log"
        try installFake(
            name,
            """
            cat > /dev/null
            echo "$CNI_COMMAND $CNI_CONTAINERID" >> \(log)
            if [ "$CNI_COMMAND" = ADD ]; then
            \(body)
            fi
            if [ "$CNI_COMMAND" = DEL ]; then
            \(deleteBody)
            fi
            exit 0
            """)
        return (fakeBin + ":" + PluginBinaries.cniPath, log)
    }

    /// The IPAM state files of network `network` (empty when the directory does not exist).
    func ipamFiles(_ network: String = "testnet") -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory + "/ipam/" + network)) ?? [])
    }

    /// The comments of the node's nftables rules.
    func nftComments() throws -> Set<String> {
        Set(try nftRules().compactMap { $0["comment"] as? String })
    }

    /// A `sleep` inside the pod's namespace (`ip netns exec POD sleep`), returned once it runs there.
    func holdNamespace(_ pod: String) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        holder.arguments = ["netns", "exec", pod, "sleep", "60"]
        try holder.run()
        let comm = "/proc/\(holder.processIdentifier)/comm"
        while holder.isRunning, (try? String(contentsOfFile: comm, encoding: .utf8)) != "sleep\n" { usleep(5_000) }
        try #require(holder.isRunning, "the namespace holder is running")
        return holder
    }
}
