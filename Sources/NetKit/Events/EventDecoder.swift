/// Turns rtnetlink notifications into ``NetworkEvent``s.
///
/// Notifications carry device indices and say only "new" or "deleted", so the decoder follows
/// the links (always, whatever kinds were asked for) to name devices and to tell a new link from
/// a changed one, and the neighbour entries for the same reason. What it knows starts from a
/// dump (``reset(links:neighbours:)``) and is then kept by the notifications themselves — the
/// way `ip monitor` keeps its own index cache.
struct EventDecoder {
    /// A decoded notification, with what the snapshot window needs to compare it.
    struct Decoded {
        var event: NetworkEvent
        var key: ObjectKey
        /// The object after the change; nil when it was removed.
        var state: NetworkObject?
    }

    let kinds: EventKinds
    private var links: [Int32: Link] = [:]
    private var names: [Int32: InterfaceName] = [:]
    private var neighbours: Set<NeighbourKey> = []

    init(kinds: EventKinds) { self.kinds = kinds }

    /// Starts over from a listing: these links and neighbour entries are known from now on.
    mutating func reset(links: [Link], neighbours: [Neighbour]) {
        self.links = Dictionary(links.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        names = self.links.mapValues(\.name)
        self.neighbours = Set(neighbours.map(NeighbourKey.init))
    }

    /// The event for one notification; nil for what the subscription does not report (kinds not
    /// asked for, bridge-port and fdb messages, other families, cached routes).
    mutating func decode(_ message: NetlinkMessage) throws -> Decoded? {
        let removed: Bool
        switch message.type {
        case .newLink, .delLink:
            return try decodeLink(message, removed: message.type == .delLink)
        case .newAddress, .delAddress:
            guard kinds.contains(.addresses), var address = try InterfaceAddress(message: message) else { return nil }
            address.interfaceName = name(of: address.interfaceIndex)
            removed = message.type == .delAddress
            return Decoded(
                event: removed ? .addressRemoved(address) : .addressAdded(address),
                key: NetworkObject.address(address).key, state: removed ? nil : .address(address))
        case .newRoute, .delRoute:
            guard kinds.contains(.routes),
                let route = try Route(message: message, names: names), !route.isCloned
            else { return nil }
            removed = message.type == .delRoute
            let event: NetworkEvent =
                removed ? .routeRemoved(route) : Self.replaces(message, route) ? .routeChanged(route) : .routeAdded(route)
            return Decoded(event: event, key: NetworkObject.route(route).key, state: removed ? nil : .route(route))
        case .newNeighbour, .delNeighbour:
            guard kinds.contains(.neighbours), var entry = try Neighbour(message: message) else { return nil }
            entry.interfaceName = name(of: entry.interfaceIndex)
            removed = message.type == .delNeighbour
            let key = NeighbourKey(entry)
            let event: NetworkEvent
            if removed {
                neighbours.remove(key)
                event = .neighbourRemoved(entry)
            } else {
                event = neighbours.insert(key).inserted ? .neighbourAdded(entry) : .neighbourChanged(entry)
            }
            return Decoded(event: event, key: .neighbour(key), state: removed ? nil : .neighbour(entry))
        case .newRule, .delRule:
            guard kinds.contains(.rules), let rule = try RoutingRule(message: message) else { return nil }
            removed = message.type == .delRule
            return Decoded(
                event: removed ? .ruleRemoved(rule) : .ruleAdded(rule),
                key: .rule(rule), state: removed ? nil : .rule(rule))
        case .newQdisc, .delQdisc:
            guard kinds.contains(.trafficControl) else { return nil }
            let qdisc = try Qdisc(message: message) { names[$0] }
            removed = message.type == .delQdisc
            return Decoded(
                event: removed ? .qdiscRemoved(qdisc) : .qdiscAdded(qdisc),
                key: NetworkObject.qdisc(qdisc).key, state: removed ? nil : .qdisc(qdisc))
        case .newFilter, .delFilter:
            guard kinds.contains(.trafficControl) else { return nil }
            let filter = try Filter(message: message) { names[$0] }
            removed = message.type == .delFilter
            return Decoded(
                event: removed ? .filterRemoved(filter) : .filterAdded(filter),
                key: NetworkObject.filter(filter).key, state: removed ? nil : .filter(filter))
        default:
            return nil
        }
    }

    private mutating func decodeLink(_ message: NetlinkMessage, removed: Bool) throws -> Decoded? {
        // RTNLGRP_LINK also carries bridge-port state as AF_BRIDGE ifinfomsgs; an RTM_DELLINK of
        // those means "left the bridge", not "deleted". Only AF_UNSPEC messages are links.
        guard try message.header(InterfaceInfoHeader.self).family == 0 else { return nil }
        var link = try Link(message: message)
        // As `ip monitor` (and NetlinkHandle.links()) name the peer (only within this namespace),
        // the master and a tunnel's device: from the links tracked here, `ifN` when unknown.
        link = link.resolvingNames { links[$0].map { ($0.name, $0.isUp) } }
        let known = links[link.index] != nil
        if removed {
            // As iproute2 forgets a deleted index: later messages about it print `ifN`.
            links[link.index] = nil
            names[link.index] = nil
        } else {
            links[link.index] = link
            names[link.index] = link.name
        }
        guard kinds.contains(.links) else { return nil }
        let event: NetworkEvent = removed ? .linkRemoved(link) : known ? .linkChanged(link) : .linkAdded(link)
        return Decoded(event: event, key: .link(link.index), state: removed ? nil : .link(link))
    }

    /// Whether an `RTM_NEWROUTE` took the place of an existing route rather than adding one.
    /// The kernel says so with `NLM_F_REPLACE` (IPv4 `fib_table_insert`, IPv6 `fib6_add_rt2node`);
    /// an IPv6 append merged into an existing route comes with `NLM_F_CREATE|NLM_F_APPEND`
    /// and the whole multipath route, while an append that found nothing to join also carries
    /// `NLM_F_EXCL`. An IPv4 append adds a route of its own (it is listed apart).
    static func replaces(_ message: NetlinkMessage, _ route: Route) -> Bool {
        if message.flags.contains(.replace) { return true }
        return route.destination.family == .ipv6 && message.flags.contains(.append) && !message.flags.contains(.exclusive)
    }

    /// The device's name, or `ifN` as `ip` prints an index it cannot name.
    private func name(of index: Int32) -> InterfaceName {
        names[index] ?? InterfaceName(unchecked: "if\(index)")
    }
}
