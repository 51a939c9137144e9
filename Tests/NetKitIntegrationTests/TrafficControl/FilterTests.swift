import NetKit
import Testing

/// Runs `body`, which adds something whose kernel module this host may lack (u32, matchall,
/// mirred …). Returns false after checking the typed missing-feature error when the kernel
/// lacks it and the kernel lane does not require it.
func optionalTC(_ expected: String..., body: () throws(NetKitError) -> Void) throws -> Bool {
    do {
        try body()
        return true
    } catch {
        guard case .kernelFeatureMissing(let feature) = error.reason else { throw error }
        #expect(expected.contains { feature.contains($0) }, "\(error)")
        #expect(!OptionalQdisc.isRequired, "\(feature) is required here but the kernel lacks it: \(error)")
        return false
    }
}

/// Each filter's description is what `tc filter show dev DEVICE parent PARENT` prints for it, less
/// the action counters (`index 1 ref 1 bind 1`) and the parent, which tc leaves out when it is
/// the one asked for.
func expectFilterText(
    _ ns: TestNamespace, _ device: String, parent: TCHandle,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let filters = try ns.net.filters(dev: InterfaceName(parsing: device), parent: parent)
    let shown = try IPTool.text(["-n", ns.name, "filter", "show", "dev", device, "parent", "\(parent)"], tool: "/usr/sbin/tc")
    let lines = shown.split(separator: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) }
        .filter { !$0.isEmpty && !$0.hasPrefix("\tindex ") && !$0.hasPrefix("\t index ") }
    let parentWords =
        switch parent {
        case .clsactIngress: "ingress"
        case .clsactEgress: "egress"
        default: "parent \(parent)"
        }
    let ours = filters.flatMap { $0.description.split(separator: "\n").map(String.init) }
        .map { $0.replacingOccurrences(of: "filter \(parentWords) ", with: "filter ") }
    #expect(!lines.isEmpty && ours == lines, sourceLocation: sourceLocation)
}

@Suite("Traffic control: ifb links and filters with actions, checked with ip -j and tc -j")
struct FilterTests {
    @Test("ifb in the handle's namespace and directly in another namespace")
    func ifbLinks() throws {
        let ns = try TestNamespace("ifb")
        let other = try TestNamespace("ifbt")
        try ns.net.add(IFB(name: "ifb0"))
        try ns.net.add(IFB(name: "ifb1", options: LinkOptions(namespace: other.namespace)))
        let here = try ns.ip("-d", "link", "show", "ifb0").first
        #expect((here?["linkinfo"] as? [String: Any])?["info_kind"] as? String == "ifb")
        let there = try other.ip("-d", "link", "show", "ifb1").first
        #expect((there?["linkinfo"] as? [String: Any])?["info_kind"] as? String == "ifb")
        #expect(try ns.ip("link", "show").allSatisfy { $0["ifname"] as? String != "ifb1" })
    }

    @Test("u32 match-all with mirred egress redirect to an ifb on an ingress qdisc (the bandwidth plugin's filter)")
    func u32Redirect() throws {
        let ns = try TestNamespace.withVeth("u32")
        try ns.net.add(IFB(name: "ifb0"))
        try ns.net.setUp("ifb0")
        try ns.net.addQdisc(.ingress(on: "veth0"))
        let filter = Filter(.u32All, device: "veth0", parent: .ingressQdisc, actions: [.redirect(to: "ifb0")])
        guard
            try optionalTC("CONFIG_NET_CLS_U32", "CONFIG_NET_ACT_MIRRED", body: { () throws(NetKitError) in try ns.net.addFilter(filter) })
        else {
            #expect(try ns.net.filters(dev: "veth0", parent: .ingressQdisc).isEmpty)
            return
        }
        let ours = try ns.net.filters(dev: "veth0", parent: .ingressQdisc)
        let theirs = try ns.tc("filter", "show", "dev", "veth0", "parent", "ffff:")
        #expect(ours.count == theirs.count && !ours.isEmpty)
        #expect(ours.allSatisfy { $0.kind == "u32" && $0.protocol == .all && $0.priority == theirs.first?["pref"] as? UInt16 })
        #expect(ours.contains { $0.actions == [.redirect(to: "ifb0")] }, "\(ours)")
        let action = theirs.compactMap { ($0["options"] as? [String: Any])?["actions"] as? [[String: Any]] }.flatMap { $0 }.first
        #expect(
            action?["kind"] as? String == "mirred" && action?["to_dev"] as? String == "ifb0"
                && action?["mirred_action"] as? String == "redirect")
        try expectFilterText(ns, "veth0", parent: .ingressQdisc)
        try ns.net.deleteFilter(Filter(device: "veth0", parent: .ingressQdisc))
        #expect(try ns.tc("filter", "show", "dev", "veth0", "parent", "ffff:").isEmpty)
    }

    @Test("u32 match ip dst with gact drop; matchall with mirred mirror; basic with gact pass (clsact)")
    func otherClassifiers() throws {
        let ns = try TestNamespace.withVeth("cls")
        try ns.net.addQdisc(.clsact(on: "veth0"))
        let drop = Filter(
            .u32Destination(try IPNetwork(parsing: "10.0.0.0/8")), device: "veth0", parent: .clsactIngress,
            protocol: .ip, priority: 3, actions: [.drop])
        if try optionalTC("CONFIG_NET_CLS_U32", "CONFIG_NET_ACT_GACT", body: { () throws(NetKitError) in try ns.net.addFilter(drop) }) {
            #expect(try ns.net.filters(dev: "veth0", parent: .clsactIngress).contains { $0.priority == 3 && $0.actions == [.drop] })
        }
        let mirror = Filter(.matchall, device: "veth0", parent: .clsactEgress, priority: 5, actions: [.mirror(to: "veth1")])
        if try optionalTC(
            "CONFIG_NET_CLS_MATCHALL", "CONFIG_NET_ACT_MIRRED", body: { () throws(NetKitError) in try ns.net.addFilter(mirror) })
        {
            let found = try ns.net.filters(dev: "veth0", parent: .clsactEgress)
            #expect(found.contains { $0.kind == "matchall" && $0.actions == [.mirror(to: "veth1")] }, "\(found)")
            #expect(try ns.tc("filter", "show", "dev", "veth0", "egress").contains { $0["kind"] as? String == "matchall" })
        }
        let pass = Filter(.basic, device: "veth0", parent: .clsactIngress, priority: 7, actions: [.pass])
        if try optionalTC("CONFIG_NET_CLS_BASIC", "CONFIG_NET_ACT_GACT", body: { () throws(NetKitError) in try ns.net.addFilter(pass) }) {
            #expect(try ns.net.filters(dev: "veth0", parent: .clsactIngress).contains { $0.kind == "basic" && $0.actions == [.pass] })
            #expect(try ns.tc("filter", "show", "dev", "veth0", "ingress").contains { $0["kind"] as? String == "basic" })
        }
        if try !ns.net.filters(dev: "veth0", parent: .clsactIngress).isEmpty {
            try expectFilterText(ns, "veth0", parent: .clsactIngress)
        }
        if try !ns.net.filters(dev: "veth0", parent: .clsactEgress).isEmpty {
            try expectFilterText(ns, "veth0", parent: .clsactEgress)
        }
    }
}
