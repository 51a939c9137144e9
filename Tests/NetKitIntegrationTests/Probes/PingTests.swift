import Foundation
import NetKit
import Testing

@Suite("Ping probe (IPv4)")
struct PingTests {
    @Test("ping both ways over the veth pair: 3 replies each, RTTs above zero, packets really crossed the pair")
    func bothWays() async throws {
        let fixture = try PingFixture()
        let (a, b) = (fixture.a, fixture.b)
        let before = try PingFixture.packetCounters(b, "veth1_p")

        let fromA = try await a.namespace.ping(PingFixture.addressB, count: 3, interval: .milliseconds(20))
        #expect(fromA.transmitted == 3)
        #expect(fromA.received == 3)
        #expect(fromA.replies.map(\.sequence) == [1, 2, 3])
        #expect(fromA.replies.allSatisfy { $0.from == PingFixture.addressB && $0.ttl == 64 && $0.byteCount == 64 })
        #expect(fromA.roundTripTimes.allSatisfy { $0 > .zero })
        #expect(fromA.packetLossPercent == 0)
        #expect(fromA.failures.isEmpty)
        #expect(fromA.description.contains("3 packets transmitted, 3 received, 0% packet loss"))
        #expect(fromA.description.contains("64 bytes from 172.19.0.100: icmp_seq=1 ttl=64 time="))

        let fromB = try await b.namespace.ping(PingFixture.addressA, count: 3, interval: .milliseconds(20))
        #expect(fromB.received == 3 && fromB.replies.allSatisfy { $0.from == PingFixture.addressA })

        // Independent witnesses: B's end of the pair received A's 3 requests (and its own
        // replies' neighbour traffic), and A learned B's MAC for 172.19.0.100 on veth1.
        let after = try PingFixture.packetCounters(b, "veth1_p")
        #expect(after.rx - before.rx >= 3)
        #expect(after.tx - before.tx >= 3)
        let peerMAC = try await b.net.link(named: "veth1_p").macAddress?.description
        let neighbour = try a.ip("neigh", "show", "dev", "veth1").first { $0["dst"] as? String == "172.19.0.100" }
        #expect(neighbour?["lladdr"] as? String == peerMAC)
    }

    @Test("the synchronous form blocks the caller and gives the same result")
    func synchronous() throws {
        let fixture = try PingFixture()
        let result = try fixture.a.namespace.ping(PingFixture.addressB, count: 2, interval: .milliseconds(10))
        #expect(result.received == 2 && result.transmitted == 2)
        #expect(result.probe.description == "ping -c 2 -W 1 -i 0.01 172.19.0.100")
    }

    @Test("with the peer's end down the ping fails with a typed timeout; up again, it works (the document's veth1_p down/up)")
    func linkDown() async throws {
        let fixture = try PingFixture()
        try await fixture.b.net.setDown("veth1_p")
        try waitUntil("veth1 in A loses carrier") {
            (try fixture.a.ip("link", "show", "veth1").first?["flags"] as? [String])?.contains("NO-CARRIER") == true
        }
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping(PingFixture.addressB, count: 2, timeout: .milliseconds(500), interval: .milliseconds(50))
        }
        let typed = error.reason == .timedOut || error.errno == .EHOSTUNREACH || error.errno == .ENETUNREACH
        #expect(typed, "\(error)")
        #expect(error.operation.command == "ping")
        #expect(error.object == "172.19.0.100 (in netns \(fixture.a.name))")

