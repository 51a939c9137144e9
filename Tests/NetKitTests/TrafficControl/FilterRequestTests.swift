import Testing
@testable import NetKit

/// Filter requests built by libnl's classifier and action modules, compared with what `tc` sent
/// (TCCaptures: `d0` has index 7, the mirred target `d1` index 8), in FilterRendering's form.
@Suite("Traffic control: filter requests match what tc sends")
struct FilterRequestTests {
    private let targets: [InterfaceName: Int32] = ["d1": 8]

    private func expectSame(
        _ command: String, _ filter: Filter, _ tcCommand: TCCommand = .add, dropping: Set<UInt16> = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let captured = try #require(TCCaptures.messages[command], "no capture for \(command)", sourceLocation: sourceLocation)
        let sent = try TCCaptures.sent(try filter.request(tcCommand, index: 7, targets: targets))
        let actionList: UInt16 =
            switch filter.kind {
            case "u32": 7
            case "basic": 3
            default: 2
            }
        var rendered = FilterRendering.render(sent, actionList: actionList)
        for type in dropping {
            rendered = rendered.replacingOccurrences(of: "\(type):00000000,", with: "").replacingOccurrences(
                of: ",\(type):00000000}", with: "}")
        }
        #expect(rendered == FilterRendering.render(TCCaptures.normalized(captured), actionList: actionList), sourceLocation: sourceLocation)
        #expect(sent.count - 8 * dropping.count == captured.count, "same length as tc's", sourceLocation: sourceLocation)
    }

    @Test("u32 match-all with mirred egress redirect and mirror (the bandwidth plugin's filter)")
    func u32Mirred() throws {
        try expectSame(
            "tc filter add dev d0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev d1",
            Filter(.u32All, device: "d0", parent: .ingressQdisc, actions: [.redirect(to: "d1")]))
        try expectSame(
            "tc filter add dev d0 parent ffff: protocol all prio 2 u32 match u32 0 0 action mirred egress mirror dev d1",
            Filter(.u32All, device: "d0", parent: .ingressQdisc, priority: 2, actions: [.mirror(to: "d1")]))
    }

    @Test("u32 match ip dst / src prefix with gact drop / pass")
    func u32Prefixes() throws {
        try expectSame(
            "tc filter add dev d0 parent ffff: protocol ip prio 3 u32 match ip dst 10.0.0.0/8 action drop",
            Filter(
                .u32Destination(try IPNetwork(parsing: "10.0.0.0/8")), device: "d0", parent: .ingressQdisc,
                protocol: .ip, priority: 3, actions: [.drop]))
        try expectSame(
            "tc filter add dev d0 parent ffff: protocol ip prio 4 u32 match ip src 192.168.1.0/24 action pass",
            Filter(
                .u32Source(try IPNetwork(parsing: "192.168.1.0/24")), device: "d0", parent: .ingressQdisc,
                protocol: .ip, priority: 4, actions: [.pass]))
    }

    @Test("matchall and basic")
    func matchallAndBasic() throws {
        try expectSame(
            "tc filter add dev d0 parent ffff: protocol all prio 5 matchall action mirred egress redirect dev d1",
            Filter(.matchall, device: "d0", parent: .ingressQdisc, priority: 5, actions: [.redirect(to: "d1")]),
            // libnl 3.7 always sends TCA_MATCHALL_CLASSID and TCA_MATCHALL_FLAGS, both 0
            // here (no class, no offload flags), which tc leaves out.
            dropping: [1, 3])
        try expectSame(
            "tc filter add dev d0 parent ffff: protocol all prio 6 basic action drop",
            Filter(.basic, device: "d0", parent: .ingressQdisc, priority: 6, actions: [.drop]))
    }

    @Test("delete by priority, and all of a parent; the dump request")
    func deleteAndDump() throws {
        try expectSame(
            "tc filter del dev d0 parent ffff: protocol all prio 2",
            Filter(device: "d0", parent: .ingressQdisc, protocol: .all, priority: 2), .delete)
        try expectSame("tc filter del dev d0 parent ffff:", Filter(device: "d0", parent: .ingressQdisc), .delete)
        var dump = Filter.dumpRequest(index: 7, parent: .ingressQdisc)
        dump.flags.insert(.dump)
        let captured = try #require(TCCaptures.messages["tc filter show dev d0 parent ffff:"])
        #expect(try TCCaptures.sent(dump, ack: false) == TCCaptures.normalized(captured, ack: false))
    }
}
