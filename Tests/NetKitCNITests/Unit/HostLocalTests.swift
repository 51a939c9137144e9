import Foundation
@testable import NetKitCNIPlugins
import NetKitCNI
import Testing

/// netkit-host-local's allocation rules — those of the reference host-local — run in-process
/// against a scratch `dataDir`.
@Suite("netkit-host-local")
struct HostLocalTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    private func config(_ ipam: [String: Any], version: String = "1.0.0", extra: [String: Any] = [:]) throws -> Data {
        var section = ipam
        section["type"] = "netkit-host-local"
        section["dataDir"] = scratch.path
        var object: [String: Any] = ["cniVersion": version, "name": "net", "type": "bridge", "ipam": section]
        object.merge(extra) { _, new in new }
        return try JSONSerialization.data(withJSONObject: object)
    }

    private func add(_ data: Data, _ id: String, ifname: String = "eth0", args: String? = nil) -> InProcessRun {
        InProcessRun(HostLocalPlugin(), "ADD", data, containerID: id, ifname: ifname, args: args)
    }

    @Test func allocatesInOrderSkippingTheGatewayAndGoesRoundRobin() throws {
        let data = try config(["subnet": "10.1.2.0/29", "routes": [["dst": "0.0.0.0/0"]]])
        let first = add(data, "a")
        #expect(first.status == 0)
        #expect(first.addresses == ["10.1.2.2/29"])
        #expect(objects(first.output["ips"]).first?["gateway"] as? String == "10.1.2.1")
        #expect(objects(first.output["routes"]).first?["dst"] as? String == "0.0.0.0/0")
        #expect(add(data, "b").addresses == ["10.1.2.3/29"])
        // Releasing b does not give .3 to the next container: round-robin goes on.
        #expect(InProcessRun(HostLocalPlugin(), "DEL", data, containerID: "b").status == 0)
        #expect(add(data, "c").addresses == ["10.1.2.4/29"])
        #expect(add(data, "d").addresses == ["10.1.2.5/29"])
        #expect(add(data, "e").addresses == ["10.1.2.6/29"], ".7 is the broadcast address")
        #expect(add(data, "f").addresses == ["10.1.2.3/29"], "wraps around to the free .3")
        let full = add(data, "g")
        #expect(full.code == 104)
        #expect((full.output["msg"] as? String)?.contains("10.1.2.1-10.1.2.6") == true)
        // The state is the reference's: one file per address holding "ID\r\nIFNAME".
        let content = try String(contentsOfFile: scratch.path + "/net/10.1.2.2", encoding: .utf8)
        #expect(content == "a\r\neth0")
        #expect(try String(contentsOfFile: scratch.path + "/net/last_reserved_ip.0", encoding: .utf8) == "10.1.2.3")
    }

    @Test func honoursRangeBoundsGatewayAndRequests() throws {
        let data = try config([
            "ranges": [[["subnet": "10.3.0.0/24", "rangeStart": "10.3.0.100", "rangeEnd": "10.3.0.101", "gateway": "10.3.0.254"]]]
        ])
        let first = add(data, "a")
        #expect(first.addresses == ["10.3.0.100/24"])
        #expect(objects(first.output["ips"]).first?["gateway"] as? String == "10.3.0.254")
        #expect(add(data, "b", args: "IgnoreUnknown=1;IP=10.3.0.101").addresses == ["10.3.0.101/24"])
        #expect(add(data, "c", args: "IP=10.3.0.101").code == 105, "taken")
        #expect(add(data, "c", args: "IP=10.3.0.7").code == 105, "outside the range")
        #expect(add(data, "a").code == 105, "a second allocation for the same attachment")
        #expect(add(data, "a", ifname: "net1").code == 104, "another interface of a: a new address, but none is left")
        let requested = try config(["subnet": "10.4.0.0/24"], extra: ["runtimeConfig": ["ips": ["10.4.0.9/24"]]])
        #expect(add(requested, "r").addresses == ["10.4.0.9/24"])
        let gateway = try config(["subnet": "10.5.0.0/24"], extra: ["args": ["cni": ["ips": ["10.5.0.1"]]]])
        #expect(add(gateway, "g").code == 105, "the gateway cannot be requested")
    }

    @Test func dualStackAndLegacyResults() throws {
        let data = try config(["ranges": [[["subnet": "10.6.0.0/24"]], [["subnet": "fd00:6::/64"]]]], version: "0.3.1")
        let run = add(data, "a")
        #expect(run.addresses == ["10.6.0.2/24", "fd00:6::2/64"])
        #expect(objects(run.output["ips"]).compactMap { $0["version"] as? String } == ["4", "6"])
        #expect(run.output["cniVersion"] as? String == "0.3.1")
        #expect(scratch.files("net").contains("fd00:6::2"))
    }

    @Test func deleteCheckGarbageCollectAndStatus() throws {
        let data = try config(["subnet": "10.7.0.0/30"])  // one address
        #expect(InProcessRun(HostLocalPlugin(), "CHECK", data, containerID: "a").code == 3, "CHECK before ADD: unknown container")
        #expect(add(data, "a").status == 0)
        #expect(InProcessRun(HostLocalPlugin(), "CHECK", data, containerID: "a").status == 0)
        let modern = try config(["subnet": "10.7.0.0/30"], version: "1.1.0")
        #expect(InProcessRun(HostLocalPlugin(), "STATUS", modern, containerID: nil, ifname: nil, netns: nil).code == 50, "no address left")
        for _ in 0..<2 { #expect(InProcessRun(HostLocalPlugin(), "DEL", data, containerID: "a").status == 0, "DEL twice") }
        #expect(InProcessRun(HostLocalPlugin(), "STATUS", modern, containerID: nil, ifname: nil, netns: nil).status == 0)

        let wide = try config(["subnet": "10.8.0.0/24"], version: "1.1.0")
        for id in ["keep", "drop1", "drop2"] { #expect(add(wide, id).status == 0) }
        var gc = try JSONSerialization.jsonObject(with: wide) as? [String: Any] ?? [:]
        gc["cni.dev/valid-attachments"] = [["containerID": "keep", "ifname": "eth0"]]
        let collect = InProcessRun(
            HostLocalPlugin(), "GC", try JSONSerialization.data(withJSONObject: gc), containerID: nil, ifname: nil,
            netns: nil, path: "/nowhere")
        #expect(collect.status == 0)
        #expect(scratch.files("net").filter { $0.hasPrefix("10.8.") } == ["10.8.0.2"])
    }

    @Test func rejectsBadConfiguration() throws {
        let cases: [([String: Any], String)] = [
            ([:], "no ranges"),
            (["subnet": "10.9.0.1/24"], "host bits"),
            (["subnet": "10.9.0.0/31"], "too small"),
            (["subnet": "10.9.0.0/33"], "bad prefix"),
            (["subnet": "10.9.0.0"], "no prefix"),
            (["subnet": "10.9.0.0/24", "rangeStart": "10.10.0.5"], "start outside"),
            (["subnet": "10.9.0.0/24", "rangeStart": "10.9.0.9", "rangeEnd": "10.9.0.5"], "end before start"),
            (["ranges": [[["subnet": "10.9.0.0/24"]], [["subnet": "10.9.0.0/25"]]]], "overlapping sets"),
            (["ranges": [[["subnet": "10.9.0.0/24"], ["subnet": "fd00::/64"]]]], "mixed families"),
            (["subnet": "10.9.0.0/24", "routes": [["dst": "nowhere"]]], "bad route"),
        ]
        for (ipam, why) in cases {
            let run = add(try config(ipam), "a")
            #expect(run.code == 7, "\(why): \(run.text)")
        }
        let noIPAM = try JSONSerialization.data(withJSONObject: ["cniVersion": "1.0.0", "name": "net"])
        #expect(InProcessRun(HostLocalPlugin(), "ADD", noIPAM).code == 7)
        #expect(scratch.files("net").isEmpty, "nothing written for a bad configuration")
    }

    @Test func dnsFromResolvConf() throws {
        let file = scratch.path + "/resolv.conf"
        try "# comment\nnameserver 10.0.0.10\nnameserver fd00::10\nsearch a.svc b.svc\ndomain cluster.local\noptions ndots:5\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = add(try config(["subnet": "10.11.0.0/24", "resolvConf": file]), "a")
        let dns = object(run.output["dns"])
        #expect(dns["nameservers"] as? [String] == ["10.0.0.10", "fd00::10"])
        #expect(dns["search"] as? [String] == ["a.svc", "b.svc"])
        #expect(dns["domain"] as? String == "cluster.local")
        #expect(dns["options"] as? [String] == ["ndots:5"])
    }

    @Test func survivesCrashes() throws {
        let data = try config(["subnet": "10.12.0.0/24"])
        // A crash between writing and linking leaves a temporary file: the next run removes it.
        try FileManager.default.createDirectory(atPath: scratch.path + "/net", withIntermediateDirectories: true)
        try "x\r\neth0".write(toFile: scratch.path + "/net/.netkit-tmp.999.abc", atomically: false, encoding: .utf8)
        #expect(add(data, "a").status == 0)
        #expect(!scratch.files("net").contains(".netkit-tmp.999.abc"))

        // A process that holds the lock and is killed releases it: the kernel drops the flock.
        let holder = Process()
        // One process holds the lock (the shell's descriptor, locked by flock(1), kept by the
        // sleep that replaces the shell), so killing it leaves no child behind with the lock.
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>>'\(scratch.path)/net/lock'; flock 9; exec sleep 30"]
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        var waited = 0
        while !isLocked(scratch.path + "/net/lock"), waited < 200 { usleep(10_000); waited += 1 }
        #expect(isLocked(scratch.path + "/net/lock"), "the holder has the lock")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(add(data, "b").addresses == ["10.12.0.3/24"], "the next ADD gets the lock")
    }

    /// Whether another process holds `path`'s flock (a non-blocking try from here).
    private func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return false
        }
        return true
    }

    @Test func candidatesMatchTheReferenceIterator() throws {
        let range = try AddressRange(.init(subnet: "10.0.0.0/29"), at: "test")
        var candidates = Candidates(rangeSet: [range], lastReserved: "10.0.0.4")
        var order: [String] = []
        while let (address, _) = candidates.next() { order.append(address.description) }
        #expect(order == ["10.0.0.5", "10.0.0.6", "10.0.0.2", "10.0.0.3", "10.0.0.4"], "from last+1, wrapping, skipping .1 (gateway)")
    }
}
