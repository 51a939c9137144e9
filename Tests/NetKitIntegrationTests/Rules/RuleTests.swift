import Foundation
import NetKit
import Testing

@Suite("Rules: list, add, delete")
struct RuleIntegrationTests {
    @Test("a fresh namespace's rules print exactly as ip rule and ip -6 rule print them")
    func defaults() throws {
        let ns = try TestNamespace("r")
        let v4 = try ns.net.rules(family: .ipv4)
        #expect(v4.map(\.description) == ["0:\tfrom all lookup local", "32766:\tfrom all lookup main", "32767:\tfrom all lookup default"])
        #expect(try ns.trimmedLines("rule", "show") == v4.map(\.description))
        let v6 = try ns.net.rules(family: .ipv6)
        #expect(try ns.trimmedLines("-6", "rule", "show") == v6.map(\.description))
        #expect(v6.allSatisfy { $0.family == .ipv6 })
        #expect(try ns.net.rules().count == v4.count + v6.count)
        let json = try ns.ip("rule", "show")
        #expect(json.compactMap { $0["priority"] as? Int } == v4.compactMap { $0.priority.map(Int.init) })
        #expect(json.compactMap { $0["table"] as? String } == v4.compactMap { $0.table?.description })
    }

    @Test("every kind of rule: kernel state, ip -j rule and ip rule text agree")
    func addMany() throws {
        let ns = try TestNamespace("r")
        let rules: [RoutingRule] = [
            RoutingRule(priority: 100, from: "10.0.0.0/8", table: 100),
            RoutingRule(priority: 200, to: "192.168.0.0/16", fwmark: 0x10, fwmask: 0xff, iif: "lo", oif: "nosuch0", table: 200),
            RoutingRule(priority: 300, from: "10.1.0.1/32", invert: true, action: .blackhole),
            RoutingRule(priority: 400, action: .unreachable),
            RoutingRule(priority: 500, iif: "lo", action: .prohibit),
            RoutingRule(priority: 600, fwmark: 7, table: .main),
            RoutingRule(priority: 700, table: 5000),
            RoutingRule(priority: 800, table: .main, suppressPrefixLength: 0),
            RoutingRule(priority: 900, from: "10.0.0.1/32", action: .goto(32766)),
            RoutingRule(priority: 1000, from: "10.2.0.0/16"),
        ]
        for rule in rules { try ns.net.addRule(rule) }
        let listed = try ns.net.rules(family: .ipv4)
        #expect(try ns.trimmedLines("rule", "show") == listed.map(\.description))
        #expect(
            listed.map(\.description) == [
                "0:\tfrom all lookup local",
                "100:\tfrom 10.0.0.0/8 lookup 100",
                "200:\tfrom all to 192.168.0.0/16 fwmark 0x10/0xff iif lo oif nosuch0 [detached] lookup 200",
                "300:\tnot from 10.1.0.1 blackhole",
                "400:\tfrom all unreachable",
                "500:\tfrom all iif lo prohibit",
                "600:\tfrom all fwmark 0x7 lookup main",
                "700:\tfrom all lookup 5000",
                "800:\tfrom all lookup main suppress_prefixlength 0",
                "900:\tfrom 10.0.0.1 goto 32766",
                "1000:\tfrom 10.2.0.0/16 lookup main",
                "32766:\tfrom all lookup main",
                "32767:\tfrom all lookup default",
            ])
        let rule200 = try #require(listed.first { $0.priority == 200 })
        #expect(rule200.oifDetached && !rule200.iifDetached)
        #expect(rule200.fwmark == 0x10 && rule200.fwmask == 0xff)

        let json = try ns.ip("rule", "show")
        try #require(json.count == listed.count)
        for (rule, entry) in zip(listed, json) {
            #expect(entry["priority"] as? Int == rule.priority.map(Int.init))
            #expect(entry["src"] as? String == (rule.from.map { $0.address.description } ?? "all"))
            #expect(entry["dst"] as? String == rule.to?.address.description)
            #expect(entry["iif"] as? String == rule.iif?.rawValue)
            #expect(entry["oif"] as? String == rule.oif?.rawValue)
            #expect(entry["table"] as? String == rule.table?.description)
            #expect(entry.keys.contains("not") == rule.invert)
        }
    }

    @Test("adding twice is a typed EEXIST; deletes match like ip rule del; a missing rule is a typed not-found")
    func deleteMatching() throws {
        let ns = try TestNamespace("r")
        let rule = RoutingRule(priority: 100, from: "10.0.0.0/8", table: 100)
        try ns.net.addRule(rule)
        let exists = try #require(throws: NetKitError.self) { try ns.net.addRule(rule) }
        #expect(exists.isAlreadyExists)
        #expect(exists.operation.messageType == .newRule && exists.operation.command == "ip rule add")

        // ip rule del priority 100: whatever its action.
        try ns.net.deleteRule(RoutingRule(priority: 100))
        #expect(try ns.net.rules(family: .ipv4).contains { $0.priority == 100 } == false)

        // ip rule del from 10.1.0.0/16 lookup 200: no priority given.
        try ns.net.addRule(RoutingRule(priority: 150, from: "10.1.0.0/16", table: 200))
        try ns.net.addRule(RoutingRule(priority: 160, action: .blackhole))
        try ns.net.deleteRule(RoutingRule(from: "10.1.0.0/16", table: 200))
        try ns.net.deleteRule(RoutingRule(priority: 160))
        #expect(try ns.ip("rule", "show").compactMap { $0["priority"] as? Int } == [0, 32766, 32767])

        // A rule read back deletes exactly itself.
        try ns.net.addRule(RoutingRule(priority: 170, fwmark: 3, table: 300))
        let listed = try #require(try ns.net.rules(family: .ipv4).first { $0.priority == 170 })
        try ns.net.deleteRule(listed)
        #expect(try ns.net.rules(family: .ipv4).count == 3)

        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteRule(RoutingRule(priority: 999)) }
        #expect(missing.isNotFound)
        #expect(missing.errno == .ENOENT)
        let empty = try #require(throws: NetKitError.self) { try ns.net.deleteRule(RoutingRule()) }
        guard case .invalidInput = empty.reason else { Issue.record("expected invalid input, got \(empty)"); return }
        #expect(try ns.net.rules(family: .ipv4).count == 3)
    }

    @Test("IPv6 rules are a separate list")
    func ipv6() throws {
        let ns = try TestNamespace("r")
        try ns.net.addRule(RoutingRule(priority: 100, from: "2001:db8::/32", table: 100))
        let v6 = try ns.net.rules(family: .ipv6)
        #expect(v6.contains { $0.description == "100:\tfrom 2001:db8::/32 lookup 100" })
        #expect(try ns.trimmedLines("-6", "rule", "show") == v6.map(\.description))
        #expect(try ns.net.rules(family: .ipv4).contains { $0.priority == 100 } == false)
        try ns.net.deleteRule(RoutingRule(family: .ipv6, priority: 100))
        #expect(try ns.ip("-6", "rule", "show").contains { $0["priority"] as? Int == 100 } == false)

        let mismatch = try #require(throws: NetKitError.self) {
            try ns.net.addRule(RoutingRule(family: .ipv4, from: "2001:db8::/32", table: 100))
        }
        guard case .invalidInput = mismatch.reason else { Issue.record("expected invalid input, got \(mismatch)"); return }
    }
}
