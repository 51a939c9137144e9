import Foundation
import NetKit
import Testing

@Suite("Namespaces")
struct NamespaceTests {
    @Test("create(named:) is ip netns add: ip netns list sees it, its inode matches, delete removes it")
    func createListDelete() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("ns")
        let ns = try Namespace.create(named: name)
        defer { try? Namespace.delete(named: name, whenInUse: .detach) }
        #expect(ns.name == name)
        #expect(try Namespace.namedNamespaces().contains(name))
        let listed = try IPTool.text(["netns", "list"])
        #expect(listed.split(separator: "\n").contains { $0.split(separator: " ").first.map(String.init) == name })
        var info = stat()
        #expect(stat("/run/netns/\(name)", &info) == 0)
        #expect(UInt64(info.st_ino) == ns.inode)
        #expect(ns.inode != (try Namespace.initial()).inode)
        // ip sees an empty namespace with only lo
        #expect(try IPTool.json(["-n", name, "-j", "link", "show"]).count == 1)

        try Namespace.delete(named: name)
        #expect(try Namespace.namedNamespaces().contains(name) == false)
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
        #expect(try IPTool.text(["netns", "list"]).contains(name) == false)
    }

    @Test("open by name, path and pid reach the same kernel namespace")
    func openVariants() throws {
        let t = try TestNamespace()
        let byName = try Namespace.open(named: t.name)
        let byPath = try Namespace.open(path: "/run/netns/\(t.name)")
        #expect(byName == t.namespace)
        #expect(byPath == t.namespace)
        let mine = try Namespace.open(pid: getpid())
        #expect(mine == (try Namespace.initial()))
        // the kernel's own answer: readlink /proc/self/ns/net
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        #expect(link == "net:[\(mine.inode)]")
    }

    @Test("an anonymous namespace exists only while it is held")
    func anonymous() throws {
        try requirePrivilege()
        var inode: UInt64 = 0
        do {
            let ns = try Namespace.anonymous()
            inode = ns.inode
            let net = try ns.netlink()
            #expect(try net.links().map(\.name) == ["lo"])
            try net.add(Bridge(name: "br0"))
            #expect(try net.link(named: "br0").kind == .bridge)
            // while held, a thread inside sees the same inode
            let seen = try ns.run { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
            #expect(seen == "net:[\(inode)]")
        }
        // gone with its last reference: no process, no name, no fd holds it
        #expect(try Namespace.namedNamespaces().allSatisfy { name in (try? Namespace.open(named: name))?.inode != inode })
        #expect(ProcessNamespaces.all().contains(inode) == false)
    }

    @Test("run and perform execute inside the namespace, never moving the caller")
    func runAndPerform() async throws {
        let t = try TestNamespace()
        let before = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
        let inside = try t.namespace.run { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
        let insideAsync = try await t.namespace.perform { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
        #expect(inside == "net:[\(t.namespace.inode)]")
        #expect(insideAsync == inside)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") == before)
        // errors thrown inside come back out
        struct Marker: Error {}
        #expect(throws: Marker.self) { try t.namespace.run { throw Marker() } }
    }

    @Test("bad names are typed errors and leave nothing behind",
          arguments: ["", "a/b", ".", "..", String(repeating: "x", count: 256)])
    func badNames(_ name: String) throws {
        try requirePrivilege()
        let error = try #require(throws: NetKitError.self) { try Namespace.create(named: name) }
        guard case .invalidInput = error.reason else {
            Issue.record("expected invalidInput, got \(error)")
            return
        }
        #expect(try Namespace.namedNamespaces().contains(name) == false)
    }

    @Test("creating an existing name is EEXIST and keeps the existing namespace")
    func duplicateName() throws {
        let t = try TestNamespace()
        let error = try #require(throws: NetKitError.self) { try Namespace.create(named: t.name) }
        #expect(error.errno == .EEXIST)
        #expect(try Namespace.open(named: t.name) == t.namespace)
    }

    @Test("opening a missing namespace, or a non-namespace path, is a clear typed error")
    func openMissing() throws {
        try requirePrivilege()
        let missing = try #require(throws: NetKitError.self) { try Namespace.open(named: "nk-missing-\(getpid())") }
        #expect(missing.errno == .ENOENT)
        #expect(missing.description.contains("nk-missing"))
        let notNS = try #require(throws: NetKitError.self) { try Namespace.open(path: "/etc/hostname") }
        guard case .invalidInput = notNS.reason else { Issue.record("\(notNS)"); return }
        #expect(notNS.description.contains("not a network namespace"))
        let deleted = try #require(throws: NetKitError.self) { try Namespace.delete(named: "nk-missing-\(getpid())") }
        #expect(deleted.isNotFound)
    }

    @Test("bad pids and paths are typed errors before anything is opened",
          arguments: [Int32(0), -1, .min])
    func badPids(pid: Int32) throws {
        let error = try #require(throws: NetKitError.self) { try Namespace.open(pid: pid) }
        guard case .invalidInput = error.reason else { Issue.record("\(error)"); return }
        #expect(error.description.contains("\(pid)"))
    }

    @Test("a pid with no process, a UTS namespace, an empty path: typed errors naming what was given")
    func wrongTargets() throws {
        try requirePrivilege()
        let noProcess = try #require(throws: NetKitError.self) { try Namespace.open(pid: .max) }
        #expect(noProcess.isNotFound, "\(noProcess)")
        // A real nsfs file of another type: this process's UTS namespace bind-mounted on a file.
        let uts = FileManager.default.temporaryDirectory.appendingPathComponent("nk-uts-\(getpid())").path
        #expect(FileManager.default.createFile(atPath: uts, contents: nil))
        defer { umount2(uts, Int32(MNT_DETACH)); unlink(uts) }
        try #require(mount("/proc/self/ns/uts", uts, "none", UInt(MS_BIND), nil) == 0)
        let otherType = try #require(throws: NetKitError.self) { try Namespace.open(path: uts) }
        #expect(otherType.description.contains("not a network namespace"), "\(otherType)")
        let empty = try #require(throws: NetKitError.self) { try Namespace.open(path: "") }
        #expect(empty.isNotFound, "\(empty)")
    }

    @Test("a symlink planted in /run/netns is not followed")
    func symlinkRefused() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("link")
        let path = "/run/netns/\(name)"
        try? FileManager.default.createDirectory(atPath: "/run/netns", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/proc/1/ns/net")
        defer { unlink(path) }
        let error = try #require(throws: NetKitError.self) { try Namespace.open(named: name) }
        #expect(error.errno == .ELOOP)
    }

    @Test("deleting a namespace a process still runs in is EBUSY; detach removes only the name")
    func deleteInUse() throws {
        let name = TestNamespace.uniqueName("busy")
        _ = try Namespace.create(named: name)
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        sleeper.arguments = ["netns", "exec", name, "sleep", "30"]
        try sleeper.run()
        defer {
            kill(sleeper.processIdentifier, SIGKILL)
            sleeper.waitUntilExit()
            try? Namespace.delete(named: name, whenInUse: .detach)
        }
        // wait until the child has entered the namespace
        let ns = try Namespace.open(named: name)
        var waited = 0
        while ns.processIDs().isEmpty && waited < 200 { usleep(10_000); waited += 1 }
        #expect(ns.processIDs().isEmpty == false)

        let error = try #require(throws: NetKitError.self) { try Namespace.delete(named: name) }
        #expect(error.errno == .EBUSY)
        #expect(error.hint?.contains("pid") == true)
        #expect(try Namespace.namedNamespaces().contains(name))

        try Namespace.delete(named: name, whenInUse: .detach)
        #expect(try Namespace.namedNamespaces().contains(name) == false)
        #expect(ns.processIDs().isEmpty == false)  // the namespace lives on with its process
    }

    @Test("a handle keeps working after its namespace's name is deleted")
    func handleOutlivesName() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("gone")
        let ns = try Namespace.create(named: name)
        let net = try ns.netlink()
        try Namespace.delete(named: name)
        try net.add(Bridge(name: "br0"))
        #expect(try net.link(named: "br0").kind == .bridge)
    }
}

/// Every net namespace inode any thread of any process is in.
enum ProcessNamespaces {
    static func all() -> Set<UInt64> {
        var result = Set<UInt64>()
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return result }
        for pid in pids where Int(pid) != nil {
            guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { continue }
            for tid in tasks {
                var info = stat()
                if stat("/proc/\(pid)/task/\(tid)/ns/net", &info) == 0 { result.insert(UInt64(info.st_ino)) }
            }
        }
        return result
    }
}
