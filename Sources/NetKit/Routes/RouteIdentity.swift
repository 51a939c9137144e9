extension Route {
    /// What the kernel looks a route up by when it adds, replaces or deletes one: the table, the
    /// destination prefix (and so the family), `tos`, the metric and, for IPv6 source-specific
    /// routes, the source prefix. `ip route replace` (`NLM_F_REPLACE`) overwrites the first route
    /// with the same identity (the kernel's `fib_table_insert` and `fib6_add_rt2node`). Type,
    /// gateway, device, protocol and scope are not part of it, so several routes can share one:
    /// an IPv4 `ip route append`, and IPv6 routes added without `NLM_F_EXCL` on different devices
    /// — the kernel's own `fe80::/64` and `ff00::/8` on every interface.
    ///
    /// Event consumers keep their routes by identity and device: a
    /// ``NetworkEvent/routeChanged(_:)`` replaces the route with the same identity on the same
    /// device, or, if the replace moved it, the one route with that identity.
    public struct Identity: Sendable, Hashable, CustomStringConvertible {
        /// `RTA_TABLE` (or `rtm_table`).
        public var table: RouteTable
        /// `RTA_DST`/`rtm_dst_len`; its family is the route's.
        public var destination: IPNetwork
        /// `rtm_tos`.
        public var tos: UInt8
        /// `RTA_PRIORITY`; an IPv4 route without one has metric 0.
        public var metric: UInt32
        /// `RTA_SRC`/`rtm_src_len`: only IPv6 source-specific routes have one.
        public var source: IPNetwork?

        /// The route's family.
        public var family: AddressFamily { destination.family }

        /// `table 100 10.0.0.0/24 tos 0 metric 0`, for messages and test failures.
        public var description: String {
            var text = "table \(table) \(destination.isDefaultRoute ? "default" : destination.description)"
            if let source { text += " from \(source)" }
            return text + " tos \(tos) metric \(metric)"
        }
    }

    /// The route's kernel identity (see ``Identity``).
    public var identity: Identity {
        Identity(
            table: table, destination: destination, tos: tos, metric: metric ?? 0,
            source: destination.family == .ipv6 ? source : nil)
    }
}
