import Foundation
import NetKit
import Testing

@Suite("Waiting for a link's carrier")
struct WaitForLinkTests {
    /// `veth1`/`veth1_p` in `ns`, with the given ends set up.
    private func makePair(in ns: TestNamespace, up ends: [InterfaceName]) throws {
        try ns.net.add(VethPair(name: "veth1", peerName: "veth1_p"))
        for end in ends { try ns.net.setUp(end) }
    }

    /// The flags and operstate `ip -j link show dev NAME` reports.
    private func ipState(_ ns: TestNamespace, _ name: String) throws -> (flags: [String], state: String?) {
        let link = try ns.ip("link", "show", "dev", name).first
        return ((link?["flags"] as? [String]) ?? [], link?["operstate"] as? String)
    }

    @Test("a veth pair set up: the blocking wait for carrier returns the link with LOWER_UP, as ip shows it")
    func carrierAfterSetUp() throws {
        let ns = try TestNamespace()
        try makePair(in: ns, up: ["veth1", "veth1_p"])
        let link = try ns.net.waitForLink("veth1", until: .carrier, timeout: .seconds(10))
        #expect(link.flags.isSuperset(of: [.up, .lowerUp]))
        #expect(try ipState(ns, "veth1").flags.contains("LOWER_UP"))
    }

    @Test("a veth pair set up: the async wait for .operational returns the link in state UP, as ip shows it")
    func operationalAfterSetUpAsync() async throws {
        let ns = try TestNamespace()
        try makePair(in: ns, up: ["veth1_p", "veth1"])
        let link = try await ns.net.waitForLink("veth1", until: .operational, timeout: .seconds(10))
        #expect(link.operationalState == .up)
        #expect(try ipState(ns, "veth1").state == "UP")
    }

    @Test("a veth whose peer is down: both waits time out with .timedOut and a hint naming its state")
    func peerDownTimesOut() async throws {
        let ns = try TestNamespace()
        try makePair(in: ns, up: ["veth1"])
        // The kernel settles a new link's operstate asynchronously (linkwatch, up to a second
        // later, more on a loaded machine): until then ip shows state UNKNOWN. Let it settle, so
        // the hint describes the settled state.
        let settled = LinkCondition("state LOWERLAYERDOWN") { $0.operationalState == .lowerLayerDown }
        _ = try await ns.net.waitForLink("veth1", until: settled, timeout: .seconds(30))
        for attempt in 0..<2 {
            do {
                if attempt == 0 {
                    try blockingWait(ns.net, "veth1", timeout: .milliseconds(300))
                } else {
                    try await ns.net.waitForLink("veth1", until: .carrier, timeout: .milliseconds(300))
                }
                Issue.record("the wait for carrier on veth1 returned although veth1_p is down")
            } catch {
                #expect(error.reason == .timedOut)
                let hint = error.hint ?? ""
                #expect(hint.contains("state LOWERLAYERDOWN"), "\(error)")
                #expect(hint.contains("<NO-CARRIER,") && hint.contains("without carrier: its veth peer"), "\(error)")
                #expect(error.object.contains("dev veth1 UP,LOWER_UP"), "\(error)")
            }
        }
        #expect(try ipState(ns, "veth1").state == "LOWERLAYERDOWN")
    }

    @Test("a link that does not exist: the timeout's hint says so")
    func missingLinkTimesOut() throws {
        let ns = try TestNamespace()
        #expect {
            try ns.net.waitForLink("nosuch0", until: .up, timeout: .milliseconds(100))
        } throws: { error in
            (error as? NetKitError)?.reason == .timedOut && (error as? NetKitError)?.hint?.contains("no link named nosuch0") == true
        }
    }

    @Test("the link appears after the async wait started: the wait follows it until it is in state UP")
    func appearsLaterAsync() async throws {
        let ns = try TestNamespace()
        let net = ns.net
        // Generous bounds: a wait ends as soon as its condition holds, while this test's task can
        // wait minutes for a thread of the cooperative pool when the whole bundle runs on two
        // CPUs (other tests' blocking calls hold them) — the wait's own deadline keeps running.
        let waiting = Task { try await net.waitForLink("veth1", until: .operational, timeout: .seconds(900)) }
        #expect(try await poll(seconds: 600) { try !SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty })
        #expect(throws: NetKitError.self) { try ns.net.link(named: "veth1") }
        try makePair(in: ns, up: ["veth1", "veth1_p"])
        let link = try await waiting.value
        #expect(link.name == "veth1" && link.operationalState == .up)
        #expect(try ipState(ns, "veth1").state == "UP")
    }

    @Test("the link appears after the blocking wait started (on its own thread): it returns once there is carrier")
    func appearsLaterBlocking() async throws {
        let ns = try TestNamespace()
        let net = ns.net
        let result = WaitResult()
        let thread = Thread {
            do throws(NetKitError) {
                // The wait runs on its own thread and its deadline keeps running while this
                // test's task waits for the cooperative pool (minutes, when the whole bundle runs
                // on two CPUs): the bound is generous, and the wait ends as soon as it is met.
                result.set(.success(try blockingWait(net, "veth1", timeout: .seconds(900))))
            } catch {
                result.set(.failure(error))
            }
        }
        thread.start()
        #expect(try await poll(seconds: 600) { try !SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty })
        try makePair(in: ns, up: ["veth1_p", "veth1"])
        #expect(await poll(seconds: 900) { result.get() != nil })
        let link = try #require(try result.get()?.get())
        #expect(link.name == "veth1" && link.flags.contains(.lowerUp))
    }
}

/// The blocking form, called from synchronous code (an async caller gets the async form).
@discardableResult
private func blockingWait(_ net: NetlinkHandle, _ name: InterfaceName, timeout: Duration) throws(NetKitError) -> Link {
    try net.waitForLink(name, until: .carrier, timeout: timeout)
}

/// The blocking wait's outcome, handed from its thread to the test.
private final class WaitResult: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<Link, NetKitError>?
    func set(_ result: Result<Link, NetKitError>) { lock.withLock { value = result } }
    func get() -> Result<Link, NetKitError>? { lock.withLock { value } }
}
