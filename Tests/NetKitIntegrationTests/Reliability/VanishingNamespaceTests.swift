import Foundation
import NetKit
import NetKitTestSupport
import Testing

/// A namespace going away while NetKit holds it. The kernel keeps a network namespace alive as
/// long as a descriptor or socket refers to it, so an open handle keeps working there; what
/// reaches the namespace *by name or pid* fails with a typed error, and nothing waits forever.
@Suite("Reliability: a namespace vanishing under an open handle")
struct VanishingNamespaceTests {
    @Test("deleted by name: the handle still acts in it, everything that names it fails with ENOENT and changes nothing")
    func deletedByName() throws {
        try requirePrivilege()
        let host = try TestNamespace("vh")
        let name = TestNamespace.uniqueName("vg")
        let pod = try Namespace.create(named: name)
        let podNet = try pod.netlink()
        try Namespace.delete(named: name)

        // The handle's socket pins the namespace: it is still there, only unreachable by name.
        try podNet.add(Bridge(name: "br0"))
        #expect(try podNet.links().map(\.name).withoutKernelFallbackDevices.sorted() == ["br0", "lo"])

        let reopen = try #require(throws: NetKitError.self) { try Namespace.open(named: name) }
        #expect(reopen.isNotFound)
        #expect(reopen.description.contains(name))

        // Sending a veth peer or a link into it would strand them: refused before any request.
        let veth = try #require(throws: NetKitError.self) {
            try host.net.add(VethPair(name: "v0", peerName: "eth0", peerNamespace: pod))
        }
        #expect(veth.errno == .ENOENT)
        #expect(veth.hint?.contains("was deleted") == true, "\(veth)")
        try host.net.add(VethPair(name: "v1", peerName: "v1p"))
        let move = try #require(throws: NetKitError.self) { try host.net.move("v1", to: pod) }
        #expect(move.errno == .ENOENT)
        #expect(move.description.contains(name))

        // iproute2 agrees: no v0 anywhere, v1 still at home, and no name left.
        let hostLinks = try host.ip("link", "show").compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices.sorted()
        #expect(hostLinks == ["lo", "v1", "v1p"])
        #expect(try IPTool.text(["netns", "list"]).contains(name) == false)
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
    }

    @Test("its last process exited: opening it by pid is a typed error; a value opened before still holds it")
    func lastProcessGone() throws {
        try requirePrivilege()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        child.arguments = ["--net", "/bin/sleep", "60"]
        try child.run()
        let pid = child.processIdentifier
        defer { if child.isRunning { kill(pid, SIGKILL) }; child.waitUntilExit() }

        // unshare(1) enters its new namespace, then execs sleep: wait until the pid is elsewhere.
        let initial = try Namespace.initial()
        var held: Namespace?
        for _ in 0..<200 {
            if let ns = try? Namespace.open(pid: pid), ns != initial { held = ns; break }
            usleep(10_000)
        }
        let ns = try #require(held, "the child never entered its own namespace")
        #expect(ns.processIDs() == [pid])

        kill(pid, SIGKILL)
        child.waitUntilExit()

        let reopen = try #require(throws: NetKitError.self) { try Namespace.open(pid: pid) }
        #expect(reopen.isNotFound, "\(reopen)")
        #expect(reopen.description.contains("\(pid)"))
        // No process is left in it, but the descriptor NetKit holds keeps it alive and usable.
        #expect(ns.processIDs().isEmpty)
        let net = try ns.netlink()
        #expect(try net.links().map(\.name).withoutKernelFallbackDevices == ["lo"])
    }

    @Test("the peer's namespace is destroyed: the local veth end goes with it, and using it is a typed ENODEV")
    func peerNamespaceDestroyed() async throws {
        let host = try TestNamespace("vp")
        do {
            let peerNamespace = try Namespace.anonymous()
            try await host.net.add(VethPair(name: "v0", peerName: "p0", peerNamespace: peerNamespace))
            await #expect(try host.net.link(named: "v0").kind == .veth)
        }  // the last reference to the anonymous namespace is gone: the kernel destroys it
        var gone = false
        for _ in 0..<500 where !gone {
            gone = await (try? host.net.link(named: "v0")) == nil
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone, "v0 outlived its peer's namespace")
        let error = try #require(throws: NetKitError.self) { try host.net.setUp("v0") }
        #expect(error.isNotFound, "\(error)")
        #expect(error.description.contains("v0"))
        #expect(try host.ip("link", "show").compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == ["lo"])
    }
}
