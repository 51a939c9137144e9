/// A route, as `ip route` shows it and as `ip route add` takes it: a destination prefix, how to
/// reach it (gateway, device, or several next hops), and the attributes that decide which route
/// wins and what source address replies leave with.
///
///     // ip route add 10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink
///     let route = try Route("10.122.17.64/26", via: "192.168.3.110", dev: "tunl0", proto: .bird, onlink: true)
///     try net.addRoute(route)
///
/// ``description`` is the line `ip route show table all` prints for the route (without the
/// trailing blanks iproute2 leaves at the end of each line). For an IPv4 route built here it is
/// the line `ip route` will print once the route is added; for IPv6 the kernel adds its
/// defaults (`metric 1024 pref medium`).
public struct Route: Sendable, Hashable, CustomStringConvertible {
    // Stored properties are declared in the order that packs them tightly (Swift lays a
    // struct out in declaration order): a listing of 100k routes writes 100k `Route`s, and on
    // a VM every page first touched costs a fault. What most routes lack lives out of line in
    // `RouteExtras` (see there). `MemoryLayout<Route>.size` is checked by a unit test.

    /// The destination prefix; `/0` is the default route (`default`). IPv4 or IPv6 — the route's family.
    public var destination: IPNetwork
    /// What the route does with a packet; `unicast` forwards it.
    public var type: RouteType
    /// `tos` (`rtm_tos`).
    public var tos: UInt8
    /// Route and next-hop flags: ``RouteFlags/onlink`` when asked for; `linkdown`, `dead`, …
    /// as the kernel reports them.
    public var flags: RouteFlags
    /// The next router (`via`). An IPv6 gateway of an IPv4 route is sent as `RTA_VIA`
    /// (`via inet6 fe80::1`, RFC 5549).
    public var gateway: IPAddress?
    /// Who installed the route (`proto`). Routes read from the kernel always have one. `nil` in
    /// a request means what `ip route` does: `boot` when adding, any protocol when deleting.
    public var `protocol`: RouteProtocol?
    /// `scope`. Routes read from the kernel always have one. `nil` in a request means what
    /// `ip route` does: `link` for a unicast route without gateway, `host` for `local`, `link`
    /// for `broadcast`/`multicast`/`anycast`, `global` otherwise; any scope when deleting.
    public var scope: RouteScope?
    /// IPv6 router preference (`pref low|medium|high`, `RTA_PREF`).
    public var preference: RoutePreference?
    /// `src`: the source address the kernel picks for packets this host sends along the route
    /// — the answer to "which address does a reply leave with" on a multi-homed host.
    public var preferredSource: IPAddress?
    /// `metric` (`RTA_PRIORITY`): among routes to the same prefix, the lowest wins. IPv4
    /// routes with metric 0 carry none.
    public var metric: UInt32?
    /// The routing table; `main` unless said otherwise (`local` for `local`, `broadcast`,
    /// `anycast` and `nat` routes, as `ip route add` does).
    public var table: RouteTable
    /// The output device's name (`dev`). Setting it clears ``deviceIndex``.
    public var device: InterfaceName? { didSet { deviceIndex = nil } }
    /// The output device's index (`RTA_OIF`) as the kernel reported it; requests use it instead
    /// of looking the name up.
    public var deviceIndex: Int32?
    /// The rarely present attributes; nil when all of them are empty.
    private var extrasBox: RouteExtras.Box?

