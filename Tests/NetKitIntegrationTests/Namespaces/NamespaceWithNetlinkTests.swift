import Foundation
@testable import NetKit
import NetKitTestSupport
import Synchronization
import Testing

/// `Namespace.createWithNetlink(named:)`: `ip netns add` and a handle inside the new namespace
/// on one NetKit thread (NetKit's reusable namespace worker), checked against what iproute2 and
/// the kernel's `/proc` files see.
@Suite("Namespace with its netlink handle")
struct NamespaceWithNetlinkTests {
    @Test("the namespace is ip netns add's: listed, mounted shared on /run/netns/NAME, seen by ip -n")
    func createdLikeIPNetnsAdd() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("nl")
        let net = try Namespace.createWithNetlink(named: name)
        defer { try? Namespace.delete(named: name, whenInUse: .detach) }
        let ns = net.namespace
        #expect(net.name == name)
        #expect(ns.inode != (try Namespace.initial()).inode)

        let listed = try IPTool.text(["netns", "list"])
        #expect(listed.split(separator: "\n").contains { $0.split(separator: " ").first.map(String.init) == name })
        var info = stat()
        #expect(stat("/run/netns/\(name)", &info) == 0)
        #expect(UInt64(info.st_ino) == ns.inode)

        // One nsfs bind mount of this namespace on /run/netns/NAME, in a shared peer group, and
        // /run/netns itself shared — the propagation `ip netns add` sets up.
        let mounts = MountTable.entries(at: "/run/netns/\(name)")
        #expect(mounts.count == 1)
        #expect(mounts.first?.root == "net:[\(ns.inode)]")
        #expect(mounts.first?.fileSystem == "nsfs")
        #expect(mounts.first?.isShared == true)
        #expect(MountTable.entries(at: "/run/netns").last?.isShared == true)

