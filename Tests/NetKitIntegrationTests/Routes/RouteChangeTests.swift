import Foundation
import NetKit
import Testing

@Suite("Routes: add, replace, append, delete")
struct RouteChangeTests {
    static func namespace() throws -> TestNamespace {
        let ns = try TestNamespace("rc")
        try ns.upVeth("eth1", peer: "eth1p", addresses: ["192.168.3.113/24", "2001:db8::1/64"])
        try ns.upVeth("d0", peer: "d0p", addresses: ["10.0.0.1/24"])
        return ns
    }

    func count(_ ns: TestNamespace, _ arguments: String...) throws -> Int {
        try IPTool.json(["-n", ns.name, "-j"] + arguments).count
    }

    @Test("add twice: the second is a typed EEXIST with a hint, and the route is unchanged")
    func addExisting() throws {
        let ns = try Self.namespace()
        let route = try Route("10.1.0.0/16", via: "192.168.3.1", dev: "eth1", proto: .bird)
        try ns.net.addRoute(route)
        #expect(try ns.ipLines("route", "show", "10.1.0.0/16") == ["10.1.0.0/16 via 192.168.3.1 dev eth1 proto bird"])
        let error = try #require(throws: NetKitError.self) { try ns.net.addRoute(route) }
        #expect(error.errno == .EEXIST && error.isAlreadyExists)
        #expect(error.operation.messageType == .newRoute && error.operation.command == "ip route add")
        #expect(error.object.contains("10.1.0.0/16 via 192.168.3.1 dev eth1 proto bird"))
        #expect(error.object.contains("netns \(ns.name)"))
        #expect(error.hint?.contains("replaceRoute") == true)
        #expect(try count(ns, "route", "show", "10.1.0.0/16") == 1)
    }

