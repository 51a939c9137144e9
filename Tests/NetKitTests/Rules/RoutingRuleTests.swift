import CNetlink
@testable import NetKit
import Testing

/// Rule constants, request bytes (compared with iproute2 6.1's for the same command), parsing,
/// validation and `ip rule` text (expected lines copied from iproute2 6.1's output).
@Suite("Routing rules: constants, bytes, parsing, text, validation")
struct RoutingRuleTests {
    @Test func constantsMatchTheHeaders() {
        // The FRA_* and FR_ACT_* enums are anonymous, so they import as Int constants.
        #expect(Int(FRA.destination) == FRA_DST)
        #expect(Int(FRA.source) == FRA_SRC)
        #expect(Int(FRA.inputInterface) == FRA_IIFNAME)
        #expect(Int(FRA.gotoTarget) == FRA_GOTO)
        #expect(Int(FRA.priority) == FRA_PRIORITY)
        #expect(Int(FRA.firewallMark) == FRA_FWMARK)
        #expect(Int(FRA.flow) == FRA_FLOW)
        #expect(Int(FRA.tunnelID) == FRA_TUN_ID)
        #expect(Int(FRA.suppressInterfaceGroup) == FRA_SUPPRESS_IFGROUP)
        #expect(Int(FRA.suppressPrefixLength) == FRA_SUPPRESS_PREFIXLEN)
        #expect(Int(FRA.table) == FRA_TABLE)
        #expect(Int(FRA.firewallMask) == FRA_FWMASK)
        #expect(Int(FRA.outputInterface) == FRA_OIFNAME)
        #expect(Int(FRA.l3mdev) == FRA_L3MDEV)
        #expect(Int(FRA.uidRange) == FRA_UID_RANGE)
        #expect(Int(FRA.protocolID) == FRA_PROTOCOL)
        #expect(Int(FRA.ipProtocol) == FRA_IP_PROTO)
        #expect(Int(FRA.sourcePortRange) == FRA_SPORT_RANGE)
        #expect(Int(FRA.destinationPortRange) == FRA_DPORT_RANGE)
        #expect(Int(FibRuleAction.unspecified) == FR_ACT_UNSPEC)
        #expect(Int(FibRuleAction.toTable) == FR_ACT_TO_TBL)
        #expect(Int(FibRuleAction.goto) == FR_ACT_GOTO)
        #expect(Int(FibRuleAction.nop) == FR_ACT_NOP)
        #expect(Int(FibRuleAction.blackhole) == FR_ACT_BLACKHOLE)
        #expect(Int(FibRuleAction.unreachable) == FR_ACT_UNREACHABLE)
        #expect(Int(FibRuleAction.prohibit) == FR_ACT_PROHIBIT)
        #expect(FibRuleFlag.permanent == UInt32(FIB_RULE_PERMANENT))
        #expect(FibRuleFlag.invert == UInt32(FIB_RULE_INVERT))
        #expect(FibRuleFlag.unresolved == UInt32(FIB_RULE_UNRESOLVED))
        #expect(FibRuleFlag.inputInterfaceDetached == UInt32(FIB_RULE_IIF_DETACHED))
        #expect(FibRuleFlag.outputInterfaceDetached == UInt32(FIB_RULE_OIF_DETACHED))
        #expect(MemoryLayout<RuleHeader>.size == MemoryLayout<fib_rule_hdr>.size)
    }

    private func bytes(_ rule: RoutingRule, adding: Bool) throws -> [UInt8] {
        try sentBytes(rule.encode(adding: adding, operation: "test"))
    }