    /// `from`: a source prefix (`RTA_SRC`) for IPv6 source-specific routes, and the source of
    /// an `ip route get … from` answer.
    public var source: IPNetwork? {
        get { extrasBox?.value.source }
        set { extras.source = newValue }
    }
    /// The paths of a multipath (ECMP) route; empty for a single-path route.
    public var nextHops: [NextHop] {
        get { extrasBox?.value.nextHops ?? [] }
        set { extras.nextHops = newValue }
    }
    /// `mtu`, `advmss` and the other `RTA_METRICS`.
    public var metrics: RouteMetrics {
        get { extrasBox?.value.metrics ?? RouteMetrics() }
        set { extras.metrics = newValue }
    }
    /// Time until the route expires (`expires 300sec`; RA-learned IPv6 routes), in whole seconds
    /// as the kernel reports it.
    public var expires: Duration? {
        get { extrasBox?.value.expires.map { .seconds($0) } }
        set { extras.expires = newValue.map { Int32(clamping: $0.components.seconds) } }
    }
    /// ``expires`` in the kernel's whole seconds.
    var expiresSeconds: Int32? { extrasBox?.value.expires }
    /// A nexthop object id (`nhid N`, `RTA_NH_ID`) when the route uses one.
    public var nexthopID: UInt32? {
        get { extrasBox?.value.nexthopID }
        set { extras.nexthopID = newValue }
    }
    /// The input device of an `ip route get … iif DEV` answer.
    public var inputDevice: InterfaceName? {
        get { extrasBox?.value.inputDevice }
        set { extras.inputDevice = newValue }
    }
    /// The input device's index (`RTA_IIF`).
    public var inputDeviceIndex: Int32? {
        get { extrasBox?.value.inputDeviceIndex }
        set { extras.inputDeviceIndex = newValue }
    }
    /// The firewall mark of an `ip route get … mark M` answer.
    public var mark: UInt32? {
        get { extrasBox?.value.mark }
        set { extras.mark = newValue }
    }
    /// The user id of an `ip route get` answer (`uid 0`).
    public var uid: UInt32? {
        get { extrasBox?.value.uid }
        set { extras.uid = newValue }
    }
    /// `error N` from the route's cache info.
    var cacheError: UInt32? {
        get { extrasBox?.value.cacheError }
        set { extras.cacheError = newValue }
    }

    /// The rare attributes' shared storage, nil when the route has none: read through it, a
    /// route's few rare fields are read without copying all of them.
    var extrasStorage: RouteExtras.Box? { extrasBox }

    /// All the rare attributes at once (the parser sets them in one assignment). Setting
    /// empty ones stores nothing, so two routes that differ only in how they got there are equal.
    var extras: RouteExtras {
        get { extrasBox?.value ?? RouteExtras() }
        set { extrasBox = newValue.isEmpty ? nil : RouteExtras.Box(newValue) }
    }

    /// Builds a route the way `ip route add` reads its arguments (in the order `ip route`
    /// prints them), validating what can be checked
    /// without the kernel: a destination with host bits (`10.0.0.1/24`: did you mean
    /// `10.0.0.0/24`?), a gateway or `src` of the wrong family, an empty `nextHops`, a gateway on a `blackhole`-like route.
    ///
    /// - Parameters:
    ///   - destination: the prefix; `IPNetwork.defaultRoute(.ipv4)` (or `"default"`) for the default route.
    ///   - type: `unicast` (the default), `blackhole`, `unreachable`, `prohibit`, `local` …
    ///   - gateway: `via ADDRESS`, the next router.
    ///   - device: `dev NAME`, the link the route leaves through.
    ///   - table: `table N`; nil is `main` (`local` for local-type routes).
    ///   - proto: `proto NAME`, who installed the route (`boot`, `static`, `bird` …).
    ///   - scope: `scope NAME`; nil lets the kernel choose (`link` without a gateway).
    ///   - preferredSource: `src ADDRESS`, the source for locally generated packets.
    ///   - metric: `metric N` (0–4294967295).
    ///   - onlink: `onlink`: the gateway is on the link even without a matching prefix.
    ///   - nextHops: `nil` for a single-path route; otherwise at least one next hop, and no
    ///     top-level `via`/`dev`.
    ///   - mtu: `mtu N`, the path MTU for the destination (`RTAX_MTU`).
    ///   - advmss: `advmss N`, the TCP MSS to advertise (`RTAX_ADVMSS`).
    public init(
        _ destination: IPNetwork,
        type: RouteType = .unicast,
        via gateway: IPAddress? = nil,
        dev device: InterfaceName? = nil,
        table: RouteTable? = nil,
        proto: RouteProtocol? = nil,
        scope: RouteScope? = nil,
        src preferredSource: IPAddress? = nil,
        metric: UInt32? = nil,
        onlink: Bool = false,
        nextHops: [NextHop]? = nil,
        mtu: UInt32? = nil,
        advmss: UInt32? = nil
    ) throws(NetKitError) {
        self.init(destination: destination, type: type)
        self.gateway = gateway
        self.device = device
        self.flags = onlink ? .onlink : []
        self.protocol = proto
        self.scope = scope
        self.table = table ?? Route.defaultTable(for: type)
        self.preferredSource = preferredSource
        if let nextHops { self.nextHops = nextHops }
        if mtu != nil || advmss != nil {
            metrics.mtu = mtu
            metrics.advmss = advmss
        }
        self.metric = metric
        if let nextHops, nextHops.isEmpty {
            throw NetKitError.invalidInput(
                "a multipath route needs at least one next hop; nextHops is empty",
                operation: "create route", object: description)
        }
        try Route.validate(&self, operation: "create route", adding: false)
    }

