import Foundation
import NetKit
import Testing

@Suite("Routes: batches and flush")
struct RouteBatchTests {
    static func namespace() throws -> TestNamespace {
        let ns = try TestNamespace("rb")
        try ns.upVeth("d0", peer: "d0p", addresses: ["10.0.0.1/24"])
        return ns
    }

    /// 10.100.x.y/32 via 10.0.0.2 dev d0 proto bird, for i in 0..<count.
    static func hostRoutes(_ count: Int, proto: RouteProtocol = .bird) throws -> [Route] {
        try (0..<count).map { i in
            let address = IPv4Address(10, 100, UInt8(i / 256), UInt8(i % 256))
            return try Route(IPNetwork(host: .v4(address)), via: "10.0.0.2", dev: "d0", proto: proto)
        }
    }

    @Test("1000 routes in one batch: all applied, listed by NetKit and by ip")
    func thousand() throws {
        let ns = try Self.namespace()
        let routes = try Self.hostRoutes(1000)
        let results = try ns.net.addRoutes(routes)
        #expect(results.count == 1000)
        #expect(results.allSatisfy { $0.succeeded })
        #expect(results.map(\.item) == routes)
        let listed = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, proto: .bird))
        #expect(listed.count == 1000)
        #expect(try ns.ip("route", "show", "proto", "bird").count == 1000)
        #expect(Set(listed.map(\.description)) == Set(routes.map(\.description)))
        let deleted = try ns.net.deleteRoutes(listed)
        #expect(deleted.allSatisfy { $0.succeeded })
        #expect(try ns.ip("route", "show", "proto", "bird").isEmpty)
    }

    @Test("each failure is reported with its route; the others are applied")
    func partialFailure() throws {
        let ns = try Self.namespace()
        try ns.net.addRoute(try Route("10.100.0.5/32", via: "10.0.0.2", dev: "d0", proto: .bird))
        var routes = try Self.hostRoutes(10)
        routes.append(try Route("10.200.0.0/16", via: "172.16.0.1", dev: "d0"))  // gateway off-link
        let results = try ns.net.addRoutes(routes)
        let failures = results.enumerated().filter { !$0.element.succeeded }
        #expect(failures.map(\.offset) == [5, 10])
        #expect(results[5].error?.errno == .EEXIST)
        #expect(results[5].error?.object.contains("10.100.0.5 via 10.0.0.2 dev d0 proto bird") == true)
        #expect(results[5].error?.operation.messageType == .newRoute && results[5].error?.operation.command == "ip route add")
        #expect(results[10].error?.errno == .ENETUNREACH)
        #expect(results[10].error?.hint?.contains("onlink") == true)
        #expect(try ns.ip("route", "show", "proto", "bird").count == 10)
        // replace is idempotent over the same batch
        #expect(try ns.net.replaceRoutes(try Self.hostRoutes(10)).allSatisfy { $0.succeeded })
        #expect(try ns.ip("route", "show", "proto", "bird").count == 10)
    }

    @Test("a typo anywhere in a batch throws before anything is sent")
    func nothingHalfApplied() throws {
        let ns = try Self.namespace()
        var routes = try Self.hostRoutes(20)
        routes.insert(try Route("10.101.0.0/16", via: "10.0.0.2", dev: "nothere0"), at: 7)
        let missing = try #require(throws: NetKitError.self) { try ns.net.addRoutes(routes) }
        #expect(missing.errno == .ENODEV)
        #expect(missing.object.contains("route 8 of 21"))
        routes[7].device = "d0"
        routes[7].destination = "10.101.0.1/16"
        let invalid = try #require(throws: NetKitError.self) { try ns.net.addRoutes(routes) }
        guard case .invalidInput = invalid.reason else { Issue.record("\(invalid)"); return }
        #expect(try ns.ip("route", "show", "proto", "bird").isEmpty)
    }

    @Test("flush by protocol removes exactly those routes, as ip route flush proto does")
    func flushByProtocol() throws {
        let ns = try Self.namespace()
        _ = try ns.net.addRoutes(try Self.hostRoutes(300, proto: .bird))
        try ns.net.addRoute(try Route("10.102.0.0/16", via: "10.0.0.2", dev: "d0", proto: .static))
        try ns.net.addRoute(try Route("10.103.0.0/16", type: .blackhole, proto: .bird))
        try ns.net.addRoute(try Route("10.104.0.0/16", dev: "d0", table: 100, proto: .bird))
        let before = try ns.ipLines("route", "show", "table", "all").filter { !$0.contains("proto bird") }
        let flushed = try ns.net.flushRoutes(filter: RouteFilter(family: .ipv4, proto: .bird))
        #expect(flushed.count == 302)
        #expect(flushed.allSatisfy { $0.protocol == .bird })
        #expect(try ns.ip("route", "show", "table", "all", "proto", "bird").isEmpty)
        #expect(try ns.ipLines("route", "show", "table", "all") == before)
        #expect(try ns.ipLines("route", "show", "10.102.0.0/16") == ["10.102.0.0/16 via 10.0.0.2 dev d0 proto static"])
        // nothing left to flush
        #expect(try ns.net.flushRoutes(filter: RouteFilter(family: .ipv4, proto: .bird)).isEmpty)
        let refused = try #require(throws: NetKitError.self) { try ns.net.flushRoutes(filter: RouteFilter()) }
        guard case .invalidInput = refused.reason else { Issue.record("\(refused)"); return }
    }

    @Test("flush IPv6 routes by protocol: only those go, IPv4 bird routes and other IPv6 routes stay")
    func flushIPv6ByProtocol() throws {
        let ns = try Self.namespace()
        try ns.upVeth("d6", peer: "d6p", addresses: ["2001:db8::1/64"])
        let bird = try (0..<20).map {
            try Route(IPNetwork(parsing: "2001:db8:\(100 + $0)::/48"), via: "2001:db8::2", dev: "d6", proto: .bird)
        }
        #expect(try ns.net.addRoutes(bird).allSatisfy { $0.succeeded })
        try ns.net.addRoute(try Route("2001:db8:99::/48", via: "2001:db8::2", dev: "d6", proto: .static))
        try ns.net.addRoute(try Route("10.108.0.0/16", via: "10.0.0.2", dev: "d0", proto: .bird))
        let before = try ns.ipLines("-6", "route", "show", "table", "all").filter { !$0.contains("proto bird") }
        let flushed = try ns.net.flushRoutes(filter: RouteFilter(family: .ipv6, proto: .bird))
        #expect(Set(flushed.map(\.destination)) == Set(bird.map(\.destination)))
        #expect(try ns.ip("-6", "route", "show", "table", "all", "proto", "bird").isEmpty)
        #expect(try ns.ipLines("-6", "route", "show", "table", "all") == before)
        #expect(try ns.ipLines("route", "show", "10.108.0.0/16") == ["10.108.0.0/16 via 10.0.0.2 dev d0 proto bird"])
        #expect(
            try ns.ipLines("-6", "route", "show", "2001:db8:99::/48") == [
                "2001:db8:99::/48 via 2001:db8::2 dev d6 proto static metric 1024 pref medium"
            ])
    }

    @Test("flush by device and table")
    func flushByDevice() throws {
        let ns = try Self.namespace()
        try ns.upVeth("d1", peer: "d1p", addresses: ["10.1.0.1/24"])
        try ns.net.addRoute(try Route("10.105.0.0/16", via: "10.0.0.2", dev: "d0"))
        try ns.net.addRoute(try Route("10.106.0.0/16", via: "10.1.0.2", dev: "d1"))
        try ns.net.addRoute(try Route("10.107.0.0/16", via: "10.1.0.2", dev: "d1", table: 7))
        let flushed = try ns.net.flushRoutes(filter: RouteFilter(family: .ipv4, table: .main, dev: "d1"))
        #expect(Set(flushed.map(\.destination)) == ["10.106.0.0/16", "10.1.0.0/24"])
        #expect(try ns.ip("route", "show", "dev", "d1").isEmpty)
        #expect(try ns.ipLines("route", "show", "table", "7") == ["10.107.0.0/16 via 10.1.0.2 dev d1"])
        #expect(try ns.ipLines("route", "show", "10.105.0.0/16") == ["10.105.0.0/16 via 10.0.0.2 dev d0"])
    }
}
