/// Which changes a subscription reports: the objects of `ip monitor link address route neigh rule`.
public struct EventKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `ip monitor link`: links added, changed (up/down, renamed, carrier, MTU …) and removed.
    public static let links = EventKinds(rawValue: 1 << 0)
    /// `ip monitor address`: IPv4 and IPv6 addresses.
    public static let addresses = EventKinds(rawValue: 1 << 1)
    /// `ip monitor route`: IPv4 and IPv6 routes of every table.
    public static let routes = EventKinds(rawValue: 1 << 2)
    /// `ip monitor neigh`: ARP and NDP entries (bridge fdb entries are not included).
    public static let neighbours = EventKinds(rawValue: 1 << 3)
    /// `ip monitor rule`: IPv4 and IPv6 policy routing rules.
    public static let rules = EventKinds(rawValue: 1 << 4)
    /// `tc monitor`: qdiscs and filters added, changed and deleted (``NetworkEvent/qdiscAdded(_:)``
    /// …). Not part of ``all``, and live only: a snapshot lists no tc objects.
    public static let trafficControl = EventKinds(rawValue: 1 << 5)
    /// Everything above but ``trafficControl``: `ip monitor link address route neigh rule`. Plain `ip monitor` also
    /// follows multicast routes, prefixes, netconf, nsid, nexthops, stats and MPLS, which NetKit
    /// does not report.
    public static let all: EventKinds = [.links, .addresses, .routes, .neighbours, .rules]

    /// The multicast groups to join. Links are always joined: device names in the other
    /// events, and "added" versus "changed", come from following them.
    var groups: [UInt32] {
        var groups = [RTNLGRP.link]
        if contains(.addresses) { groups += [RTNLGRP.ipv4Address, RTNLGRP.ipv6Address] }
        if contains(.routes) { groups += [RTNLGRP.ipv4Route, RTNLGRP.ipv6Route] }
        if contains(.neighbours) { groups.append(RTNLGRP.neighbour) }
        if contains(.rules) { groups += [RTNLGRP.ipv4Rule, RTNLGRP.ipv6Rule] }
        if contains(.trafficControl) { groups.append(TCA.multicastGroup) }
        return groups
    }

    /// The words of `ip monitor` for these kinds, for error messages.
    var monitorArguments: String {
        let words: [(EventKinds, String)] = [
            (.links, "link"), (.addresses, "address"), (.routes, "route"),
            (.neighbours, "neigh"), (.rules, "rule"), (.trafficControl, "(tc monitor)"),
        ]
        return words.filter { contains($0.0) }.map(\.1).joined(separator: " ")
    }
}
