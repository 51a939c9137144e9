import Foundation
import NetKit
import Testing

@Suite("Routes: route lookup (ip route get)")
struct RouteLookupTests {
    /// A multi-homed namespace: eth1 192.168.3.113/24 (default route) and d0 10.0.0.1/24.
    static func namespace() throws -> TestNamespace {
        let ns = try TestNamespace("rg")
        try ns.upVeth("eth1", peer: "eth1p", addresses: ["192.168.3.113/24", "2001:db8::1/64"])
        try ns.upVeth("d0", peer: "d0p", addresses: ["10.0.0.1/24"])
        try ns.net.addRoute(try Route(.defaultRoute(.ipv4), via: "192.168.3.1", dev: "eth1"))
        try ns.net.addRoute(try Route("10.50.0.0/16", via: "10.0.0.2", dev: "d0", src: "10.0.0.1"))
        try ns.net.addRoute(try Route("2001:db8:1::/48", via: "2001:db8::2", dev: "eth1", metric: 5))
        return ns
    }

    func compare(_ ns: TestNamespace, _ route: Route, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try ns.ipLines(["route", "get"] + arguments)
        #expect(route.description.split(separator: "\n").map(String.init) == text, sourceLocation: sourceLocation)
        let json = try #require(try IPTool.json(["-n", ns.name, "-j", "route", "get"] + arguments).first, sourceLocation: sourceLocation)
        #expect(json["dst"] as? String == route.destination.routeDescription, sourceLocation: sourceLocation)
        #expect(json["gateway"] as? String == route.gateway?.description, sourceLocation: sourceLocation)
        #expect(json["dev"] as? String == route.device?.rawValue, sourceLocation: sourceLocation)
        #expect(json["prefsrc"] as? String == route.preferredSource?.description, sourceLocation: sourceLocation)
        #expect((json["uid"] as? Int).map(UInt32.init) == route.uid, sourceLocation: sourceLocation)
        // ip prints the table only when it is neither main nor 0 (an oif lookup reports none), by name or number.
        let table = route.table == .main || route.table == .unspec ? nil : route.table.description
        #expect(json["table"] as? String == table, sourceLocation: sourceLocation)
        #expect(json["iif"] as? String == route.inputDevice?.rawValue, sourceLocation: sourceLocation)
        let mark = (json["mark"] as? Int).map(UInt32.init) ?? (json["mark"] as? String).flatMap { UInt32($0.dropFirst(2), radix: 16) }
        #expect(mark == route.mark, sourceLocation: sourceLocation)
    }

    @Test("a lookup that a rule sends to another table: from 10.0.0.1 lookup 100 (the multi-NIC reply case)")
    func throughRule() throws {
        let ns = try Self.namespace()
        try ns.net.addRule(RoutingRule(priority: 100, from: "10.0.0.1/32", table: 100))
        try ns.net.addRoute(Route(.defaultRoute(.ipv4), via: "10.0.0.2", dev: "d0", table: 100))
        // Without the source the main table answers, through eth1.
        let plain = try ns.net.routeLookup("8.8.8.8")
        #expect(plain.table == .main && plain.device == "eth1")
        // From 10.0.0.1 the rule picks table 100: the reply leaves through d0.
        let fromD0 = try ns.net.routeLookup("8.8.8.8", from: "10.0.0.1")
        #expect(fromD0.table == 100, "\(fromD0)")
        #expect(fromD0.device == "d0" && fromD0.gateway == "10.0.0.2")
        #expect(fromD0.description.contains(" table 100 "), "ip route get prints the table: \(fromD0)")
        try compare(ns, fromD0, ["8.8.8.8", "from", "10.0.0.1"])
        // With a mark too; and as a forwarded packet would be looked up (iif), which needs forwarding.
        let marked = try ns.net.routeLookup("8.8.8.8", from: "10.0.0.1", mark: 7)
        #expect(marked.table == 100 && marked.mark == 7)
        try compare(ns, marked, ["8.8.8.8", "from", "10.0.0.1", "mark", "7"])
    }

