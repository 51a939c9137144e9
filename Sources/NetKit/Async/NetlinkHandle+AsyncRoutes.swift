// The `async` forms of the route, route-batch, lookup and rule operations (Routes/, Rules/);
// see NetlinkHandle+AsyncLinks.swift for how they run and how cancellation behaves.
extension NetlinkHandle {
    /// `ip route add …` (`RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_EXCL`); the `async` form of
    /// `addRoute(_:)`.
    public func addRoute(_ route: Route) async throws(NetKitError) { try await onIOThread { try $0.addRoute(route) } }

    /// `ip route replace …` (`RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_REPLACE`); the `async` form
    /// of `replaceRoute(_:)`.
    public func replaceRoute(_ route: Route) async throws(NetKitError) { try await onIOThread { try $0.replaceRoute(route) } }

    /// `ip route append …` (`RTM_NEWROUTE` with `NLM_F_CREATE|NLM_F_APPEND`); the `async` form of
    /// `appendRoute(_:)`.
    public func appendRoute(_ route: Route) async throws(NetKitError) { try await onIOThread { try $0.appendRoute(route) } }

    /// `ip route del …` (`RTM_DELROUTE`); the `async` form of `deleteRoute(_:)`.
    public func deleteRoute(_ route: Route) async throws(NetKitError) { try await onIOThread { try $0.deleteRoute(route) } }

    /// `ip route show …` (`RTM_GETROUTE` dump); the `async` form of `routes(filter:)`.
    public func routes(filter: RouteFilter = RouteFilter()) async throws(NetKitError) -> [Route] {
        try await onIOThread { try $0.routes(filter: filter) }
    }

    /// `ip route flush …` (`RTM_GETROUTE` dump, then `RTM_DELROUTE` each); the `async` form of
    /// `flushRoutes(filter:)`.
    @discardableResult
    public func flushRoutes(filter: RouteFilter) async throws(NetKitError) -> [Route] {
        try await onIOThread { try $0.flushRoutes(filter: filter) }
    }

    /// `ip -batch` of `ip route add …` (`RTM_NEWROUTE` each, one send); the `async` form of
    /// `addRoutes(_:)`.
    public func addRoutes(_ routes: [Route]) async throws(NetKitError) -> [BatchResult<Route>] {
        try await onIOThread { try $0.addRoutes(routes) }
    }

    /// `ip -batch` of `ip route replace …`; the `async` form of `replaceRoutes(_:)`.
    public func replaceRoutes(_ routes: [Route]) async throws(NetKitError) -> [BatchResult<Route>] {
        try await onIOThread { try $0.replaceRoutes(routes) }
    }

    /// `ip -batch` of `ip route del …`; the `async` form of `deleteRoutes(_:)`.
    public func deleteRoutes(_ routes: [Route]) async throws(NetKitError) -> [BatchResult<Route>] {
        try await onIOThread { try $0.deleteRoutes(routes) }
    }

    /// `ip route get ADDRESS …` (`RTM_GETROUTE`); the `async` form of
    /// `routeLookup(_:from:iif:oif:mark:)`.
    public func routeLookup(
        _ destination: IPAddress, from source: IPAddress? = nil, iif inputDevice: InterfaceName? = nil,
        oif outputDevice: InterfaceName? = nil, mark: UInt32? = nil
    ) async throws(NetKitError) -> Route {
        try await onIOThread { try $0.routeLookup(destination, from: source, iif: inputDevice, oif: outputDevice, mark: mark) }
    }

    /// `ip rule show` (`RTM_GETRULE` dump); the `async` form of `rules(family:)`.
    public func rules(family: AddressFamily? = nil) async throws(NetKitError) -> [RoutingRule] {
        try await onIOThread { try $0.rules(family: family) }
    }

    /// `ip rule add …` (`RTM_NEWRULE`); the `async` form of `addRule(_:)`.
    public func addRule(_ rule: RoutingRule) async throws(NetKitError) { try await onIOThread { try $0.addRule(rule) } }

    /// `ip rule del …` (`RTM_DELRULE`); the `async` form of `deleteRule(_:)`.
    public func deleteRule(_ rule: RoutingRule) async throws(NetKitError) { try await onIOThread { try $0.deleteRule(rule) } }
}
