extension NetlinkHandle {
    /// `ip route add ROUTE` (`RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_EXCL`).
    ///
    /// A route already present throws ``NetKitError`` with `EEXIST`
    /// (``NetKitError/isAlreadyExists``). Without a protocol the route gets `proto boot`, and
    /// without a scope iproute2's guess, exactly as `ip route add` does. Input the kernel would
    /// refuse (host bits in the prefix, wrong-family gateway, table 0, unknown device) throws
    /// before anything is sent.
    public func addRoute(_ route: Route) throws(NetKitError) {
        try changeRoute(route, .add)
    }

    /// `ip route replace ROUTE` (`RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_REPLACE`): creates the
    /// route or overwrites the one with the same prefix, table, TOS and metric (its
    /// ``Route/identity``) — idempotent, which is why Calico's felix moved to it. Subscribers
    /// see ``NetworkEvent/routeChanged(_:)`` when a route was overwritten.
    public func replaceRoute(_ route: Route) throws(NetKitError) {
        try changeRoute(route, .replace)
    }

    /// `ip route append ROUTE` (`RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_APPEND`): adds a route
    /// even when one with the same prefix and metric exists (the kernel then uses the first;
    /// IPv6 merges them into a multipath route).
    public func appendRoute(_ route: Route) throws(NetKitError) {
        try changeRoute(route, .append)
    }

    /// `ip route del ROUTE` (`RTM_DELROUTE`), matching as `ip route del` does: fields left
    /// `nil` match anything — protocol 0, scope `nowhere` and type 0 go to the kernel — so
    /// `Route("10.122.157.128/26")` deletes Calico's `blackhole … proto bird` route. (libnl
    /// sends `proto static` here by default, and then finds nothing.) A route from
    /// `routes(filter:)` deletes exactly that route. No match throws `ESRCH`
    /// (``NetKitError/isNotFound``).
    public func deleteRoute(_ route: Route) throws(NetKitError) {
        try changeRoute(route, .delete)
    }

    /// `ip route show [table T] [dev D] [proto P] [type T] [scope S] [root|match|exact PREFIX]`
    /// (`RTM_GETROUTE` dump): the routes that pass `filter`, in the kernel's order.
    ///
    /// `routes()` is `ip route show table all` for both families; `routes(filter: .mainIPv4)`
    /// is plain `ip route show`. The dump carries the table, device, protocol, type and family
    /// so the kernel skips the rest (strict checking); other fields are filtered here. Each
    /// message becomes a ``Route`` as it is read; device names come from one link dump per
    /// call. Unlike `ip route show dev D`, a device filter keeps multipath routes with a next
    /// hop on `D` (the kernel's rule; iproute2 drops them afterwards).
    public func routes(filter: RouteFilter = RouteFilter()) throws(NetKitError) -> [Route] {
        let names = try linkNamesByIndex(operation: "RTM_GETLINK (ip route show)")
        // Each route is parsed, filtered and returned by value straight into the result: no
        // intermediate closure that would copy 100k routes. The names and the filter are read
        // through one reference, which borrows them: captured values are retained (a struct
        // copied) for every route.
        let listing = RouteListing(filter: filter, names: names)
        return try dumpRoutes(filter: filter, names: names) { message, deviceIndex in
            try listing.route(message, deviceIndex: deviceIndex)
        }
    }

    /// `ip route flush [table T] [dev D] [proto P] …` (`RTM_GETROUTE` dump, then one
    /// `RTM_DELROUTE` per match sent in batches): deletes every route that passes `filter` and
    /// returns them. As iproute2 does, it dumps again until nothing matches (at most 10 rounds),
    /// since deleting a route can expose others. An empty filter is refused: `ip route flush`
    /// requires arguments too, and `RouteFilter()` would remove every route of every table.
    @discardableResult
    public func flushRoutes(filter: RouteFilter) throws(NetKitError) -> [Route] {
        let operation: NetKitError.Operation = "RTM_DELROUTE (ip route flush)"
        if filter == RouteFilter() {
            throw NetKitError.invalidInput(
                "an empty filter would flush every route of every table; say which (e.g. table, dev or proto)",
                operation: "ip route flush", object: filter.arguments)
        }
        let names = try linkNamesByIndex(operation: "RTM_GETLINK (ip route flush)")
        var flushed: [Route] = []
        for _ in 0..<10 {
            // iproute2 resends each dumped message as RTM_DELROUTE; so do we, attribute for attribute.
            let batch = try dumpRoutes(filter: filter, names: names) { message, deviceIndex -> (Route, NetlinkRequest)? in
                guard message.type == .newRoute, let route = try Route.decode(message, names: names),
                    filter.matches(route, deviceIndex: deviceIndex)
                else { return nil }
                return (route, try Route.deletion(of: message, operation: operation))
            }
            if batch.isEmpty { return flushed }
            let results: [NetKitError?]
            do {
                results = try socket.batch(batch.map(\.1))
            } catch {
                throw NetKitError.wrap(error, operation: operation, object: annotate(filter.arguments))
            }
            var progress = false
            for (index, error) in results.enumerated() {
                if var error, error.errno != .ESRCH {  // ESRCH: already gone, deleted along with another
                    error.object = annotate(batch[index].0.description)
                    throw error
                }
                if error == nil {
                    progress = true
                    flushed.append(batch[index].0)
                }
            }
            if !progress { return flushed }  // what is left cannot be deleted; do not spin
        }
        return flushed
    }

