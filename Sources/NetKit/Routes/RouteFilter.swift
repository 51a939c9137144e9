/// Which routes `routes(filter:)` and `flushRoutes(filter:)` act on: the selectors of
/// `ip route show|flush [table T] [dev D] [proto P] [type T] [scope S] [root|match|exact PREFIX] …`.
///
/// Every field left `nil` matches anything, so `RouteFilter()` is `ip route show table all`
/// (both families, every table). `ip route show` alone is ``mainIPv4``. Table, device,
/// protocol, type and family are filtered by the kernel (the socket enables strict checking);
/// the rest here, message by message.
public struct RouteFilter: Sendable, Hashable, CustomStringConvertible {
    /// How ``destination`` is compared, as `ip route show [root|match|exact] PREFIX`.
    public enum PrefixMatch: Sendable, Hashable {
        /// `exact PREFIX` (or a bare `PREFIX`): the route's destination is this prefix.
        case exact
        /// `root PREFIX`: the route's destination lies inside this prefix (it or longer).
        case root
        /// `match PREFIX`: the route's destination contains this prefix (it or shorter) — the
        /// routes a lookup for it could use.
        case match
    }

    /// `-4`/`-6`; nil for both.
    public var family: AddressFamily?
    /// `table T`; nil for every table (`table all`).
    public var table: RouteTable?
    /// `dev D`: routes whose output device (or one of whose next hops' devices) is `D`.
    public var device: InterfaceName?
    /// `proto P`
    public var `protocol`: RouteProtocol?
    /// `type T`
    public var type: RouteType?
    /// `scope S`
    public var scope: RouteScope?
    /// `[root|match|exact] PREFIX`, compared as ``prefixMatch`` says.
    public var destination: IPNetwork?
    /// How ``destination`` selects routes: `exact` (the default, as `ip route show PREFIX`), `root` or `match`.
    public var prefixMatch: PrefixMatch
    /// `via ADDRESS`: routes with this gateway (or a next hop with it).
    public var gateway: IPAddress?
    /// `src ADDRESS`: routes with this preferred source.
    public var preferredSource: IPAddress?
    /// `metric N`
    public var metric: UInt32?

    /// Every field optional, named as `ip route show` names it: `RouteFilter(table: 100, proto: .bird)`
    /// is `ip route show table 100 proto bird`. Fields left nil select anything.
    public init(
        family: AddressFamily? = nil, table: RouteTable? = nil, dev device: InterfaceName? = nil,
        proto: RouteProtocol? = nil, type: RouteType? = nil, scope: RouteScope? = nil,
        destination: IPNetwork? = nil, prefixMatch: PrefixMatch = .exact,
        via gateway: IPAddress? = nil, src preferredSource: IPAddress? = nil, metric: UInt32? = nil
    ) {
        self.family = family
        self.table = table
        self.device = device
        self.protocol = proto
        self.type = type
        self.scope = scope
        self.destination = destination
        self.prefixMatch = prefixMatch
        self.gateway = gateway
        self.preferredSource = preferredSource
        self.metric = metric
    }

    /// What plain `ip route show` lists: IPv4, table main.
    public static let mainIPv4 = RouteFilter(family: .ipv4, table: .main)

    /// The filter as `ip route show` arguments, e.g. `-4 table main proto bird`.
    public var description: String { arguments }

    var arguments: String {
        var words: [String] = []
        if let family { words.append(family == .ipv4 ? "-4" : "-6") }
        words.append("table " + (table.map { "\($0)" } ?? "all"))
        if let device { words.append("dev \(device)") }
        if let `protocol` { words.append("proto \(`protocol`)") }
        if let type { words.append("type \(type)") }
        if let scope { words.append("scope \(scope)") }
        if let destination {
            switch prefixMatch {
            case .exact: words.append("exact \(destination)")
            case .root: words.append("root \(destination)")
            case .match: words.append("match \(destination)")
            }
        }
        if let gateway { words.append("via \(gateway)") }
        if let preferredSource { words.append("src \(preferredSource)") }
        if let metric { words.append("metric \(metric)") }
        return words.joined(separator: " ")
    }

    /// The `RTM_GETROUTE` dump request carrying the fields the kernel filters on with strict
    /// checking (`rtm_family`, `rtm_protocol`, `rtm_type`, `RTA_TABLE`, `RTA_OIF`), as
    /// iproute2's `iproute_dump_filter` builds it.
    func dumpRequest(deviceIndex: Int32?) -> NetlinkRequest {
        var header = RouteHeader()
        header.family = family?.rawValue ?? 0
        header.protocolID = self.protocol?.rawValue ?? 0
        header.type = type?.rawValue ?? 0
        var request = NetlinkRequest(.getRoute, flags: [], operation: "RTM_GETROUTE (ip route show)", object: arguments)
        request.appendHeader(header)
        if let table, table != .unspec { request.appendAttribute(RTA.table, uint32: table.rawValue) }
        if let deviceIndex { request.appendAttribute(RTA.oif, uint32: UInt32(bitPattern: deviceIndex)) }
        return request
    }

    /// Whether `route` passes the filter (iproute2's `filter_nlmsg`). Cached routes never do:
    /// `ip route show` lists the FIB, not the cache.
    func matches(_ route: Route, deviceIndex: Int32?) -> Bool {
        if route.isCloned { return false }
        if let family, route.family != family { return false }
        if let table, table != .unspec, route.table != table { return false }
        if let `protocol`, route.protocol != `protocol` { return false }
        if let type, route.type != type { return false }
        if let scope, route.scope != scope { return false }
        if let metric, (route.metric ?? 0) != metric { return false }
        if let preferredSource, route.preferredSource != preferredSource { return false }
        if let gateway, route.gateway != gateway, !route.nextHops.contains(where: { $0.gateway == gateway }) { return false }
        if let deviceIndex, route.deviceIndex != deviceIndex,
            !route.nextHops.contains(where: { $0.deviceIndex == deviceIndex })
        {
            return false
        }
        if let destination {
            let routeDestination = route.destination
            guard routeDestination.family == destination.family else { return false }
            switch prefixMatch {
            case .exact:
                if routeDestination.prefixLength != destination.prefixLength || !destination.contains(routeDestination.address) {
                    return false
                }
            case .root:
                if routeDestination.prefixLength < destination.prefixLength || !destination.contains(routeDestination.address) {
                    return false
                }
            case .match:
                if routeDestination.prefixLength > destination.prefixLength || !routeDestination.contains(destination.address) {
                    return false
                }
            }
        }
        return true
    }
}
