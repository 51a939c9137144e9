import Foundation
import NetKit
import Testing

@Suite("Routes: every kind listed exactly as ip route prints it")
struct RouteListingTests {
    /// A namespace holding the source document's routes plus one of every other kind.
    static func populated() throws -> TestNamespace {
        let ns = try TestNamespace("rl")
        try ns.upVeth("eth1", peer: "eth1p", addresses: ["192.168.3.113/24"])
        try ns.upVeth("d0", peer: "d0p", addresses: ["10.0.0.1/24", "2001:db8::1/64"])
        try ns.upVeth("cali19f6ea143e3", peer: "calip")
        let net = ns.net
        // The source document's table (tunl0 is replaced by eth1 here; IPIPRouteTests has the real one).
        try net.addRoute(Route("10.122.157.128/26", type: .blackhole, proto: .bird))
        try net.addRoute(Route("10.122.157.129/32", dev: "cali19f6ea143e3", scope: .link))
        try net.addRoute(Route("10.122.17.64/26", via: "192.168.3.110", dev: "eth1", proto: .bird, onlink: true))
        try net.addRoute(Route(.defaultRoute(.ipv4), via: "192.168.3.1", dev: "eth1"))
        // Every other kind.
        try net.addRoute(Route("10.123.0.0/24", via: "172.16.0.1", dev: "d0", proto: .bird, onlink: true))
        try net.addRoute(Route("10.60.0.0/16", type: .unreachable))
        try net.addRoute(Route("10.61.0.0/16", type: .prohibit, table: 100))
        try net.addRoute(Route("10.62.0.0/16", type: .throw, table: 1000))
        try net.addRoute(Route("10.90.0.0/16", dev: "d0", table: 5000, metric: 7))
        try net.addRoute(Route(.defaultRoute(.ipv4), via: "10.0.0.254", dev: "d0", table: .default))
        try net.addRoute(
            Route(
                "10.50.0.0/16", proto: .static, metric: 100,
                nextHops: [
                    NextHop(via: "192.168.3.2", dev: "eth1", weight: 2), NextHop(via: "172.16.0.3", dev: "d0", onlink: true),
                ]))
        try net.addRoute(Route("10.70.0.0/16", via: "192.168.3.5", dev: "eth1", src: "192.168.3.113", mtu: 1400, advmss: 1360))
        try net.addRoute(Route("10.80.0.0/16", via: "fe80::1", dev: "d0"))
        try net.addRoute(Route("10.93.0.1/32", type: .local, dev: "d0"))
        try net.addRoute(Route("10.92.0.1/32", type: .anycast, dev: "d0"))
        try net.addRoute(Route("10.94.0.255/32", type: .broadcast, dev: "d0"))
        try net.addRoute(Route("239.1.0.0/16", type: .multicast, dev: "d0"))
        try net.addRoute(Route("10.95.0.0/16", dev: "d0", proto: .dhcp, scope: .site))
        try net.addRoute(Route("10.96.0.0/16", via: "10.0.0.2", proto: RouteProtocol(rawValue: 200), metric: 4_000_000_000))
        try net.addRoute(Route("10.97.0.0/16", dev: "d0", proto: .kernel, src: "10.0.0.1"))
        try net.addRoute(Route("2001:db8:1::/48", via: "2001:db8::2", dev: "d0", metric: 5))
        try net.addRoute(
            Route(
                "2001:db8:2::/48",
                nextHops: [
                    NextHop(via: "2001:db8::3", dev: "d0"), NextHop(via: "2001:db8::4", dev: "d0", weight: 3),
                ]))
        try net.addRoute(Route("2001:db8:9::/48", via: "2001:db9::1", dev: "d0", onlink: true))
        try net.addRoute(Route("2001:db8:dead::/48", type: .blackhole, proto: .bird))
        try net.addRoute(Route("2001:db8:5::/48", type: .prohibit, table: 100))
        try net.addRoute(Route(.defaultRoute(.ipv6), via: "2001:db8::fe", dev: "d0"))
        try net.addRoute(Route("2001:db8:6::/48", type: .unreachable, table: 200))
        try net.addRoute(Route("2001:db8:8::/48", type: .throw, table: 200))
        var preferred = try Route("2001:db8:7::/48", dev: "d0", proto: .ra, mtu: 1280)
        preferred.preference = .high
        try net.addRoute(preferred)
        return ns
    }

