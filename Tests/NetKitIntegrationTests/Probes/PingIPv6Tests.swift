import Foundation
import NetKit
import Testing

@Suite("Ping probe (IPv6)")
struct PingIPv6Tests {
    @Test("ICMPv6 echo to a configured (nodad) address, both ways, with the hop limit reported")
    func configuredAddress() async throws {
        let fixture = try PingFixture()
        let fromA = try await fixture.a.namespace.ping(PingFixture.address6B, count: 3, interval: .milliseconds(20))
        #expect(fromA.received == 3)
        #expect(fromA.replies.allSatisfy { $0.from == PingFixture.address6B && $0.ttl == 64 && $0.byteCount == 64 })
        #expect(fromA.roundTripTimes.allSatisfy { $0 > .zero })
        let fromB = try await fixture.b.namespace.ping(
            PingFixture.address6A, count: 2, interval: .milliseconds(20),
            sourceAddress: PingFixture.address6B)
        #expect(fromB.received == 2)
        // Cross-check: B resolved A's address to A's veth1 MAC by neighbour discovery. The
        // neighbour table's garbage collection is shared by every namespace: once the whole
        // suite holds more entries than gc_thresh1, an entry not updated for 5 s may go, which a
        // slow machine can take between the ping and ip's read. So B pings A again right
        // before each read, a bounded number of times; the message shows the entry last read.
        let macA = try await fixture.a.net.link(named: "veth1").macAddress?.description
        var entry: [String: Any]?
        for _ in 0..<5 where entry?["lladdr"] == nil {
            let again = try await fixture.b.namespace.ping(PingFixture.address6A, count: 1, sourceAddress: PingFixture.address6B)
            #expect(again.received == 1)
            entry = try fixture.b.ip("-6", "neigh", "show", "dev", "veth1_p").first { $0["dst"] as? String == "fd19::101" }
        }
        #expect(entry?["lladdr"] as? String == macA, "\(entry ?? [:])")
    }

    @Test("ICMPv6 echo to the peer's link-local address needs the interface, and works with it")
    func linkLocal() async throws {
        let fixture = try PingFixture(subnet: 1, linkLocalWithoutDAD: true)
        let peer = try fixture.b.linkLocalAddress(dev: "veth1_p")
        _ = try fixture.a.linkLocalAddress(dev: "veth1")
        let ambiguous = try await #require(throws: NetKitError.self) { try await fixture.a.namespace.ping(peer) }
        guard case .invalidInput = ambiguous.reason else {
            Issue.record("expected invalidInput, got \(ambiguous)")
            return
        }
        let result = try await fixture.a.namespace.ping(peer, count: 2, interval: .milliseconds(20), sourceInterface: "veth1")
        #expect(result.received == 2)
        #expect(result.replies.allSatisfy { $0.from == peer })
    }

    @Test("an IPv6 destination without a route is ENETUNREACH")
    func noRoute() async throws {
        let fixture = try PingFixture(subnet: 2)
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping("2001:db8:77::1")
        }
        #expect(error.errno == .ENETUNREACH, "\(error)")
        #expect(error.object == "2001:db8:77::1 (in netns \(fixture.a.name))")
    }

    @Test("nobody answers neighbour discovery: this host's ICMPv6 address unreachable, through IPV6_RECVERR")
    func addressUnreachable() async throws {
        let fixture = try PingFixture(subnet: 5)
        try fixture.makeNeighbourResolutionFailFast()
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping("fd19:5::200", timeout: .seconds(10))
        }
        #expect(error.errno == .EHOSTUNREACH, "\(error)")
        #expect(error.kernelMessage == "From fd19:5::101 icmp_seq=1 Destination unreachable: Address unreachable")
    }

    @Test(
        "a router without an IPv6 route answers ICMPv6 no route, reported through IPV6_RECVERR (raw and ping sockets)",
        arguments: [false, true])
    func routerNoRoute(pingSockets: Bool) async throws {
        let fixture = try PingFixture(subnet: 3)
        if pingSockets { try fixture.allowPingSockets() }
        try fixture.routeThroughPeer("2001:db8:99::/64")
        let error = try await #require(throws: NetKitError.self) {
            try await fixture.a.namespace.ping("2001:db8:99::1", timeout: .seconds(5))
        }
        #expect(error.errno == .ENETUNREACH, "\(error)")
        #expect(error.kernelMessage == "From fd19:3::100 icmp_seq=1 Destination unreachable: No route")
    }
}
