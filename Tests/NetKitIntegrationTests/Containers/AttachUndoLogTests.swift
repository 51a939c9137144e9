import Foundation
import NetKit
import Synchronization
import Testing

/// `attach(_:claim:undo:)`: attach as one step of a caller's operation, its changes recorded in
/// the caller's `RollbackLog` and undone only when the caller rolls the log back — the path a
/// CNI plugin's `ADD` takes. Checked against `ip -j` snapshots of the test's namespaces.
@Suite("Containers: attach into the caller's undo log")
struct AttachUndoLogTests {
    private static func interface(_ pod: TestNamespace, routes: [Route] = []) throws -> ContainerInterface {
        try ContainerInterface(
            hostName: "veth0u", in: pod.namespace, addresses: [IPNetwork(parsing: "10.27.0.5/24")], routes: routes,
            bridge: BridgeAttachment(Bridge(name: "cni0"), addresses: [IPNetwork(parsing: "10.27.0.1/24")], promiscuous: true))
    }

    private static func promiscuous(_ node: TestNamespace) throws -> Bool {
        (try node.ip("link", "show", "cni0").first?["flags"] as? [String])?.contains("PROMISC") == true
    }

    @Test("a successful attach leaves its undo in the caller's log, after the caller's own step; rollBack undoes both, newest first")
    func successThenCallerRollsBack() throws {
        let node = try TestNamespace("cu"), pod = try TestNamespace("cv")
        try node.net.add(Bridge(name: "cni0"))  // there before: down, not promiscuous, no address
        let nodeBefore = try PartialFailureTests.snapshot(node), podBefore = try PartialFailureTests.snapshot(pod)
        let order = Mutex<[String]>([])
        var log = RollbackLog()
        log.record("the caller's own step") { order.withLock { $0.append("caller") } }
        let claim = try BridgeClaim(bridge: "cni0", on: node.net)
        let attached = try node.net.attach(try Self.interface(pod), claim: claim, undo: &log)
        log.record("the caller's later step") { order.withLock { $0.append("later") } }
        #expect(attached.host.masterName == "cni0")
        #expect(try Self.promiscuous(node))

        #expect(log.rollBack() == [], "every step undone")
        #expect(order.withLock { $0 } == ["later", "caller"], "newest first: attach's steps ran between the two")
        #expect(try PartialFailureTests.snapshot(node) == nodeBefore, "the veth is gone; cni0 down and without 10.27.0.1 again")
        #expect(try PartialFailureTests.snapshot(pod) == podBefore)
        #expect(try !Self.promiscuous(node))
        claim.release()
    }

    @Test("a failed attach undoes nothing itself (the pair is still there); the caller's rollBack removes it and the bridge it made")
    func failureLeavesUndoToCaller() throws {
        let node = try TestNamespace("cu"), pod = try TestNamespace("cv")
        let nodeBefore = try PartialFailureTests.snapshot(node), podBefore = try PartialFailureTests.snapshot(pod)
        var log = RollbackLog()
        let interface = try Self.interface(pod, routes: [Route(.defaultRoute(.ipv4), via: "192.0.2.1")])  // off-link
        let error = try #require(throws: NetKitError.self) { _ = try node.net.attach(interface, undo: &log) }
        #expect(error.errno == .ENETUNREACH, "\(error)")
        #expect(error.hint?.contains("undone") != true, "attach did not undo anything: \(error)")
        let names = try node.ip("link", "show").compactMap { $0["ifname"] as? String }
        #expect(names.contains("veth0u") && names.contains("cni0"), "\(names)")

        #expect(log.rollBack() == [])
        #expect(try PartialFailureTests.snapshot(node) == nodeBefore, "veth0u and the cni0 this attach created are gone")
        #expect(try PartialFailureTests.snapshot(pod) == podBefore)
    }

    @Test(
        "with the caller's container handle: the same links, the steps in the caller's log; a handle of another namespace is refused first")
    func callersContainerHandle() throws {
        let node = try TestNamespace("cu"), pod = try TestNamespace("cv")
        let nodeBefore = try PartialFailureTests.snapshot(node), podBefore = try PartialFailureTests.snapshot(pod)
        var log = RollbackLog()
        let refused = try #require(throws: NetKitError.self) {
            try node.net.attach(try Self.interface(pod), container: node.net, undo: &log)
        }
        #expect("\(refused)".contains("container handle"), "\(refused)")
        #expect(try PartialFailureTests.snapshot(node) == nodeBefore, "nothing was sent")

        try node.net.attach(try Self.interface(pod), container: pod.net, undo: &log)
        #expect(try node.net.link(named: "veth0u").masterName == "cni0")
        let address = try pod.ip("-4", "addr", "show", "eth0").first?["addr_info"] as? [[String: Any]]
        #expect(address?.first?["local"] as? String == "10.27.0.5", "the container end's address went through the caller's handle")
        #expect(log.rollBack() == [])
        #expect(try PartialFailureTests.snapshot(node) == nodeBefore)
        #expect(try PartialFailureTests.snapshot(pod) == podBefore)
    }

    @Test("the async form records into the caller's log the same way")
    func asyncForm() async throws {
        let node = try TestNamespace("cu"), pod = try TestNamespace("cv")
        let nodeBefore = try PartialFailureTests.snapshot(node)
        var log = RollbackLog()
        let attached = try await node.net.attach(try Self.interface(pod), undo: &log)
        #expect(attached.container.name == "eth0")
        #expect(try node.ip("link", "show", "veth0u").first?["master"] as? String == "cni0")
        #expect(log.rollBack() == [])
        let nodeAfter = try PartialFailureTests.snapshot(node)
        #expect(
            nodeAfter == nodeBefore,
            "left: \(nodeAfter.filter { !nodeBefore.contains($0) }), gone: \(nodeBefore.filter { !nodeAfter.contains($0) })")
    }

    @Test("a claim on another bridge is refused before any request")
    func claimOnAnotherBridge() throws {
        let node = try TestNamespace("cu"), pod = try TestNamespace("cv")
        let nodeBefore = try PartialFailureTests.snapshot(node)
        let claim = try BridgeClaim(bridge: "cni1", on: node.net)
        var log = RollbackLog()
        let error = try #require(throws: NetKitError.self) { _ = try node.net.attach(try Self.interface(pod), claim: claim, undo: &log) }
        #expect(error.reason.isInvalidInput && error.description.contains("cni1"), "\(error)")
        #expect(log.rollBack() == [])
        #expect(try PartialFailureTests.snapshot(node) == nodeBefore)
        claim.release()
    }
}