    @Test("the default route answers with the gateway, device and source address, as ip route get prints")
    func viaDefault() throws {
        let ns = try Self.namespace()
        let route = try ns.net.routeLookup("8.8.8.8")
        #expect(route.gateway == "192.168.3.1" && route.device == "eth1" && route.preferredSource == "192.168.3.113")
        #expect(route.isCloned)
        try compare(ns, route, ["8.8.8.8"])
    }

    @Test("which source address a reply leaves with: the route's src, the interface's address, or from")
    func sourceSelection() throws {
        let ns = try Self.namespace()
        let viaD0 = try ns.net.routeLookup("10.50.1.1")
        #expect(viaD0.preferredSource == "10.0.0.1" && viaD0.device == "d0" && viaD0.gateway == "10.0.0.2")
        try compare(ns, viaD0, ["10.50.1.1"])
        let connected = try ns.net.routeLookup("192.168.3.7")
        #expect(connected.preferredSource == "192.168.3.113" && connected.gateway == nil)
        try compare(ns, connected, ["192.168.3.7"])
        let fromD0 = try ns.net.routeLookup("8.8.8.8", from: "10.0.0.1")
        #expect(fromD0.source == "10.0.0.1/32")
        try compare(ns, fromD0, ["8.8.8.8", "from", "10.0.0.1"])
        let oif = try ns.net.routeLookup("8.8.4.4", oif: "d0", mark: 5)
        #expect(oif.device == "d0" && oif.mark == 5)
        try compare(ns, oif, ["8.8.4.4", "oif", "d0", "mark", "5"])
    }

    @Test("a local address answers with type local and the cache flags")
    func local() throws {
        let ns = try Self.namespace()
        let route = try ns.net.routeLookup("192.168.3.113")
        #expect(route.type == .local && route.device == "lo")
        #expect(route.description.hasSuffix("\n    cache <local>"))
        try compare(ns, route, ["192.168.3.113"])
    }

    @Test("iif: a packet arriving on a device, as ip route get … iif prints it")
    func inputDevice() throws {
        let ns = try Self.namespace()
        let route = try ns.net.routeLookup("192.168.3.113", from: "10.0.0.7", iif: "d0")
        #expect(route.inputDevice == "d0" && route.type == .local)
        #expect(route.description.hasSuffix("cache <local> iif d0"))
        try compare(ns, route, ["192.168.3.113", "from", "10.0.0.7", "iif", "d0"])
    }

    @Test("IPv6 lookups")
    func ipv6() throws {
        let ns = try Self.namespace()
        let route = try ns.net.routeLookup("2001:db8:1::5")
        #expect(route.gateway == "2001:db8::2" && route.metric == 5 && route.preferredSource == "2001:db8::1")
        try compare(ns, route, ["2001:db8:1::5"])
    }

    @Test("no route, forwarding off, unknown device: typed errors with hints")
    func errors() throws {
        let ns = try TestNamespace("rg")
        try ns.upVeth("d0", peer: "d0p", addresses: ["10.0.0.1/24"])
        let unreachable = try #require(throws: NetKitError.self) { try ns.net.routeLookup("8.8.8.8") }
        #expect(unreachable.errno == .ENETUNREACH)
        #expect(unreachable.operation.messageType == .getRoute && unreachable.operation.command == "ip route get")
        #expect(unreachable.hint?.contains("default route") == true)
        let forwarding = try #require(throws: NetKitError.self) {
            try ns.net.routeLookup("10.0.0.9", from: "10.0.0.7", iif: "d0p")
        }
        #expect(forwarding.errno == .EHOSTUNREACH)
        #expect(forwarding.hint?.contains("forwarding") == true)
        let missing = try #require(throws: NetKitError.self) { try ns.net.routeLookup("10.0.0.9", oif: "nothere0") }
        #expect(missing.errno == .ENODEV && missing.description.contains("nothere0"))
        let family = try #require(throws: NetKitError.self) { try ns.net.routeLookup("10.0.0.9", from: "2001:db8::1") }
        guard case .invalidInput = family.reason else { Issue.record("\(family)"); return }
    }
}