        // ip sees a fresh namespace: lo only, down.
        let links = try IPTool.json(["-n", name, "-j", "link", "show"])
        #expect(links.compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == ["lo"])
    }

    @Test("the handle acts inside the new namespace, and nowhere else")
    func handleActsInside() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("nl")
        let net = try Namespace.createWithNetlink(named: name)
        defer { try? Namespace.delete(named: name, whenInUse: .detach) }
        try net.setUp("lo")
        try net.add(VethPair(name: "nlw0", peerName: "nlw1"))
        try net.addAddress(InterfaceAddress("10.77.0.1/24", dev: "nlw0"))

        let links = try IPTool.json(["-n", name, "-j", "link", "show"])
        #expect(Set(links.compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices) == ["lo", "nlw0", "nlw1"])
        let lo = links.first { $0["ifname"] as? String == "lo" }
        #expect((lo?["flags"] as? [String])?.contains("UP") == true)
        let addresses = try IPTool.json(["-n", name, "-j", "-4", "addr", "show", "dev", "nlw0"])
        let local = (addresses.first?["addr_info"] as? [[String: Any]])?.first?["local"] as? String
        #expect(local == "10.77.0.1")
        // The handle's own view agrees, and the process's namespace has no such link.
        #expect(Set(try net.links().map(\.name).withoutKernelFallbackDevices) == ["lo", "nlw0", "nlw1"])
        let host = try Namespace.initial().netlink()
        #expect(try host.links().contains { $0.name == "nlw0" } == false)
    }

    @Test("a failure after the mount leaves no /run/netns entry, no mount and no namespace")
    func failureHalfwayLeavesNothing() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("nlf")
        // What the worker thread saw: its namespace, and whether the bind mount was there; and a
        // descriptor of that namespace, the test's own, which keeps it alive until the checks
        // are done. The kernel hands a destroyed namespace's inode number to the next one made,
        // perhaps by a concurrent test, so the inode names this namespace only while it lives.
        let seen = Mutex<(inode: UInt64, mounted: Bool, fd: Int32)>((0, false, -1))
        // The real creation path, failing where opening the socket would: after unshare,
        // after the bind mount, inside the new namespace.
        #expect(throws: NetKitError.self) {
            try NamespaceDirectory.create(named: name) { () throws(NetKitError) -> Void in
                var info = stat()
                let inode = stat("/proc/thread-self/ns/net", &info) == 0 ? UInt64(info.st_ino) : 0
                let mounted = !MountTable.entries(at: "/run/netns/\(name)").isEmpty
                let fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                seen.withLock { $0 = (inode, mounted, fd) }
                throw NetKitError(.system(.ENOBUFS), operation: "socket")
            }
        }
        let (inode, mounted, held) = seen.withLock { $0 }
        #expect(held >= 0, "the test's descriptor of the half-made namespace")
        defer { if held >= 0 { close(held) } }
        #expect(mounted, "the failure came after the bind mount")
        let initial = try Namespace.initial().inode
        #expect(inode != 0 && inode != initial)
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
        #expect(MountTable.entries(at: "/run/netns/\(name)").isEmpty)
        #expect(try Namespace.namedNamespaces().contains(name) == false)
        #expect(try IPTool.text(["netns", "list"]).contains(name) == false)
        // Nothing but the test's descriptor holds the half-made namespace: no thread is in it, no
        // other descriptor refers to it, nothing mounts it.
        #expect(ProcessNamespaces.all().contains(inode) == false)
        #expect(OpenDescriptors.holding(namespace: inode) == [held])
        #expect(MountTable.mounts(ofNamespace: inode).isEmpty)
        // The name is free again.
        let net = try Namespace.createWithNetlink(named: name)
        defer { try? Namespace.delete(named: name, whenInUse: .detach) }
        #expect(net.name == name)
    }

    @Test("an existing name is EEXIST and leaves the existing namespace and its one mount alone")
    func existingName() throws {
        let t = try TestNamespace("nle")
        let error = try #require(throws: NetKitError.self) { try Namespace.createWithNetlink(named: t.name) }
        #expect(error.errno == .EEXIST)
        #expect(try Namespace.open(named: t.name) == t.namespace)
        #expect(MountTable.entries(at: "/run/netns/\(t.name)").count == 1)
        let invalid = try #require(throws: NetKitError.self) { try Namespace.createWithNetlink(named: "a/b") }
        guard case .invalidInput = invalid.reason else {
            Issue.record("expected invalidInput, got \(invalid)")
            return
        }
    }

    @Test("after many creations, sequential and concurrent, every thread is back in the initial namespace")
    func threadsReturnHome() async throws {
        try requirePrivilege()
        var names: [String] = []
        defer { for name in names { try? Namespace.delete(named: name, whenInUse: .detach) } }
        for _ in 0..<20 {
            let name = TestNamespace.uniqueName("nlt")
            names.append(name)
            let net = try Namespace.createWithNetlink(named: name)
            try await net.setUp("lo")
        }
        let concurrent = (0..<16).map { _ in TestNamespace.uniqueName("nlt") }
        names += concurrent
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in concurrent {
                group.addTask {
                    let net = try Namespace.createWithNetlink(named: name)
                    try net.setUp("lo")
                    // A handle opened afterwards goes through the same reusable thread.
                    #expect(try net.namespace.netlink().link(named: "lo").flags.contains(.up))
                }
            }
            try await group.waitForAll()
        }
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
        // NetKit's idle worker, if one is waiting, is checked like any thread: it must be home.
        let initial = try Namespace.initial().inode
        for tid in ProcessScan.threadNamespaces().keys where ProcessScan.threadName(tid) == NamespaceWorker.idleName {
            let inode = ProcessScan.threadNamespace(tid)
            // Still idle after reading its namespace: the reading was of an idle thread.
            guard ProcessScan.threadName(tid) == NamespaceWorker.idleName, let inode else { continue }
            #expect(inode == initial, "idle NetKit worker \(tid) is in net:[\(inode)]")
        }
    }
}