    @Test("ip rule add from 10.0.0.0/8 table 100 prio 100")
    func addBytes() throws {
        let body = hexBytes(
            #"\x02\x00\x08\x00\x64\x00\x00\x01\x00\x00\x00\x00\x08\x00\x02\x00\x0a\x00\x00\x00\x08\x00\x06\x00\x64\x00\x00\x00"#)
        let rule = RoutingRule(priority: 100, from: "10.0.0.0/8", table: 100)
        #expect(try bytes(rule, adding: true) == netlinkHeader(length: 44, type: 32, flags: 0x0605) + body)
    }

    @Test("ip rule add not to 192.168.0.0/16 fwmark 0x10/0xff iif d0 oif d1 lookup 300 prio 200")
    func addManyBytes() throws {
        let body = hexBytes(
            #"\x02\x10\x00\x00\x00\x00\x00\x01\x02\x00\x00\x00\x08\x00\x01\x00\xc0\xa8\x00\x00\x08\x00\x0a\x00\x10\x00\x00\x00\x08\x00\x10\x00\xff\x00\x00\x00\x07\x00\x03\x00\x64\x30\x00\x00\x07\x00\x11\x00\x64\x31\x00\x00\x08\x00\x0f\x00\x2c\x01\x00\x00\x08\x00\x06\x00\xc8\x00\x00\x00"#
        )
        let rule = RoutingRule(
            priority: 200, to: "192.168.0.0/16", invert: true, fwmark: 0x10, fwmask: 0xff,
            iif: "d0", oif: "d1", table: 300)
        #expect(try bytes(rule, adding: true) == netlinkHeader(length: 84, type: 32, flags: 0x0605) + body)
    }

    @Test("ip rule add prio 300 blackhole")
    func blackholeBytes() throws {
        let body = hexBytes(#"\x02\x00\x00\x00\x00\x00\x00\x06\x00\x00\x00\x00\x08\x00\x06\x00\x2c\x01\x00\x00"#)
        #expect(
            try bytes(RoutingRule(priority: 300, action: .blackhole), adding: true) == netlinkHeader(length: 36, type: 32, flags: 0x0605)
                + body)
    }

    @Test("ip rule del prio 100: action left unspecified so any rule of that priority matches")
    func deleteBytes() throws {
        let body = hexBytes(#"\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x06\x00\x64\x00\x00\x00"#)
        #expect(try bytes(RoutingRule(priority: 100), adding: false) == netlinkHeader(length: 36, type: 33, flags: 0x0005) + body)
    }

    @Test(
        "ip rule text, as iproute2 6.1 prints it",
        arguments: [
            (RoutingRule(priority: 0, table: .local), "0:\tfrom all lookup local"),
            (RoutingRule(priority: 100, from: "10.0.0.0/8", table: 100), "100:\tfrom 10.0.0.0/8 lookup 100"),
            (
                RoutingRule(priority: 200, to: "192.168.0.0/16", fwmark: 0x10, fwmask: 0xff, iif: "v0", oif: "v1", table: 200),
                "200:\tfrom all to 192.168.0.0/16 fwmark 0x10/0xff iif v0 oif v1 lookup 200"
            ),
            (RoutingRule(priority: 300, from: "10.1.0.1/32", invert: true, action: .blackhole), "300:\tnot from 10.1.0.1 blackhole"),
            (RoutingRule(priority: 400, action: .unreachable), "400:\tfrom all unreachable"),
            (RoutingRule(priority: 500, iif: "v0", action: .prohibit), "500:\tfrom all iif v0 prohibit"),
            (RoutingRule(priority: 600, fwmark: 7, fwmask: 0xffff_ffff, table: .main), "600:\tfrom all fwmark 0x7 lookup main"),
            (RoutingRule(priority: 700, table: 5000, proto: .static), "700:\tfrom all lookup 5000 proto static"),
            (RoutingRule(priority: 800, table: .main, suppressPrefixLength: 0), "800:\tfrom all lookup main suppress_prefixlength 0"),
            (RoutingRule(priority: 900, from: "10.0.0.1/32", action: .goto(32766)), "900:\tfrom 10.0.0.1 goto 32766"),
            (RoutingRule(priority: 32766, table: .main, proto: .kernel), "32766:\tfrom all lookup main"),
            (RoutingRule(family: .ipv6, priority: 100, from: "2001:db8::/32", table: 100), "100:\tfrom 2001:db8::/32 lookup 100"),
            (RoutingRule(priority: 1, fwmark: 0, fwmask: 0xff, table: .main), "1:\tfrom all fwmark 0/0xff lookup main"),
        ])
    func text(_ rule: RoutingRule, _ line: String) {
        #expect(rule.description == line)
    }

    @Test("the family follows from/to unless given")
    func family() {
        #expect(RoutingRule(from: "2001:db8::/32").family == .ipv6)
        #expect(RoutingRule(to: "10.0.0.0/8").family == .ipv4)
        #expect(RoutingRule(table: 100).family == .ipv4)
        #expect(RoutingRule(family: .ipv6, table: 100).family == .ipv6)
    }

    @Test("a kernel message parses back into the same rule")
    func parse() throws {
        var request = RoutingRule(
            priority: 200, to: "192.168.0.0/16", invert: true, fwmark: 0x10, fwmask: 0xff,
            iif: "d0", oif: "d1", table: 300
        ).encode(adding: true, operation: "t")
        request.appendAttribute(FRA.suppressPrefixLength, uint32: .max)
        request.appendAttribute(FRA.protocolID, uint8: 4)
        let rule = try #require(try decodeEach(request) { try RoutingRule(message: $0) }.first ?? nil)
        #expect(rule.priority == 200)
        #expect(rule.invert)
        #expect(rule.to == "192.168.0.0/16")
        #expect(rule.fwmark == 0x10 && rule.fwmask == 0xff)
        #expect(rule.iif == "d0" && rule.oif == "d1")
        #expect(rule.table == 300)
        #expect(rule.suppressPrefixLength == nil)
        #expect(rule.protocol == .static)
        #expect(rule.action == .toTable)
        #expect(rule.description == "200:\tnot from all to 192.168.0.0/16 fwmark 0x10/0xff iif d0 oif d1 lookup 300 proto static")
    }

    @Test("multicast-routing families (RTNL_FAMILY_IPMR 128) are skipped")
    func otherFamily() throws {
        var request = NetlinkRequest(.newRule, flags: [], operation: "t")
        request.appendHeader(RuleHeader(family: 128, table: 254, action: 1))
        let parsed = try decodeEach(request) { try RoutingRule(message: $0) }
        #expect(parsed.count == 1)
        #expect(parsed.first == .some(nil))
    }

    private func rejection(_ rule: RoutingRule, adding: Bool = true) -> String? {
        do {
            try rule.validate(adding: adding, operation: "RTM_NEWRULE (ip rule add)")
            return nil
        } catch {
            guard case .invalidInput(let why) = error.reason else { return "unexpected \(error)" }
            return why
        }
    }

    @Test("validation: wrong family, host bits, bad names, mask without mark, table with a drop action, empty delete")
    func validation() {
        #expect(
            rejection(RoutingRule(family: .ipv4, from: "2001:db8::/32"))?.contains("from 2001:db8::/32 is IPv6 but the rule is IPv4")
                == true)
        #expect(rejection(RoutingRule(family: .ipv6, to: "10.0.0.0/8"))?.contains("is IPv4 but the rule is IPv6") == true)
        #expect(rejection(RoutingRule(from: "10.0.0.1/8"))?.contains("did you mean 10.0.0.0/8?") == true)
        // iif and oif are InterfaceName: a bad name cannot reach a rule.
        #expect(throws: NetKitError.self) { RoutingRule(iif: try InterfaceName(parsing: "bad/name")) }
        #expect(throws: NetKitError.self) { RoutingRule(oif: try InterfaceName(parsing: "sixteen-bytes-xx")) }
        #expect(rejection(RoutingRule(fwmask: 0xff))?.contains("fwmask needs fwmark") == true)
        #expect(rejection(RoutingRule(table: 100, action: .blackhole))?.contains("looks up no table") == true)
        #expect(rejection(RoutingRule(table: .unspec))?.contains("table 0") == true)
        #expect(rejection(RoutingRule(), adding: false)?.contains("names no selector") == true)
        #expect(rejection(RoutingRule(priority: 5), adding: false) == nil)
        #expect(rejection(RoutingRule(from: "10.0.0.0/8", table: 100)) == nil)
    }
}
