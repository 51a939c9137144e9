import Foundation
import NetKit
import Testing

/// A multipath route whose `RTA_MULTIPATH` would not fit its 16-bit length field is refused
/// with `.invalidInput` before anything reaches the kernel, alone and in a batch.
@Suite("Routes: a multipath route too long for RTA_MULTIPATH is refused before sending")
struct RouteLengthLimitTests {
    /// 10.200.0.0/16 with `hops` IPv4 next hops via 10.0.0.x dev d0 (16 bytes each).
    static func multipath(hops: Int) throws -> Route {
        let nextHops = try (0..<hops).map { (i: Int) throws -> NextHop in
            try NextHop(via: .v4(IPv4Address(10, 0, UInt8(i / 250), UInt8(2 + i % 250))), dev: "d0", onlink: true)
        }
        return try Route("10.200.0.0/16", proto: .bird, nextHops: nextHops)
    }

    private func reason(_ body: () throws -> Void) -> String {
        do { try body(); return "accepted" } catch { return "\(error)" }
    }

    @Test("4,096 IPv4 next hops: addRoute and addRoutes throw invalidInput, and ip shows nothing added")
    func oversizedMultipathRefused() throws {
        let ns = try RouteBatchTests.namespace()
        let route = try Self.multipath(hops: 4096)
        let single = reason { try ns.net.addRoute(route) }
        #expect(single.contains("invalid input") && single.contains("65540"), "\(single)")
        // In a batch, after a small route: the batch stops before its first request is sent.
        let small = try Route("10.201.0.0/16", via: "10.0.0.2", dev: "d0", proto: .bird)
        let batch = reason { _ = try ns.net.addRoutes([small, route]) }
        #expect(batch.contains("invalid input"), "\(batch)")
        #expect(try ns.ip("route", "show", "proto", "bird").isEmpty)
    }
}