    // MARK: - Internals

    private func changeRoute(_ route: Route, _ command: RouteCommand) throws(NetKitError) {
        // The route is described (`ip route` text) only if the kernel refuses it: formatting it
        // for every request would cost more than sending it.
        let request = try route.request(command, describing: false) { name throws(NetKitError) in
            try deviceIndex(name, for: route, command)
        }
        do {
            _ = try socket.transact(request)
        } catch {
            var error = NetKitError.wrap(error, operation: command.operation, object: route.description)
            error.object = annotate(route.description)
            if error.hint == nil { error.hint = Route.hint(for: error, route: route, command: command) }
            throw error
        }
    }

    /// The index of device `name`, or the error `ip route` gives (`Cannot find device "X"`) as
    /// an `ENODEV` ``NetKitError`` about the route.
    private func deviceIndex(_ name: InterfaceName, for route: Route, _ command: RouteCommand) throws(NetKitError) -> Int32 {
        do {
            return try interfaceIndex(of: name, operation: "ip link show")
        } catch {
            guard error.errno == .ENODEV else { throw error }
            throw NetKitError.noSuchDevice(name, operation: command.operation, object: annotate(route.description))
        }
    }

    /// The dump behind ``routes(filter:)`` and ``flushRoutes(filter:)``: builds the filtered
    /// request (with the device filter's index) and hands each reply message to `element`, which
    /// parses and filters it.
    private func dumpRoutes<Element>(
        filter: RouteFilter, names: [Int32: InterfaceName], _ element: (NetlinkMessage, Int32?) throws -> Element?
    ) throws(NetKitError) -> [Element] {
        var deviceIndex: Int32?
        if let device = filter.device {
            guard let index = names.first(where: { $0.value == device })?.key else {
                throw NetKitError.noSuchDevice(device, operation: "RTM_GETROUTE (ip route show)", object: annotate(filter.arguments))
            }
            deviceIndex = index
        }
        let request = filter.dumpRequest(deviceIndex: deviceIndex)
        do {
            // Counted: 100k routes are parsed into an array allocated once, at its final size.
            return try socket.dumpCounted(request) { message in try element(message, deviceIndex) }
        } catch {
            var error = NetKitError.wrap(error, operation: request.operation, object: request.object)
            if error.errno == .ENOENT && filter.table != nil { return [] }  // the table does not exist (yet): it holds no routes
            error.object = annotate(error.object)
            throw error
        }
    }

    /// Index → name for every link: one `RTM_GETLINK` dump, reading only `IFLA_IFNAME`, so that
    /// a listing of 100k routes resolves names with a dictionary lookup each.
    func linkNamesByIndex(operation: NetKitError.Operation) throws(NetKitError) -> [Int32: InterfaceName] {
        var request = NetlinkRequest(.getLink, flags: [], operation: operation)
        request.appendHeader(InterfaceInfoHeader())
        // Without statistics: on a node with a thousand pods this dump precedes every listing.
        request.appendAttribute(IFLA.extMask, uint32: IFLA.skipStatsFilter)
        let pairs = try dump(request) { message -> (Int32, InterfaceName)? in
            let header = try message.header(InterfaceInfoHeader.self)
            for attribute in message.attributes(afterHeaderOf: MemoryLayout<InterfaceInfoHeader>.size)
            where attribute.type == IFLA.ifname {
                return InterfaceName(rawValue: attribute.string).map { (header.index, $0) }
            }
            return nil
        }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }
}

extension Route {
    /// An `RTM_DELROUTE` carrying a dumped route's own header and attributes, as `ip route
    /// flush` sends it: the kernel then matches exactly that route.
    static func deletion(of message: NetlinkMessage, operation: NetKitError.Operation) throws -> NetlinkRequest {
        // The object is filled in only if the kernel refuses the deletion (see flushRoutes).
        var request = NetlinkRequest(.delRoute, flags: [], operation: operation)
        request.appendHeader(try message.header(RouteHeader.self))
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<RouteHeader>.size) {
            request.appendAttribute(attribute.type, bytes: attribute.value)
        }
        return request
    }
}

/// What a listing decodes each route with (the names of the devices) and matches it against,
/// held by reference while the dump is parsed.
private final class RouteListing {
    let filter: RouteFilter
    let names: InterfaceNameTable

    init(filter: RouteFilter, names: [Int32: InterfaceName]) {
        self.filter = filter
        self.names = InterfaceNameTable(names)
    }

    /// The route `message` carries if it is one and passes the filter.
    func route(_ message: NetlinkMessage, deviceIndex: Int32?) throws -> Route? {
        guard message.type == .newRoute, let route = try Route.decode(message, names: names),
            filter.matches(route, deviceIndex: deviceIndex)
        else { return nil }
        return route
    }
}