    @Test("routes() equals ip route show table all, line by line, for every kind of route")
    func everyKindAsText() throws {
        let ns = try Self.populated()
        try expectSameText(ns, RouteFilter(), ip: ["route", "show", "table", "all"])
        // The transcript lines appear verbatim.
        let text = lines(try ns.net.routes())
        for line in [
            "blackhole 10.122.157.128/26 proto bird",
            "10.122.157.129 dev cali19f6ea143e3 scope link",
            "192.168.3.0/24 dev eth1 proto kernel scope link src 192.168.3.113",
            "10.122.17.64/26 via 192.168.3.110 dev eth1 proto bird onlink",
            "default via 192.168.3.1 dev eth1",
        ] {
            #expect(text.contains(line), "missing: \(line)")
        }
    }

    @Test("every field agrees with ip -j route show table all")
    func everyKindAsJSON() throws {
        let ns = try Self.populated()
        let routes = try ns.net.routes()
        try expectSameJSON(ns, routes, ip: ["route", "show", "table", "all"])
        let multipath = try #require(routes.first { $0.destination == "10.50.0.0/16" })
        #expect(multipath.nextHops.map(\.weight) == [2, 1])
        #expect(multipath.nextHops.map(\.onlink) == [false, true])
        #expect(multipath.nextHops.map(\.device) == ["eth1", "d0"])
        let calico = try #require(routes.first { $0.destination == "10.122.17.64/26" })
        #expect(calico.onlink && calico.protocol == .bird && calico.gateway == "192.168.3.110" && calico.device == "eth1")
        let big = try #require(routes.first { $0.destination == "10.96.0.0/16" })
        #expect(big.metric == 4_000_000_000 && big.protocol?.rawValue == 200 && big.description.contains("proto 200"))
        let tableIDs = Set(routes.map(\.table.rawValue))
        #expect(tableIDs.isSuperset(of: [100, 253, 254, 255, 1000, 5000]))
    }

    @Test("IPv6 routes agree with ip -6 route and ip -j -6 route")
    func ipv6() throws {
        let ns = try Self.populated()
        let filter = RouteFilter(family: .ipv6, table: .main)
        try expectSameText(ns, filter, ip: ["-6", "route", "show"])
        let routes = try ns.net.routes(filter: filter)
        try expectSameJSON(ns, routes, ip: ["-6", "route", "show"])
        let preferred = try #require(routes.first { $0.destination == "2001:db8:7::/48" })
        #expect(preferred.preference == .high && preferred.mtu == 1280 && preferred.metric == 1024)
        let blackhole = try #require(routes.first { $0.destination == "2001:db8:dead::/48" })
        #expect(blackhole.type == .blackhole && blackhole.device == "lo")
        let defaultRoute = try #require(routes.first { $0.destination.isDefaultRoute })
        #expect(defaultRoute.description == "default via 2001:db8::fe dev d0 metric 1024 pref medium")
        #expect(try ns.ipLines(["-6", "route", "show", "default"]) == [defaultRoute.description])
    }

