import Foundation
import NetKit
import Testing

/// Setup and cross-checks shared by the route suites. Links and addresses are made with `ip`
/// itself so that these tests exercise only the route API.
extension TestNamespace {
    /// `ip -n NAME ARGS…`, failing the test with ip's message when it fails.
    func sh(_ arguments: String...) throws {
        _ = try IPTool.text(["-n", name] + arguments)
    }

    /// A veth pair with both ends up (so it has carrier), without IPv6 link-local addresses
    /// (`addrgenmode none`), returned once the kernel has finished reacting to the carrier.
    ///
    /// Carrier reaches the kernel's link watcher asynchronously: until it runs, each end's routes
    /// read `linkdown` and its IPv6 `multicast ff00::/8 … table local` route does not exist yet.
    /// A table read before that moment differs from one read after it, so this waits for both
    /// ends to be `state UP`, then sends one RTM_NEWLINK (`ip link set NAME up`, a no-op): the
    /// link watcher applies the change holding the RTNL lock, which that request also takes,
    /// so when it returns the carrier's routes are in place.
    func upVeth(_ name: String, peer: String, addresses: [String] = []) throws {
        try sh("link", "add", name, "type", "veth", "peer", "name", peer)
        for device in [name, peer] {
            try sh("link", "set", device, "addrgenmode", "none")
        }
        for address in addresses {
            if address.contains(":") {
                try sh("-6", "addr", "add", address, "dev", name, "nodad")
            } else {
                try sh("addr", "add", address, "dev", name)
            }
        }
        try sh("link", "set", name, "up")
        try sh("link", "set", peer, "up")
        for device in [name, peer] {
            _ = try net.waitForLink(InterfaceName(parsing: device), until: .operational, timeout: .seconds(10))
        }
        try net.setUp(InterfaceName(parsing: name))
    }

    /// `ip -n NAME ARGS…` text, one entry per line with iproute2's trailing blanks removed.
    func ipLines(_ arguments: String...) throws -> [String] {
        try ipLines(arguments)
    }

    func ipLines(_ arguments: [String]) throws -> [String] {
        try IPTool.text(["-n", name] + arguments)
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { line in String(line.reversed().drop(while: { $0 == " " }).reversed()) }
    }
}

/// NetKit's routes as text lines (a multipath route spans several).
func lines(_ routes: [Route]) -> [String] {
    routes.flatMap { $0.description.split(separator: "\n").map(String.init) }
}

/// Reads `ip …` and NetKit until both agree on a stable table (a kernel change between the two
/// dumps would otherwise make the comparison meaningless), then compares line by line.
func expectSameText(
    _ ns: TestNamespace, _ filter: RouteFilter, ip arguments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var ipText: [String] = []
    var ours: [String] = []
    for _ in 0..<5 {
        ipText = try IPTool.text(["-n", ns.name] + arguments)
            .split(separator: "\n").map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        ours = lines(try ns.net.routes(filter: filter))
        if ipText == ours { break }
        usleep(20_000)
    }
    #expect(!ours.isEmpty, "no routes listed", sourceLocation: sourceLocation)
    #expect(
        ours == ipText,
        "NetKit:\n\(ours.joined(separator: "\n"))\nip \(arguments.joined(separator: " ")):\n\(ipText.joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}

/// Compares one route's fields with its entry of `ip -j route …`.
func expectSameFields(_ route: Route, _ json: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
    let label = route.description
    #expect(json["dst"] as? String == route.destination.routeDescription, "\(label)", sourceLocation: sourceLocation)
    #expect(json["type"] as? String == (route.type == .unicast ? nil : route.type.description), "\(label)", sourceLocation: sourceLocation)
    if let gateway = route.gateway, gateway.family != route.family {
        let via = json["via"] as? [String: Any]
        #expect(via?["host"] as? String == gateway.description, "\(label)", sourceLocation: sourceLocation)
        #expect(via?["family"] as? String == gateway.family.description, "\(label)", sourceLocation: sourceLocation)
    } else {
        #expect(json["gateway"] as? String == route.gateway?.description, "\(label)", sourceLocation: sourceLocation)
    }
    #expect(json["dev"] as? String == route.device?.rawValue, "\(label)", sourceLocation: sourceLocation)
    #expect(json["table"] as? String == (route.table == .main ? nil : route.table.description), "\(label)", sourceLocation: sourceLocation)
    #expect(
        json["protocol"] as? String == (route.protocol == .boot ? nil : route.protocol?.description), "\(label)",
        sourceLocation: sourceLocation)
    #expect(
        json["scope"] as? String == (route.scope == .global ? nil : route.scope?.description), "\(label)", sourceLocation: sourceLocation)
    #expect(json["prefsrc"] as? String == route.preferredSource?.description, "\(label)", sourceLocation: sourceLocation)
    #expect((json["metric"] as? Int).map(UInt32.init) == route.metric, "\(label)", sourceLocation: sourceLocation)
    #expect(json["flags"] as? [String] ?? [] == route.flags.names, "\(label)", sourceLocation: sourceLocation)
    #expect(json["pref"] as? String == route.preference?.description, "\(label)", sourceLocation: sourceLocation)
    let metrics = (json["metrics"] as? [[String: Any]])?.first
    #expect((metrics?["mtu"] as? Int).map(UInt32.init) == route.mtu, "\(label)", sourceLocation: sourceLocation)
    #expect((metrics?["advmss"] as? Int).map(UInt32.init) == route.advmss, "\(label)", sourceLocation: sourceLocation)
    let hops = json["nexthops"] as? [[String: Any]] ?? []
    #expect(hops.count == route.nextHops.count, "\(label)", sourceLocation: sourceLocation)
    for (hop, entry) in zip(route.nextHops, hops) {
        #expect(entry["gateway"] as? String == hop.gateway?.description, "\(label)", sourceLocation: sourceLocation)
        #expect(entry["dev"] as? String == hop.device?.rawValue, "\(label)", sourceLocation: sourceLocation)
        #expect(entry["weight"] as? Int == hop.weight, "\(label)", sourceLocation: sourceLocation)
        #expect(entry["flags"] as? [String] ?? [] == hop.flags.names, "\(label)", sourceLocation: sourceLocation)
    }
}

/// Compares every route of a listing with `ip -j` for the same selection, in order.
func expectSameJSON(
    _ ns: TestNamespace, _ routes: [Route], ip arguments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let json = try IPTool.json(["-n", ns.name, "-j"] + arguments)
    #expect(
        json.count == routes.count, "ip -j \(arguments.joined(separator: " ")) has \(json.count) routes, NetKit \(routes.count)",
        sourceLocation: sourceLocation)
    for (route, entry) in zip(routes, json) {
        expectSameFields(route, entry, sourceLocation: sourceLocation)
    }
}
