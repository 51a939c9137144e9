/// The attributes of a ``Route`` that most routes do not have — a source prefix, next hops,
/// metrics, expiry, a nexthop id, and what only `ip route get` answers carry — kept out of
/// line so that a `Route` is 112 bytes instead of 256.
///
/// Why: `ip route show` of a node agent's table returns 10k–1M routes, nearly all single-path
/// without metrics. Each listed route is written into the result array once, and on a VM
/// every page touched for the first time costs a page fault: at 256 bytes a 100k-route
/// listing touched 25.6 MB, about twice what the C reference (libmnl into a 192-byte struct)
/// does. A route with none of these attributes stores a nil reference (8 bytes); one with any
/// of them shares an immutable box, replaced on change (copy-on-write by construction).
struct RouteExtras: Hashable, Sendable {
    var source: IPNetwork?
    var nextHops: [NextHop] = []
    var metrics = RouteMetrics()
    var expires: Int32?
    var nexthopID: UInt32?
    var inputDevice: InterfaceName?
    var inputDeviceIndex: Int32?
    var mark: UInt32?
    var uid: UInt32?
    var cacheError: UInt32?

    var isEmpty: Bool {
        source == nil && nextHops.isEmpty && metrics.isEmpty && expires == nil && nexthopID == nil
            && inputDevice == nil && inputDeviceIndex == nil && mark == nil && uid == nil && cacheError == nil
    }

    /// The shared, immutable storage a `Route` points to.
    final class Box: Hashable, Sendable {
        let value: RouteExtras

        init(_ value: RouteExtras) { self.value = value }

        static func == (lhs: Box, rhs: Box) -> Bool { lhs === rhs || lhs.value == rhs.value }
        func hash(into hasher: inout Hasher) { hasher.combine(value) }
    }
}
