import Foundation
import NetKit
import NetKitTestSupport
import Testing

/// The handle as the one entry point of a namespace: its ping, events, run/perform and sysctls
/// act in the handle's namespace, cross-checked with `ip` and `/proc/sys` read from inside.
@Suite("NetlinkHandle as the namespace's entry point")
struct HandleEntryPointTests {
    @Test("the named constructors give a handle and a namespace whose name is not optional; the origin carries it too")
    func namedOrigin() throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("ep")
        let net = try Namespace.createWithNetlink(named: name)
        defer { try? Namespace.delete(named: name, whenInUse: .detach) }
        guard case .named(let named) = net.origin else {
            Issue.record("origin is \(net.origin), not .named")
            return
        }
        #expect(named == name)
        // `name` is a String on the handle and namespace the named constructors return.
        let handleName: String = net.name
        #expect(handleName == name)
        #expect((net.namespace as? NamedNamespace)?.name == name)
        let opened = try Namespace.open(named: name)
        let openedName: String = opened.name
        #expect(openedName == name && opened.origin == .named(name) && opened == net.namespace)
        let reopened: NamedNetlinkHandle = try opened.netlink()
        #expect(reopened.name == name)
        // Anonymous and process namespaces stay plain values, told apart by their origin.
        let anonymous = try Namespace.anonymous().netlink()
        #expect(anonymous.origin == .anonymous)
        #expect(!(anonymous is NamedNetlinkHandle) && !(anonymous.namespace is NamedNamespace))
        #expect(!(try Namespace.initial() is NamedNamespace))
    }

    @Test("sysctls through the handle are the namespace's: set, read back, and seen by a thread inside")
    func sysctls() throws {
        let t = try TestNamespace("ep")
        try t.net.setSysctl(.ipForward(.ipv4), to: true)
        #expect(try t.net.sysctl(.ipForward(.ipv4)) == true)
        try t.net.setSysctl("net.ipv4.conf.all.arp_ignore", to: "2")
        #expect(try t.net.sysctl("net/ipv4/conf/all/arp_ignore") == "2")
        let inside = try IPTool.run(
            ["--net=/run/netns/\(t.name)", "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore"],
            tool: "/usr/bin/nsenter")
        #expect(inside.output.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test("run and perform through the handle execute inside its namespace")
    func runAndPerform() async throws {
        let t = try TestNamespace("ep")
        let inode = t.net.namespace.inode
        let blocking = try t.net.run { () throws -> UInt64 in try Self.threadNamespaceInode() }
        #expect(blocking == inode)
        let awaited = try await t.net.perform { () throws -> UInt64 in try Self.threadNamespaceInode() }
        #expect(awaited == inode)
        #expect(try Self.threadNamespaceInode() != inode)
    }

    @Test("ping through the handle, blocking and async, answers from the namespace's own loopback")
    func ping() async throws {
        let t = try TestNamespace("ep")
        try await t.net.addAddress(InterfaceAddress("10.78.0.1/32", dev: "lo"))
        let blocking = try Self.blockingPing(t.net, "10.78.0.1")
        #expect(blocking.received == 1)
        let awaited = try await t.net.ping("10.78.0.1", count: 1, timeout: .seconds(2))
        #expect(awaited.received == 1)
        // Not reachable from another namespace: the probe ran in t's.
        let other = try TestNamespace("ep")
        #expect(throws: NetKitError.self) { try other.net.ping("10.78.0.1", count: 1, timeout: .milliseconds(300)) }
    }

    @Test("events through the handle report a change made in its namespace")
    func events() async throws {
        let t = try TestNamespace("ep")
        let collector = EventCollector(try t.net.events(.links))
        try await t.net.add(Bridge(name: "epbr0"))
        let seen = await collector.wait { events in
            events.contains { if case .linkAdded(let link) = $0 { link.name == "epbr0" } else { false } }
        }
        await collector.cancel()
        #expect(seen)
    }

    /// The blocking form (an async caller would pick the async overload).
    private static func blockingPing(_ net: NetlinkHandle, _ destination: IPAddress) throws -> PingResult {
        try net.ping(destination, count: 1, timeout: .seconds(2))
    }

    private static func threadNamespaceInode() throws -> UInt64 {
        var info = stat()
        guard stat("/proc/thread-self/ns/net", &info) == 0 else { throw POSIXError(.ENOENT) }
        return UInt64(info.st_ino)
    }
}
