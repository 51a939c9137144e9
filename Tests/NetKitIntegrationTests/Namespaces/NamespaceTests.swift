import Foundation
import NetKit
import NetKitTestSupport
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
        // ip sees an empty namespace: lo (and the kernel's fallback devices) only
        #expect(
            try IPTool.json(["-n", name, "-j", "link", "show"]).compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == [
                "lo"
            ])

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

    @Test("an anonymous namespace lives while the value, a NetlinkHandle or a socket made inside holds it, and is destroyed with the last")
    func anonymous() async throws {
        let host = try TestNamespace("an")
        var inode: UInt64 = 0
        var handle: NetlinkHandle?
        var socketInside: Int32 = -1
        do {
            let ns = try Namespace.anonymous()
            inode = ns.inode
            let net = try ns.netlink()
            await #expect(try net.links().map(\.name).withoutKernelFallbackDevices == ["lo"])
            // A veth pair across: v0 in the test's namespace dies when the anonymous one does.
            try await host.net.add(VethPair(name: "v0", peerName: "p0", peerNamespace: ns))
            try await net.addAddress(InterfaceAddress("10.77.0.1/24", dev: "p0"))
            try await net.setUp("p0")
            // While held, a thread inside sees the same inode.
            let seen = try ns.run { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
            #expect(seen == "net:[\(inode)]")
            // An ordinary socket follows the thread that makes it: this one belongs to the namespace.
            socketInside = try ns.run { socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            handle = net
        }
        try #require(socketInside >= 0)
        defer { if socketInside >= 0 { close(socketInside) } }

        // 1. The value is gone; the handle holds the namespace (by design: it keeps its Namespace).
        await #expect(try handle?.links().map(\.name).withoutKernelFallbackDevices.sorted() == ["lo", "p0"])
        #expect(OpenDescriptors.namespaceInodes().contains(inode))
        handle = nil

        // 2. NetKit holds nothing now: no descriptor of this process, no thread anywhere, no
        // mount refers to the namespace. The kernel still keeps it for the socket made inside:
        // binding to p0's address works, and only that namespace has it.
        #expect(OpenDescriptors.namespaceInodes().contains(inode) == false)
        #expect(ProcessNamespaces.all().contains(inode) == false)
        #expect(MountTable.mounts(ofNamespace: inode).isEmpty)
        #expect(Self.bindSocket(socketInside, to: "10.77.0.1") == 0, "errno \(errno): the namespace is gone although a socket holds it")
        await #expect(try host.net.link(named: "v0").kind == .veth)

        // 3. The last holder goes: the kernel destroys the namespace (asynchronously), and p0
        // with it, which takes v0 along. Had NetKit leaked the handle's netlink socket, it
        // would hold the namespace the same way and v0 would stay.
        close(socketInside)
        socketInside = -1
        var gone = false
        for _ in 0..<500 where !gone {
            gone = await (try? host.net.link(named: "v0")) == nil
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone, "v0 outlived the anonymous namespace: something still holds net:[\(inode)]")
        #expect(try host.ip("link", "show").compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == ["lo"])
        // (No check that no named namespace has this inode: the kernel reuses a destroyed
        // namespace's inode number, and concurrent tests create namespaces all the time.)
    }

    /// `bind(fd, ADDRESS:0)`: 0, or -1 with errno (`EADDRNOTAVAIL` where the address is not local).
    static func bindSocket(_ fd: Int32, to address: String) -> Int32 {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else { return -1 }
        return withUnsafePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    @Test("run and perform execute inside the namespace, never moving the caller")
    func runAndPerform() async throws {
        let t = try TestNamespace()
        let before = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
        let inside = try t.namespace.run { try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") }
        let insideAsync = try await t.namespace.perform {
            try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
        }
        #expect(inside == "net:[\(t.namespace.inode)]")
        #expect(insideAsync == inside)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net") == before)
        // errors thrown inside come back out
        struct Marker: Error {}
        #expect(throws: Marker.self) { try t.namespace.run { throw Marker() } }
    }

    /// Bad names, each with the words its error must contain. Unusual prefixes, so that nothing
    /// another test makes could be mistaken for a leftover of these.
    static let invalidNames = ["", "nkbad/b", ".", "..", "nkbad" + String(repeating: "x", count: 251)]
    static let invalidNameProblems = [
        "must not be empty", "contains '/'", "is not a valid namespace name",
        "is not a valid namespace name", "is 256 bytes; a namespace name is at most 255 bytes (NAME_MAX)",
    ]

    @Test(
        "bad names are typed errors that say what is wrong — for create, open and delete — and change nothing under /run/netns or in the mount table",
        arguments: zip(invalidNames, invalidNameProblems))
    func badNames(_ name: String, problem: String) throws {
        // A namespace of our own first, so /run/netns is already a shared mount and its entry
        // in the mount table cannot change because of another test's first create.
        let anchor = try TestNamespace("bn")
        // Everything a bad name could touch: /run/netns/NAME, its first component, /run/netns
        // itself and /run (where "." and ".." lead).
        let paths = Set(["/run/netns/\(name)", "/run/netns/\(name.split(separator: "/").first ?? "")", "/run/netns", "/run"])
        func snapshot() -> [String: [String]] {
            var state: [String: [String]] = [:]
            for path in paths {
                state["exists " + path] = [FileManager.default.fileExists(atPath: path) ? "yes" : "no"]
                state["mounts " + path] = MountTable.entries(at: path).map { "\($0.fileSystem) \($0.root)" }.sorted()
            }
            state["listed"] = try? Namespace.namedNamespaces().filter { $0.hasPrefix("nkbad") || $0 == name }
            return state
        }
        let before = snapshot()
        #expect(before["exists /run/netns"] == ["yes"])

        let attempts: [(operation: String, call: () throws -> Void)] = [
            ("ip netns add", { _ = try Namespace.create(named: name) }),
            ("ip netns add", { _ = try Namespace.createWithNetlink(named: name) }),
            ("open netns", { _ = try Namespace.open(named: name) }),
            ("ip netns del", { try Namespace.delete(named: name) }),
            ("ip netns del", { try Namespace.delete(named: name, whenInUse: .detach) }),
        ]
        for attempt in attempts {
            let error = try #require(throws: NetKitError.self) { try attempt.call() }
            guard case .invalidInput(let why) = error.reason else {
                Issue.record("\(attempt.operation): expected invalidInput, got \(error)")
                continue
            }
            #expect(why.contains(problem), "\(attempt.operation): \(error)")
            #expect(error.description.hasPrefix(attempt.operation), "\(error)")
            #expect(error.description.contains("invalid input: "), "\(error)")
        }
        #expect(snapshot() == before)
        #expect(try IPTool.text(["netns", "list"]).contains("nkbad") == false)
        #expect(try Namespace.open(named: anchor.name) == anchor.namespace)
    }

    @Test("a 255-byte name (NAME_MAX, the limit) is valid: created, listed by ip netns list, opened, mounted once, deleted")
    func longestName() throws {
        try requirePrivilege()
        // nk<tag>-<pid>-<n>, the tag padded: a crashed run's leftover is still reaped by the next.
        let base = TestNamespace.uniqueName("m")
        let name = "nkm" + String(repeating: "x", count: 255 - base.utf8.count) + base.dropFirst(3)
        try #require(name.utf8.count == 255)
        let ns = try Namespace.create(named: name)
        defer { try? Namespace.delete(named: name, whenInUse: .detach) }
        #expect(ns.name == name)
        #expect(try Namespace.namedNamespaces().contains(name))
        #expect(try IPTool.text(["netns", "list"]).split(separator: "\n").contains { $0.hasPrefix(name) })
        #expect(try Namespace.open(named: name) == ns)
        #expect(MountTable.entries(at: "/run/netns/\(name)").count == 1)
        #expect(
            try IPTool.json(["-n", name, "-j", "link", "show"]).compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == [
                "lo"
            ])
        try Namespace.delete(named: name)
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
        #expect(MountTable.entries(at: "/run/netns/\(name)").isEmpty)
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
        // Deleting one reads as the `ip netns del` it is, whichever policy.
        for policy in [Namespace.InUsePolicy.fail, .detach] {
            let name = "nk-missing-\(getpid())"
            let deleted = try #require(throws: NetKitError.self) { try Namespace.delete(named: name, whenInUse: policy) }
            #expect(deleted.errno == .ENOENT, "\(deleted)")
            #expect(deleted.operation.command == "ip netns del", "\(deleted)")
            #expect(deleted.object == name)
            #expect(deleted.hint == "no namespace named \(name)", "\(deleted)")
            #expect(deleted.description.hasPrefix("ip netns del \(name): "), "\(deleted)")
            #expect(deleted.description.hasSuffix("— hint: no namespace named \(name)"), "\(deleted)")
        }
    }

    @Test(
        "bad pids and paths are typed errors before anything is opened",
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
