import Testing
@testable import NetKit

@Suite("Routes: protocol, scope, table and type names as iproute2 prints them")
struct RouteNameTests {
    @Test(
        "protocol names follow iproute2's rt_protos; others print as numbers",
        arguments: [
            (RouteProtocol.unspec, "unspec"), (.redirect, "redirect"), (.kernel, "kernel"), (.boot, "boot"),
            (.static, "static"), (.gated, "gated"), (.ra, "ra"), (.mrt, "mrt"), (.zebra, "zebra"), (.bird, "bird"),
            (.dnrouted, "dnrouted"), (.xorp, "xorp"), (.ntk, "ntk"), (.dhcp, "dhcp"), (.keepalived, "keepalived"),
            (.babel, "babel"), (.openr, "openr"), (.bgp, "bgp"), (.isis, "isis"), (.ospf, "ospf"), (.rip, "rip"),
            (.eigrp, "eigrp"), (.mrouted, "17"), (RouteProtocol(rawValue: 200), "200"),
        ])
    func protocolNames(_ proto: RouteProtocol, _ name: String) throws {
        #expect(proto.description == name)
        #expect(try RouteProtocol(parsing: name) == proto)
    }

    @Test(
        "scope names",
        arguments: [
            (RouteScope.global, "global"), (.site, "site"), (.link, "link"), (.host, "host"), (.nowhere, "nowhere"),
            (RouteScope(rawValue: 7), "7"),
        ])
    func scopeNames(_ scope: RouteScope, _ name: String) throws {
        #expect(scope.description == name)
        #expect(try RouteScope(parsing: name) == scope)
        #expect(RouteScope.universe == .global)
    }

    @Test(
        "table names: main, local, default, else the id (ids above 255 too)",
        arguments: [
            (RouteTable.main, "main"), (.local, "local"), (.default, "default"),
            (RouteTable(rawValue: 100), "100"), (RouteTable(rawValue: 5000), "5000"), (RouteTable(rawValue: .max), "4294967295"),
        ])
    func tableNames(_ table: RouteTable, _ name: String) throws {
        #expect(table.description == name)
        #expect(try RouteTable(parsing: name) == table)
    }

    @Test("table 0 is named only where rt_tables names it (stock iproute2 files say unspec)")
    func unspecTable() {
        #expect(RouteTable.unspec.description == IPRoute2Names.tables.names[0] ?? "0")
    }

    @Test(
        "type names follow rtnl_rtntype_n2a",
        arguments: [
            (RouteType.unspec, "none"), (.unicast, "unicast"), (.local, "local"), (.broadcast, "broadcast"),
            (.anycast, "anycast"), (.multicast, "multicast"), (.blackhole, "blackhole"), (.unreachable, "unreachable"),
            (.prohibit, "prohibit"), (.throw, "throw"), (.nat, "nat"), (.xresolve, "xresolve"), (RouteType(rawValue: 42), "42"),
        ])
    func typeNames(_ type: RouteType, _ name: String) throws {
        #expect(type.description == name)
        if type != .unspec { #expect(try RouteType(parsing: name) == type) }
    }

    @Test("unknown names and out-of-range numbers are typed errors that quote the input")
    func badNames() {
        for (input, parse) in [
            ("birdd", { _ = try RouteProtocol(parsing: "birdd") }),
            ("256", { _ = try RouteProtocol(parsing: "256") }),
            ("galaxy", { _ = try RouteScope(parsing: "galaxy") }),
            ("4294967296", { _ = try RouteTable(parsing: "4294967296") }),
            ("mian", { _ = try RouteTable(parsing: "mian") }),
            ("blackholes", { _ = try RouteType(parsing: "blackholes") }),
        ] as [(String, () throws -> Void)] {
            let error = #expect(throws: NetKitError.self) { try parse() }
            guard case .invalidInput(let message)? = error?.reason else {
                Issue.record("\(input): expected .invalidInput")
                continue
            }
            #expect(message.contains("\"\(input)\""), "\(message)")
        }
    }

    @Test("a table id given as Int outside UInt32 is a typed error")
    func tableIdRange() throws {
        let (valid, negative, tooLarge) = (5000, -1, Int(UInt32.max) + 1)
        #expect(try RouteTable(valid) == RouteTable(rawValue: 5000))
        #expect(throws: NetKitError.self) { try RouteTable(negative) }
        #expect(throws: NetKitError.self) { try RouteTable(tooLarge) }
    }

    @Test("iproute2 database lines: decimal, hex and trailing comments")
    func databaseLines() {
        #expect(IPRoute2Names.parseLine("12\tbird") ?? (0, "") == (12, "bird"))
        #expect(IPRoute2Names.parseLine("0x0c bird # comment") ?? (0, "") == (12, "bird"))
        #expect(IPRoute2Names.parseLine("# 12 bird") == nil)
        #expect(IPRoute2Names.parseLine("  ") == nil)
        #expect(IPRoute2Names.parseLine("x bird") == nil)
    }

    @Test("route flags print in iproute2's order")
    func flagNames() {
        let flags: RouteFlags = [.linkdown, .onlink, .dead, .routeOffload]
        #expect(flags.description == "dead onlink linkdown rt_offload")
        #expect(RouteFlags.cloned.description == "")
        #expect(RouteFlags(rawValue: RTCF.local).cacheFlagsText == "<local>")
        #expect(RouteFlags(rawValue: RTCF.local | RTCF.broadcast).cacheFlagsText == "<local,brd>")
        #expect(RouteFlags(rawValue: RTCF.local | 0x0010_0000).cacheFlagsText == "<local,100000>")
    }
}