    @Test("IPv6 unreachable and throw routes in a non-main table agree with ip -6 route show table 200")
    func ipv6OtherTable() throws {
        let ns = try Self.populated()
        // `ip route show table 200` hides the table it filters on; `table all` prints it.
        try expectSameText(ns, RouteFilter(family: .ipv6), ip: ["-6", "route", "show", "table", "all"])
        try expectSameJSON(ns, try ns.net.routes(filter: RouteFilter(family: .ipv6)), ip: ["-6", "route", "show", "table", "all"])
        let routes = try ns.net.routes(filter: RouteFilter(family: .ipv6, table: 200))
        #expect(
            routes.map(\.destination)
                == (try ns.ip("-6", "route", "show", "table", "200")).compactMap {
                    ($0["dst"] as? String).map { try? IPNetwork(parsing: $0) } ?? nil
                })
        #expect(routes.map(\.type) == [.unreachable, .throw])
        #expect(routes.allSatisfy { $0.table == 200 && $0.family == .ipv6 })
        #expect(
            lines(routes) == [
                "unreachable 2001:db8:6::/48 dev lo table 200 metric 1024 pref medium",
                "throw 2001:db8:8::/48 dev lo table 200 metric 1024 pref medium",
            ])
    }

    @Test("filters: plain ip route show, table, dev, proto, type, scope, root/match/exact prefixes")
    func filters() throws {
        let ns = try Self.populated()
        let cases: [(RouteFilter, [String])] = [
            (.mainIPv4, ["route", "show"]),
            (RouteFilter(family: .ipv4, table: 100), ["-4", "route", "show", "table", "all", "table", "100"]),
            (RouteFilter(table: 5000), ["route", "show", "table", "all", "table", "5000"]),
            (RouteFilter(family: .ipv4, table: .local), ["route", "show", "table", "local"]),
            (RouteFilter(family: .ipv4, proto: .bird), ["-4", "route", "show", "table", "all", "proto", "bird"]),
            (RouteFilter(family: .ipv4, type: .blackhole), ["-4", "route", "show", "table", "all", "type", "blackhole"]),
            (
                RouteFilter(family: .ipv4, table: .main, destination: "10.122.157.128/25", prefixMatch: .root),
                ["route", "show", "root", "10.122.157.128/25"]
            ),
            (
                RouteFilter(family: .ipv4, table: .main, destination: "10.122.157.129/32", prefixMatch: .match),
                ["route", "show", "match", "10.122.157.129"]
            ),
            (RouteFilter(family: .ipv4, table: .main, destination: "10.122.157.128/26"), ["route", "show", "exact", "10.122.157.128/26"]),
            (RouteFilter(family: .ipv4, table: .main, via: "192.168.3.1"), ["route", "show", "via", "192.168.3.1"]),
        ]
        for (filter, arguments) in cases {
            // ip hides the fields it filters on (table, proto, type …); compare the routes, not the text.
            let ours = try ns.net.routes(filter: filter)
            let theirs = try IPTool.json(["-n", ns.name, "-j"] + arguments)
            #expect(
                ours.map(\.destination.routeDescription) == theirs.compactMap { $0["dst"] as? String },
                "\(filter.description) vs ip \(arguments.joined(separator: " "))")
            #expect(!ours.isEmpty, "\(filter.description) selected nothing")
        }
        // dev: ip drops multipath routes after the kernel kept them; NetKit keeps them.
        let onEth1 = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, dev: "eth1"))
        let ipOnEth1 = try ns.ip("route", "show", "dev", "eth1").compactMap { $0["dst"] as? String }
        #expect(onEth1.map(\.destination.routeDescription).filter { $0 != "10.50.0.0/16" } == ipOnEth1)
        #expect(onEth1.contains { $0.destination == "10.50.0.0/16" })
        // scope
        let linkScope = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, scope: .link))
        #expect(
            linkScope.map(\.destination.routeDescription)
                == (try ns.ip("route", "show", "scope", "link")).compactMap { $0["dst"] as? String })
    }

    @Test("a table that does not exist lists as empty; an unknown device is ENODEV naming it")
    func emptyAndUnknown() throws {
        let ns = try TestNamespace("rl")
        #expect(try ns.net.routes(filter: RouteFilter(family: .ipv4, table: 4242)).isEmpty)
        #expect(try ns.net.routes(filter: RouteFilter(family: .ipv6, table: 4242)).isEmpty)
        let error = try #require(throws: NetKitError.self) { try ns.net.routes(filter: RouteFilter(dev: "nothere0")) }
        #expect(error.errno == .ENODEV)
        #expect(error.description.contains("nothere0"))
    }
}
