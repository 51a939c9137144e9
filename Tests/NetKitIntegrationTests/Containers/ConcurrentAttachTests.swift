import Foundation
@testable import NetKit
import Synchronization
import Testing

/// Two attaches to one bridge at once, the first failing: its rollback must not delete the
/// bridge it created once the second is using it, and the second's pod must stay connected.
@Suite("Containers: concurrent attaches and bridge rollback")
struct ConcurrentAttachTests {
    private struct InjectedFailure: Error {}

    private static func interface(_ pod: TestNamespace, host: String, address: String) throws -> ContainerInterface {
        try ContainerInterface(
            hostName: InterfaceName(parsing: host), in: pod.namespace,
            addresses: [IPNetwork(parsing: address)],
            routes: [Route(.defaultRoute(.ipv4), via: "10.23.0.1")],
            bridge: BridgeAttachment(Bridge(name: "cni0"), addresses: [IPNetwork(parsing: "10.23.0.1/24")]))
    }

    private func expectConnected(
        _ node: TestNamespace, _ pod: TestNamespace, host: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let hostEnd = try #require(try node.ip("link", "show", host).first, sourceLocation: sourceLocation)
        #expect(hostEnd["master"] as? String == "cni0", "\(hostEnd)", sourceLocation: sourceLocation)
        let reply = try pod.namespace.ping("10.23.0.1", count: 1, timeout: .seconds(5))
        #expect(reply.received == 1, "the pod reaches its gateway on the bridge: \(reply)", sourceLocation: sourceLocation)
    }

    @Test("a second attach completes while the first (which created the bridge) is still running; the first then fails: the bridge stays")
    func completedSecondAttachKeepsBridge() throws {
        let node = try TestNamespace("ka")
        let podA = try TestNamespace("kpa"), podB = try TestNamespace("kpb")
        let a = try Self.interface(podA, host: "vetha", address: "10.23.0.5/24")
        let b = try Self.interface(podB, host: "vethb", address: "10.23.0.6/24")
        #expect(throws: NetKitError.self) {
            _ = try node.net.attach(
                a,
                after: { step in
                    if step == .bridgeReady { _ = try node.net.attach(b) }
                    if step == .vethCreated { throw InjectedFailure() }
                })
        }
        #expect(!(try node.ip("link", "show").contains { $0["ifname"] as? String == "vetha" }), "the failed attach's veth is gone")
        try expectConnected(node, podB, host: "vethb")
    }

    @Test("the first attach fails while the second has found the bridge but not joined it yet: the second still connects")
    func inFlightSecondAttachKeepsBridge() throws {
        let node = try TestNamespace("kb")
        let podA = try TestNamespace("kqa"), podB = try TestNamespace("kqb")
        let a = try Self.interface(podA, host: "vetha", address: "10.23.0.5/24")
        let b = try Self.interface(podB, host: "vethb", address: "10.23.0.6/24")
        let bFoundBridge = DispatchSemaphore(value: 0), aFinished = DispatchSemaphore(value: 0), bFinished = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<AttachedContainerInterface, any Error>?>(nil)
        let net = node.net
        let second = Thread {
            let result = Result {
                try net.attach(
                    b,
                    after: { step in
                        if step == .bridgeReady {
                            bFoundBridge.signal()
                            _ = aFinished.wait(timeout: .now() + 60)
                        }
                    })
            }
            outcome.withLock { $0 = result }
            bFinished.signal()
        }
        #expect(throws: NetKitError.self) {
            _ = try node.net.attach(
                a,
                after: { step in
                    if step == .vethCreated {
                        second.start()
                        _ = bFoundBridge.wait(timeout: .now() + 60)
                        throw InjectedFailure()
                    }
                })
        }
        aFinished.signal()
        try #require(bFinished.wait(timeout: .now() + 60) == .success, "the second attach finished")
        let result = try #require(outcome.withLock { $0 })
        #expect(throws: Never.self) { _ = try result.get() }
        try expectConnected(node, podB, host: "vethb")
    }

    @Test("a bridge claim deletes only an unused bridge: not while another claim is held, not with a port")
    func claimDeletesOnlyUnusedBridge() throws {
        let node = try TestNamespace("kc")
        let first = try BridgeClaim(bridge: "cni0", on: node.net)
        try node.net.add(Bridge(name: "cni0"))
        let index = try node.net.link(named: "cni0").index
        let second = try BridgeClaim(bridge: "cni0", on: node.net)
        #expect(try first.deleteIfUnused(index: index) == false, "another claim is held")
        #expect(!first.isHeld, "a claim that lost the race holds nothing")
        #expect((try? node.net.link(named: "cni0")) != nil)
        second.release()

        let third = try BridgeClaim(bridge: "cni0", on: node.net)
        try node.net.add(VethPair(name: "vp0", peerName: "vp1"))
        try node.net.setMaster("vp0", to: "cni0")
        #expect(try third.deleteIfUnused(index: index) == false, "it has a port")
        third.release()
        try node.net.deleteLink("vp0")
        let fourth = try BridgeClaim(bridge: "cni0", on: node.net)
        #expect(try fourth.deleteIfUnused(index: index) == true)
        #expect((try? node.net.link(named: "cni0")) == nil)
        #expect(
            !FileManager.default.fileExists(atPath: BridgeClaim.directory + "/\(node.namespace.inode).cni0"),
            "the lock file went with the bridge")
    }
}