/// `Namespace.createWithNetlink(named: [String])`: many namespaces and their handles on one
/// NetKit thread hand-off, all or nothing.
@Suite("Namespaces with their netlink handles, many at once")
struct NamespaceBatchWithNetlinkTests {
    @Test("every namespace is ip netns add's, and each handle acts in its own namespace")
    func createsAll() throws {
        try requirePrivilege()
        let names = (0..<5).map { _ in TestNamespace.uniqueName("nlb") }
        let handles = try Namespace.createWithNetlink(named: names)
        defer { for name in names { try? Namespace.delete(named: name, whenInUse: .detach) } }
        #expect(handles.map(\.name) == names)
        #expect(Set(handles.map(\.namespace.inode)).count == names.count)
        let listed = Set(
            try IPTool.text(["netns", "list"]).split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        for (i, net) in handles.enumerated() {
            #expect(listed.contains(names[i]))
            #expect(MountTable.entries(at: "/run/netns/\(names[i])").map(\.root) == ["net:[\(net.namespace.inode)]"])
            try net.add(VethPair(name: InterfaceName(parsing: "b\(i)a"), peerName: InterfaceName(parsing: "b\(i)b")))
        }
        for (i, name) in names.enumerated() {
            let links = Set(
                try IPTool.json(["-n", name, "-j", "link", "show"]).compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices)
            #expect(links == ["lo", "b\(i)a", "b\(i)b"])
        }
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }

    @Test("a taken name in the middle fails the whole call with EEXIST and leaves nothing of it behind")
    func takenNameLeavesNothing() throws {
        let existing = try TestNamespace("nlb")
        let before = (0..<3).map { _ in TestNamespace.uniqueName("nlb") }
        let after = (0..<3).map { _ in TestNamespace.uniqueName("nlb") }
        defer { for name in before + after { try? Namespace.delete(named: name, whenInUse: .detach) } }
        let error = try #require(throws: NetKitError.self) {
            try Namespace.createWithNetlink(named: before + [existing.name] + after)
        }
        #expect(error.errno == .EEXIST)
        #expect(error.description.contains(existing.name))
        for name in before + after {
            #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
            #expect(MountTable.entries(at: "/run/netns/\(name)").isEmpty)
        }
        // The namespace that was there is untouched: same inode, still mounted once.
        #expect(try Namespace.open(named: existing.name) == existing.namespace)
        #expect(MountTable.entries(at: "/run/netns/\(existing.name)").count == 1)
    }

    @Test("a failure inside the third new namespace removes the two made before it")
    func failureInsideUndoesEarlierOnes() throws {
        try requirePrivilege()
        let names = (0..<4).map { _ in TestNamespace.uniqueName("nlb") }
        defer { for name in names { try? Namespace.delete(named: name, whenInUse: .detach) } }
        // Each call's namespace, and the test's own descriptor of it: it keeps the namespace, and
        // so its inode number, from going to another namespace until the checks are done.
        let calls = Mutex<[(inode: UInt64, fd: Int32)]>([])
        #expect(throws: NetKitError.self) {
            try NamespaceDirectory.create(named: names) { () throws(NetKitError) -> Void in
                var info = stat()
                let inode = stat("/proc/thread-self/ns/net", &info) == 0 ? UInt64(info.st_ino) : 0
                let fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                let count = calls.withLock {
                    $0.append((inode, fd)); return $0.count
                }
                if count == 3 { throw NetKitError(.system(.ENOBUFS), operation: "socket") }
            }
        }
        let held = calls.withLock { $0 }
        defer { for call in held where call.fd >= 0 { close(call.fd) } }
        let inodes = held.map(\.inode)
        #expect(inodes.count == 3)
        #expect(Set(inodes).count == 3, "each call ran in a namespace of its own")
        for name in names {
            #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
            #expect(MountTable.entries(at: "/run/netns/\(name)").isEmpty)
        }
        #expect(ProcessNamespaces.all().isDisjoint(with: inodes), "no thread is in the namespaces made before the failure")
        for call in held {
            #expect(call.fd >= 0)
            #expect(OpenDescriptors.holding(namespace: call.inode) == [call.fd], "only the test's descriptor holds net:[\(call.inode)]")
            #expect(MountTable.mounts(ofNamespace: call.inode).isEmpty)
        }
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }

    @Test("a name given twice is refused before anything is made")
    func duplicateNames() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("nlb")
        let other = TestNamespace.uniqueName("nlb")
        let error = try #require(throws: NetKitError.self) { try Namespace.createWithNetlink(named: [other, name, name]) }
        guard case .invalidInput = error.reason else {
            Issue.record("expected invalidInput, got \(error)")
            return
        }
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(other)") == false)
        #expect(try Namespace.createWithNetlink(named: []).isEmpty)
    }
}
