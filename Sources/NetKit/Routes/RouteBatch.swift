/// The outcome of one route of a batch (``NetlinkHandle/addRoutes(_:)`` and friends).
public struct RouteResult: Sendable, Hashable, CustomStringConvertible {
    /// The route as given.
    public let route: Route
    /// Why the kernel refused it, with the route as the error's object; nil if it was applied.
    public let error: NetKitError?

    public var succeeded: Bool { error == nil }

    public var description: String {
        if let error { return "\(route): \(error)" }
        return "\(route): ok"
    }
}

extension NetlinkHandle {
    /// `ip -batch` of `ip route add` lines: one `RTM_NEWROUTE` (`NLM_F_CREATE|NLM_F_EXCL`) per
    /// route, sent about 256 to a `sendmsg` with a single ACK asked for per run (the kernel still
    /// reports each failure), so adding 100k routes costs no round trip per route.
    ///
    /// Returns one ``RouteResult`` per route, in order; a refused route does not stop the
    /// others. Input errors (see ``addRoute(_:)``) and unknown devices are thrown before
    /// anything is sent, so nothing is half-applied for a typo. Device names are resolved with
    /// one link dump.
    public func addRoutes(_ routes: [Route]) throws -> [RouteResult] {
        try batchRoutes(routes, .add)
    }

    /// ``addRoutes(_:)`` with `ip route replace` (`NLM_F_CREATE|NLM_F_REPLACE`): idempotent.
    public func replaceRoutes(_ routes: [Route]) throws -> [RouteResult] {
        try batchRoutes(routes, .replace)
    }

    /// ``addRoutes(_:)`` with `ip route del` (`RTM_DELROUTE`), matching as ``deleteRoute(_:)`` does.
    public func deleteRoutes(_ routes: [Route]) throws -> [RouteResult] {
        try batchRoutes(routes, .delete)
    }

    private func batchRoutes(_ routes: [Route], _ command: RouteCommand) throws -> [RouteResult] {
        let needsNames = routes.contains { route in
            (route.device != nil && route.deviceIndex == nil)
                || route.nextHops.contains { $0.device != nil && $0.deviceIndex == nil }
        }
        var indices: [String: Int32] = [:]
        if needsNames {
            for (index, name) in try linkNamesByIndex(operation: "RTM_GETLINK (\(command.command))") {
                indices[name] = index
            }
        }
        var requests: [NetlinkRequest] = []
        requests.reserveCapacity(routes.count)
        for (position, route) in routes.enumerated() {
            do {
                requests.append(try route.request(command, describing: false) { name throws(NetKitError) in
                    guard let index = indices[name] else {
                        throw NetKitError.noSuchDevice(name, operation: command.operation, object: route.description)
                    }
                    return index
                })
            } catch {
                var error = error
                error.object = annotate("route \(position + 1) of \(routes.count): \(error.object)")
                throw error
            }
        }
        let errors = try socket.batch(requests)
        return zip(routes, errors).map { route, error in
            guard var error else { return RouteResult(route: route, error: nil) }
            error.object = annotate(route.description)
            if error.hint == nil { error.hint = Route.hint(for: error, route: route, command: command) }
            return RouteResult(route: route, error: error)
        }
    }
}