    @Test("replace is idempotent and overwrites the gateway, protocol and src in place")
    func replace() throws {
        let ns = try Self.namespace()
        let first = try Route("10.1.0.0/16", via: "192.168.3.1", dev: "eth1", proto: .bird)
        try ns.net.replaceRoute(first)
        try ns.net.replaceRoute(first)
        #expect(try ns.ipLines("route", "show", "10.1.0.0/16") == ["10.1.0.0/16 via 192.168.3.1 dev eth1 proto bird"])
        let second = try Route("10.1.0.0/16", via: "10.0.0.2", dev: "d0", proto: .static, src: "10.0.0.1")
        try ns.net.replaceRoute(second)
        #expect(try ns.ipLines("route", "show", "10.1.0.0/16") == ["10.1.0.0/16 via 10.0.0.2 dev d0 proto static src 10.0.0.1"])
        let listed = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, destination: "10.1.0.0/16"))
        #expect(listed.map(\.description) == [second.description])
        // a different metric is a different route
        try ns.net.replaceRoute(try Route("10.1.0.0/16", via: "10.0.0.3", dev: "d0", metric: 50))
        #expect(try count(ns, "route", "show", "10.1.0.0/16") == 2)
    }

    @Test("append adds a second route to the same prefix and metric")
    func append() throws {
        let ns = try Self.namespace()
        try ns.net.addRoute(try Route("10.1.0.0/16", via: "192.168.3.1", dev: "eth1"))
        try ns.net.appendRoute(try Route("10.1.0.0/16", via: "10.0.0.2", dev: "d0"))
        #expect(
            try ns.ipLines("route", "show", "10.1.0.0/16") == [
                "10.1.0.0/16 via 192.168.3.1 dev eth1", "10.1.0.0/16 via 10.0.0.2 dev d0",
            ])
        try expectSameText(
            ns, RouteFilter(family: .ipv4, table: .main, destination: "10.1.0.0/16"),
            ip: ["route", "show", "10.1.0.0/16"])
    }

    @Test("IPv6 append: the kernel merges the second route into a multipath route, as ip -6 route shows")
    func appendIPv6() throws {
        let ns = try Self.namespace()
        try ns.net.addRoute(try Route("2001:db8:1::/48", via: "2001:db8::2", dev: "eth1"))
        try ns.net.appendRoute(try Route("2001:db8:1::/48", via: "2001:db8::3", dev: "eth1"))
        let routes = try ns.net.routes(filter: RouteFilter(family: .ipv6, table: .main, destination: "2001:db8:1::/48"))
        #expect(routes.count == 1)
        #expect(routes.first?.nextHops.map(\.gateway) == ["2001:db8::2", "2001:db8::3"])
        #expect(
            try ns.ipLines("-6", "route", "show", "2001:db8:1::/48") == [
                "2001:db8:1::/48 metric 1024 pref medium",
                "\tnexthop via 2001:db8::2 dev eth1 weight 1",
                "\tnexthop via 2001:db8::3 dev eth1 weight 1",
            ])
        try expectSameText(ns, RouteFilter(family: .ipv6, table: .main), ip: ["-6", "route", "show"])
        try expectSameJSON(ns, try ns.net.routes(filter: RouteFilter(family: .ipv6, table: .main)), ip: ["-6", "route", "show"])
    }

    @Test("delete without a protocol removes Calico's proto bird blackhole; with libnl's static it is ESRCH")
    func deleteMatchesLikeIP() throws {
        let ns = try Self.namespace()
        try ns.net.addRoute(try Route("10.122.157.128/26", type: .blackhole, proto: .bird))
        // libnl's trap: a delete that names proto static finds nothing.
        let trap = try #require(throws: NetKitError.self) {
            try ns.net.deleteRoute(try Route("10.122.157.128/26", proto: .static))
        }
        #expect(trap.errno == .ESRCH && trap.isNotFound)
        #expect(trap.hint?.contains("protocol") == true)
        #expect(try ns.ipLines("route", "show", "10.122.157.128/26") == ["blackhole 10.122.157.128/26 proto bird"])
        // As `ip route del 10.122.157.128/26`: no protocol, no type.
        try ns.net.deleteRoute(try Route("10.122.157.128/26"))
        #expect(try count(ns, "route", "show", "10.122.157.128/26") == 0)
        // Deleting again: ESRCH.
        let gone = try #require(throws: NetKitError.self) { try ns.net.deleteRoute(try Route("10.122.157.128/26")) }
        #expect(gone.errno == .ESRCH)
        #expect(gone.operation.messageType == .delRoute && gone.operation.command == "ip route del")
    }

    @Test("a listed route deletes exactly itself, IPv4 and IPv6, multipath included")
    func deleteListed() throws {
        let ns = try Self.namespace()
        try ns.net.addRoute(try Route("10.1.0.0/16", via: "192.168.3.1", dev: "eth1", proto: .bird, metric: 10))
        try ns.net.addRoute(try Route("10.1.0.0/16", via: "10.0.0.2", dev: "d0", proto: .zebra, metric: 20))
        try ns.net.addRoute(
            try Route(
                "10.2.0.0/16", proto: .static,
                nextHops: [
                    NextHop(via: "192.168.3.2", dev: "eth1"), NextHop(via: "10.0.0.3", dev: "d0", weight: 5),
                ]))
        try ns.net.addRoute(try Route("2001:db8:1::/48", via: "2001:db8::2", dev: "eth1", proto: .bird))
        let listed = try ns.net.routes(filter: RouteFilter(table: .main))
        let zebra = try #require(listed.first { $0.protocol == .zebra })
        try ns.net.deleteRoute(zebra)
        #expect(try ns.ipLines("route", "show", "10.1.0.0/16") == ["10.1.0.0/16 via 192.168.3.1 dev eth1 proto bird metric 10"])
        try ns.net.deleteRoute(try #require(listed.first { $0.destination == "10.2.0.0/16" }))
        #expect(try count(ns, "route", "show", "10.2.0.0/16") == 0)
        try ns.net.deleteRoute(try #require(listed.first { $0.destination == "2001:db8:1::/48" }))
        #expect(try count(ns, "-6", "route", "show", "2001:db8:1::/48") == 0)
    }

    @Test("tables above 255 travel in RTA_TABLE")
    func largeTable() throws {
        let ns = try Self.namespace()
        try ns.net.addRoute(try Route("10.9.0.0/16", dev: "d0", table: 100_000))
        #expect(try ns.ipLines("route", "show", "table", "100000") == ["10.9.0.0/16 dev d0 scope link"])
        let listed = try ns.net.routes(filter: RouteFilter(table: 100_000))
        #expect(listed.map(\.table) == [RouteTable(rawValue: 100_000)])
        try ns.net.deleteRoute(try Route("10.9.0.0/16", table: 100_000))
        #expect(try ns.net.routes(filter: RouteFilter(table: 100_000)).isEmpty)
    }

    @Test("a gateway off the device's subnet: ENETUNREACH with the onlink hint; with onlink it works")
    func onlink() throws {
        let ns = try Self.namespace()
        let plain = try Route("10.122.17.64/26", via: "172.16.0.110", dev: "eth1", proto: .bird)
        let error = try #require(throws: NetKitError.self) { try ns.net.addRoute(plain) }
        #expect(error.errno == .ENETUNREACH)
        #expect(error.kernelMessage == "Nexthop has invalid gateway")
        #expect(error.hint?.contains("not on a subnet of dev eth1") == true)
        #expect(error.hint?.contains("onlink") == true)
        #expect(error.description.contains("Calico"))
        var onlink = plain
        onlink.onlink = true
        try ns.net.addRoute(onlink)
        #expect(try ns.ipLines("route", "show", "10.122.17.64/26") == ["10.122.17.64/26 via 172.16.0.110 dev eth1 proto bird onlink"])
        // IPv6 answers EHOSTUNREACH without a message; same hint.
        let v6 = try #require(throws: NetKitError.self) {
            try ns.net.addRoute(try Route("2001:db8:9::/48", via: "2001:db9::1", dev: "eth1"))
        }
        #expect(v6.errno == .EHOSTUNREACH)
        #expect(v6.hint?.contains("onlink") == true)
        try ns.net.addRoute(try Route("2001:db8:9::/48", via: "2001:db9::1", dev: "eth1", onlink: true))
        #expect(
            try ns.ipLines("-6", "route", "show", "2001:db8:9::/48") == [
                "2001:db8:9::/48 via 2001:db9::1 dev eth1 metric 1024 onlink pref medium"
            ])
    }

    @Test("the fresh-namespace quirk: onlink needs lo up (or any address), and the device up")
    func onlinkQuirk() throws {
        let ns = try TestNamespace("rq", loopbackUp: false)
        try ns.sh("link", "add", "e0", "type", "veth", "peer", "name", "e0p")
        let route = try Route("10.1.0.0/24", via: "192.168.3.110", dev: "e0", onlink: true)
        let down = try #require(throws: NetKitError.self) { try ns.net.addRoute(route) }
        #expect(down.errno == .ENETDOWN)
        #expect(down.kernelMessage == "Nexthop device is not up")
        #expect(down.hint?.contains("ip link set e0 up") == true)
        try ns.sh("link", "set", "e0", "up")
        try ns.sh("link", "set", "e0p", "up")
        let noLocalTable = try #require(throws: NetKitError.self) { try ns.net.addRoute(route) }
        #expect(noLocalTable.errno == .EINVAL)
        #expect(noLocalTable.kernelMessage == "Nexthop has invalid gateway")
        #expect(noLocalTable.hint?.contains("bring lo up") == true)
        try ns.net.setUp("lo")
        try ns.net.addRoute(route)
        #expect(try ns.ipLines("route", "show", "10.1.0.0/24") == ["10.1.0.0/24 via 192.168.3.110 dev e0 onlink"])
    }

    @Test("bad input throws before sending and leaves the table unchanged")
    func badInput() throws {
        let ns = try Self.namespace()
        let before = try ns.ipLines("route", "show", "table", "all")
        let missing = try #require(throws: NetKitError.self) {
            try ns.net.addRoute(try Route("10.5.0.0/16", via: "192.168.3.1", dev: "nothere0"))
        }
        #expect(missing.errno == .ENODEV)
        #expect(missing.description.contains("Cannot find device \"nothere0\""))
        for make in [
            { try Route("10.0.0.1/24", dev: "d0") },
            { try Route("2001:db8:1::/48", via: "192.168.3.1", dev: "eth1") },
            { try Route("10.5.0.0/16", nextHops: []) },
        ] as [() throws -> Route] {
            let error = try #require(throws: NetKitError.self) { try ns.net.addRoute(try make()) }
            guard case .invalidInput = error.reason else { Issue.record("expected invalid input, got \(error)"); continue }
        }
        var zeroTable = try Route("10.5.0.0/16", dev: "d0")
        zeroTable.table = .unspec
        let tableError = try #require(throws: NetKitError.self) { try ns.net.addRoute(zeroTable) }
        guard case .invalidInput(let message) = tableError.reason else { Issue.record("\(tableError)"); return }
        #expect(message.contains("table 0"))
        #expect(try ns.ipLines("route", "show", "table", "all") == before)
    }
}