        try await fixture.b.net.setUp("veth1_p")
        try waitUntil("veth1 in A regains carrier") {
            (try fixture.a.ip("link", "show", "veth1").first?["flags"] as? [String])?.contains("LOWER_UP") == true
        }
        // The failed probe above may have left the neighbour entry FAILED; the kernel answers
        // the first packets with "host unreachable" until it resolves the peer again, so allow
        // a few requests (the probe throws only when none is answered).
        let again = try await fixture.a.namespace.ping(PingFixture.addressB, count: 4, timeout: .seconds(2), interval: .milliseconds(500))
        #expect(again.received >= 1)
    }

    @Test("ping -I veth1 sends through veth1; an interface without the route cannot reach the peer")
    func boundToInterface() async throws {
        let fixture = try PingFixture()
        let before = try PingFixture.packetCounters(fixture.a, "veth1")
        let result = try await fixture.a.namespace.ping(
            PingFixture.addressB, count: 2, interval: .milliseconds(10), sourceInterface: "veth1")
        #expect(result.received == 2)
        #expect(result.probe.sourceInterface == "veth1")
        #expect(try PingFixture.packetCounters(fixture.a, "veth1").tx - before.tx >= 2)

        let viaLoopback = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping(PingFixture.addressB, timeout: .milliseconds(300), sourceInterface: "lo")
        }
        #expect(viaLoopback.object == "172.19.0.100 from lo (in netns \(fixture.a.name))")
        #expect(viaLoopback.reason == .timedOut || viaLoopback.errno != nil, "\(viaLoopback)")

        let missing = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping(PingFixture.addressB, sourceInterface: "nosuch0")
        }
        #expect(missing.errno == .ENODEV)
        #expect(missing.description.contains("no interface nosuch0"))
    }

    @Test("ping -I ADDR binds the source; an address the namespace does not have is EADDRNOTAVAIL")
    func sourceAddress() async throws {
        let fixture = try PingFixture()
        let result = try await fixture.a.namespace.ping(PingFixture.addressB, sourceAddress: PingFixture.addressA)
        #expect(result.received == 1)
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping(PingFixture.addressB, sourceAddress: "172.19.0.55")
        }
        #expect(error.errno == .EADDRNOTAVAIL)
        #expect(error.object == "172.19.0.100 from 172.19.0.55 (in netns \(fixture.a.name))")
    }

    @Test("an address with no route: ENETUNREACH from sendto, at once")
    func noRoute() async throws {
        let fixture = try PingFixture()
        let lookup = try IPTool.run(["-n", fixture.a.name, "route", "get", "203.0.113.7"])
        #expect(lookup.status != 0 && lookup.error.contains("Network is unreachable"), "ip route get found a route: \(lookup.output)")
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping("203.0.113.7", count: 5, timeout: .seconds(5))
        }
        #expect(error.errno == .ENETUNREACH)
        #expect(error.kernelMessage == "sendto: Network is unreachable")
        #expect(error.object == "203.0.113.7 (in netns \(fixture.a.name))")
        // The structured failure: a failed send, no ICMP message and so no type, code or sender.
        guard case .noReply(let failures) = error.reason, let failure = failures.first else {
            Issue.record("expected .noReply with failures, got \(error.reason)")
            return
        }
        #expect(failure.kind == .sendFailed && failure.errno == .ENETUNREACH && failure.sequence == 1)
        #expect(failure.icmpType == nil && failure.icmpCode == nil && failure.reportedBy == nil)
    }

    @Test("nobody has the address on the link: this host's ICMP host unreachable arrives through IP_RECVERR")
    func hostUnreachable() async throws {
        let fixture = try PingFixture()
        try fixture.makeNeighbourResolutionFailFast()
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping("172.19.0.200", timeout: .seconds(10))
        }
        #expect(error.errno == .EHOSTUNREACH, "\(error)")
        #expect(error.kernelMessage == "From 172.19.0.101 icmp_seq=1 Destination Host Unreachable")
        // The structured ICMP error travels in the thrown error: destination unreachable (type 3),
        // host unreachable (code 1), sent by this host's own address on the link.
        guard case .noReply(let failures) = error.reason, let failure = failures.first else {
            Issue.record("expected .noReply with failures, got \(error.reason)")
            return
        }
        #expect(failure.kind == .hostUnreachable && failure.errno == .EHOSTUNREACH && failure.family == .ipv4)
        #expect(failure.icmpType == 3 && failure.icmpCode == 1)
        #expect(failure.reportedBy == (try IPAddress(parsing: "172.19.0.101")))
        let neighbour = try fixture.a.ip("neigh", "show", "172.19.0.200", "dev", "veth1").first
        #expect((neighbour?["state"] as? [String])?.contains("FAILED") == true)
    }

    @Test(
        "a router without a route answers net unreachable; its address and the ICMP code are reported (raw and ping sockets)",
        arguments: [false, true])
    func networkUnreachableFromRouter(pingSockets: Bool) async throws {
        let fixture = try PingFixture()
        if pingSockets { try fixture.allowPingSockets() }
        try fixture.routeThroughPeer("198.51.100.0/24")
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping("198.51.100.1", timeout: .seconds(5))
        }
        #expect(error.errno == .ENETUNREACH, "\(error)")
        #expect(error.kernelMessage == "From 172.19.0.100 icmp_seq=1 Destination Net Unreachable")
        // Type 3 code 0 from the router 172.19.0.100, as a value, not only as text.
        guard case .noReply(let failures) = error.reason, let failure = failures.first else {
            Issue.record("expected .noReply with failures, got \(error.reason)")
            return
        }
        #expect(failure.kind == .networkUnreachable && failure.errno == .ENETUNREACH)
        #expect(failure.icmpType == 3 && failure.icmpCode == 0)
        #expect(failure.reportedBy == (try IPAddress(parsing: "172.19.0.100")))
        #expect(error.description.contains("a router on the way has no route to 198.51.100.1"))
    }

    @Test("a ping socket is used where net.ipv4.ping_group_range allows it, a raw socket otherwise")
    func socketKinds() async throws {
        let fixture = try PingFixture()
        let raw = try await fixture.a.namespace.ping(PingFixture.addressB)
        #expect(raw.socketKind == .raw)
        try fixture.allowPingSockets()
        let datagram = try await fixture.a.namespace.ping(PingFixture.addressB, count: 2, interval: .milliseconds(10))
        #expect(datagram.socketKind == .datagram)
        #expect(datagram.received == 2)
        let datagram6 = try await fixture.a.namespace.ping(PingFixture.address6B)
        #expect(datagram6.socketKind == .datagram && datagram6.received == 1)
        #expect(try await fixture.b.namespace.ping(PingFixture.addressA).socketKind == .raw)
    }

    @Test("cancelling the task ends a long probe with ECANCELED")
    func cancellation() async throws {
        let fixture = try PingFixture()
        try await fixture.b.net.setDown("veth1_p")
        let namespace = fixture.a.namespace
        let task = Task { try await namespace.ping(PingFixture.addressB, count: 100, timeout: .seconds(30), interval: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let error = try await #require(throws: NetKitError.self) { try await task.value }
        #expect(error.errno == .ECANCELED, "\(error)")
    }

    @Test("invalid input is rejected before any socket exists")
    func invalidInput() async throws {
        let fixture = try PingFixture()
        for (count, family) in [(0, PingFixture.addressB), (10_001, PingFixture.addressB)] {
            let error = try await #require(throws: NetKitError.self) {
                try await fixture.a.namespace.ping(family, count: count)
            }
            #expect(error.reason == .invalidInput("count \(count) is out of range 1…10000"))
        }
        let mismatch = try #require(throws: NetKitError.self) {
            try fixture.a.namespace.ping(PingFixture.addressB, sourceAddress: PingFixture.address6A)
        }
        guard case .invalidInput(let text) = mismatch.reason else {
            Issue.record("expected invalidInput, got \(mismatch)")
            return
        }
        #expect(text.contains("fd19::101") && text.contains("172.19.0.100"))
    }
}