    /// A bare route (every other field empty), the starting point of the parser.
    init(destination: IPNetwork, type: RouteType) {
        self.destination = destination
        self.type = type
        flags = []
        table = .main
        tos = 0
    }

    /// The route's family, that of its destination.
    public var family: AddressFamily { destination.family }

    /// Whether the gateway is forced onto the device's link (`onlink`, `RTNH_F_ONLINK`): no
    /// check that it is inside one of the device's subnets. Calico's IPIP routes need it.
    public var onlink: Bool {
        get { flags.contains(.onlink) }
        set { if newValue { flags.insert(.onlink) } else { flags.remove(.onlink) } }
    }

    /// `mtu N` (`RTAX_MTU`).
    public var mtu: UInt32? {
        get { metrics.mtu }
        set { metrics.mtu = newValue }
    }

    /// `advmss N` (`RTAX_ADVMSS`).
    public var advmss: UInt32? {
        get { metrics.advmss }
        set { metrics.advmss = newValue }
    }

    /// A cached route (`RTM_F_CLONED`), as `ip route get` answers for IPv4.
    public var isCloned: Bool { flags.contains(.cloned) }

    /// The protocol `ip route add` would send: the given one, else `boot`.
    public var effectiveProtocol: RouteProtocol { self.protocol ?? .boot }

    /// The scope `ip route add` would send: the given one, else iproute2's default for the
    /// route's family, type and gateway.
    public var effectiveScope: RouteScope {
        if let scope { return scope }
        return Route.guessedScope(family: family, type: type, hasGateway: gateway != nil || !nextHops.isEmpty || nexthopID != nil)
    }

    /// The scope `ip route add` picks when none is given: `global` for IPv6; for IPv4 `host`
    /// for local and NAT routes, `link` for broadcast, multicast and anycast ones and for a
    /// unicast route with no gateway (next hops and nexthop objects count as one), else `global`.
    static func guessedScope(family: AddressFamily, type: RouteType, hasGateway: Bool) -> RouteScope {
        if family == .ipv6 { return .global }
        switch type {
        case .local, .nat: return .host
        case .broadcast, .multicast, .anycast: return .link
        case .unicast, .unspec: return hasGateway ? .global : .link
        default: return .global
        }
    }

    /// The table `ip route add TYPE …` picks when none is given.
    static func defaultTable(for type: RouteType) -> RouteTable {
        switch type {
        case .local, .broadcast, .nat, .anycast: .local
        default: .main
        }
    }

    // MARK: - Text

    /// The line `ip route show table all` prints (iproute2's `print_route`): fields in its order,
    /// `table` unless `main`, `proto` unless `boot`, `scope` unless `global`, and each next hop
    /// of a multipath route on its own `\tnexthop` line. Lines carry no trailing blanks.
    public var description: String {
        var lines: [String] = []
        var words: [String] = []
        if type != .unicast { words.append(type.description) }
        words.append(destination.routeDescription)
        if let source { words.append("from " + Route.hostOrPrefix(source)) }
        if let nexthopID { words.append("nhid \(nexthopID)") }
        if tos != 0 { words.append("tos " + Route.dsfieldText(tos)) }
        if let gateway { words.append(Route.gatewayText(gateway, routeFamily: family)) }
        if device != nil || deviceIndex != nil { words.append("dev " + Route.deviceText(device, deviceIndex)) }
        if table != .unspec && table != .main { words.append("table \(table)") }
        if !isCloned {
            if effectiveProtocol != .boot { words.append("proto \(effectiveProtocol)") }
            if effectiveScope != .global { words.append("scope \(effectiveScope)") }
        }
        if let preferredSource { words.append("src \(preferredSource)") }
        if let metric { words.append("metric \(metric)") }
        let flagText = flags.description
        if !flagText.isEmpty { words.append(flagText) }
        if let mark, mark != 0 { words.append(mark >= 16 ? "mark 0x" + String(mark, radix: 16) : "mark \(mark)") }
        if let uid { words.append("uid \(uid)") }
        if family == .ipv4 && isCloned {
            lines.append(words.joined(separator: " "))
            words = ["    cache"]
            let cacheFlags = flags.cacheFlagsText
            if !cacheFlags.isEmpty { words.append(cacheFlags) }
        }
        if let expires = expiresSeconds, expires != 0 { words.append("expires \(expires)sec") }
        if let cacheError, cacheError != 0 { words.append("error \(cacheError)") }
        if !metrics.isEmpty {
            let text = metrics.description
            if !text.isEmpty { words.append(text) }
        }
        if inputDevice != nil || inputDeviceIndex != nil { words.append("iif " + Route.deviceText(inputDevice, inputDeviceIndex)) }
        // iproute2 prints an unknown preference as a bare number.
        if let preference { words.append(preference.isKnown ? "pref \(preference)" : "\(preference.rawValue)") }
        lines.append(words.joined(separator: " "))
        for hop in nextHops {
            lines.append("\tnexthop " + hop.text(routeFamily: family))
        }
        return lines.joined(separator: "\n")
    }

    /// `via 10.0.0.1`, or `via inet6 fe80::1` for a gateway of another family (`RTA_VIA`).
    static func gatewayText(_ gateway: IPAddress, routeFamily: AddressFamily) -> String {
        gateway.family == routeFamily ? "via \(gateway)" : "via \(gateway.family) \(gateway)"
    }

    /// A device as iproute2's `ll_index_to_name` names it: the name, `ifN` for an index without
    /// one, `*` for none.
    static func deviceText(_ name: InterfaceName?, _ index: Int32?) -> String {
        if let name { return name.rawValue }
        if let index, index != 0 { return "if\(UInt32(bitPattern: index))" }
        return "*"
    }

    /// A bare address for a host prefix, `address/length` otherwise (never `default`).
    static func hostOrPrefix(_ network: IPNetwork) -> String {
        network.prefixLength == network.family.maxPrefixLength ? "\(network.address)" : "\(network)"
    }

    /// `tos` as iproute2's `rtnl_dsfield_n2a` prints it: a name from `/etc/iproute2/rt_dsfield`, else `0x10`.
    static func dsfieldText(_ tos: UInt8) -> String {
        if let name = IPRoute2Names.dsfields.names[UInt32(tos)] { return name }
        let hex = String(tos, radix: 16)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}

/// IPv6 route preference (RFC 4191), `ip -6 route … pref low|medium|high` (`RTA_PREF`).
public struct RoutePreference: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 2-bit RFC 4191 value the kernel carries in `RTA_PREF`.
    public var rawValue: UInt8
    /// Any value; only 0, 1 and 3 have names (2 is reserved).
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0, `ICMPV6_ROUTER_PREF_MEDIUM`: the default; `ip -6 route` prints `pref medium`.
    public static let medium = RoutePreference(rawValue: 0)
    /// 1, `ICMPV6_ROUTER_PREF_HIGH`: preferred over medium and low routes to the same prefix.
    public static let high = RoutePreference(rawValue: 1)
    /// 3, `ICMPV6_ROUTER_PREF_LOW`: used only when no medium or high route exists.
    public static let low = RoutePreference(rawValue: 3)

    var isKnown: Bool { rawValue == 0 || rawValue == 1 || rawValue == 3 }

    /// `low`, `medium`, `high`, or the number.
    public var description: String {
        switch rawValue {
        case 0: "medium"
        case 1: "high"
        case 3: "low"
        default: String(rawValue)
        }
    }
}
