extension NetlinkHandle {
    /// `ip -batch` of `ip route add` lines: one `RTM_NEWROUTE` (`NLM_F_CREATE|NLM_F_EXCL`) per
    /// route, sent about 256 to a `sendmsg` with a single ACK asked for per run (the kernel still
    /// reports each failure), so adding 100k routes costs no round trip per route.
    ///
    /// Returns one ``BatchResult`` per route, in order; a refused route does not stop the
    /// others. Input errors (see `addRoute(_:)`) and unknown devices are thrown before
    /// anything is sent, so nothing is half-applied for a typo. Device names are resolved with
    /// one link dump.
    public func addRoutes(_ routes: [Route]) throws(NetKitError) -> [BatchResult<Route>] {
        try batchRoutes(routes, .add)
    }

    /// `addRoutes(_:)` with `ip route replace` (`NLM_F_CREATE|NLM_F_REPLACE`): idempotent.
    public func replaceRoutes(_ routes: [Route]) throws(NetKitError) -> [BatchResult<Route>] {
        try batchRoutes(routes, .replace)
    }

    /// `addRoutes(_:)` with `ip route del` (`RTM_DELROUTE`), matching as `deleteRoute(_:)` does.
    public func deleteRoutes(_ routes: [Route]) throws(NetKitError) -> [BatchResult<Route>] {
        try batchRoutes(routes, .delete)
    }

    private func batchRoutes(_ routes: [Route], _ command: RouteCommand) throws(NetKitError) -> [BatchResult<Route>] {
        guard !routes.isEmpty else { return [] }
        var indices: [InterfaceName: Int32] = [:]
        // Routes are read through a pointer, field by field: iterating the array, subscripting
        // it or an UnsafeBufferPointer, or calling a method on `pointer[i]` copies each route.
        let needsNames = routes.withUnsafeBufferPointer { buffer in
            let route = buffer.baseAddress.unsafelyUnwrapped
            return buffer.indices.contains { i in
                (route[i].device != nil && route[i].deviceIndex == nil)
                    || (route[i].extrasStorage?.value.nextHops.contains { $0.device != nil && $0.deviceIndex == nil } ?? false)
            }
        }
        if needsNames {
            let names: [Int32: InterfaceName]
            do { names = try linkNamesByIndex(operation: "RTM_GETLINK (\(command.command))") } catch {
                throw NetKitError.wrap(error, operation: command.operation)
            }
            for (index, name) in names { indices[name] = index }
        }
        // The index of device `name` for route `position`, or the error `ip route` gives.
        func deviceIndex(_ name: InterfaceName, _ position: Int) throws(NetKitError) -> Int32 {
            guard let index = indices[name] else {
                throw NetKitError.noSuchDevice(name, operation: command.operation, object: routes[position].description)
            }
            return index
        }
        var failures: [(position: Int, error: NetKitError)] = []
        try routes.withUnsafeBufferPointer { buffer throws(NetKitError) in
            let route = buffer.baseAddress.unsafelyUnwrapped
            // Everything the kernel would refuse for a typo is found before anything is sent,
            // so nothing is half-applied; then the requests are built one run at a time, so a
            // batch of 100k routes never holds 100k requests.
            for position in buffer.indices {
                do throws(NetKitError) {
                    try Route.checkForBatch(route + position, command) { name throws(NetKitError) in try deviceIndex(name, position) }
                } catch {
                    var error = error
                    error.object = annotate("route \(position + 1) of \(buffer.count): \(error.object)")
                    throw error
                }
            }
            do {
                try socket.batch(
                    count: buffer.count,
                    encode: { position, request in
                        try Route.encode(route + position, command, into: &request) { name throws(NetKitError) in
                            try deviceIndex(name, position)
                        }
                    }, describe: { route[$0].description },
                    failed: { position, error in
                        failures.append((position, error))
                    })
            } catch {
                throw NetKitError.wrap(error, operation: command.operation)
            }
        }
        var results = routes.indices.map { BatchResult(items: routes, position: $0, error: nil) }
        for (position, failure) in failures {
            var error = failure
            error.operation = command.operation
            error.object = annotate(routes[position].description)
            if error.hint == nil { error.hint = Route.hint(for: error, route: routes[position], command: command) }
            socket.log.failed(error)
            results[position] = BatchResult(items: routes, position: position, error: error)
        }
        return results
    }
}

extension Route {
    /// What a batch checks of the route at `route` before it sends the first: the route is
    /// valid, its devices resolve, and its request fits. Inlined into the batch's loop, which
    /// calls it for every route; every field is read in place (see
    /// ``validate(_:operation:adding:)``).
    @inline(__always) fileprivate static func checkForBatch(
        _ route: UnsafePointer<Route>, _ command: RouteCommand, index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) {
        try validate(route, operation: NetKitError.Operation(command: command.command), adding: command != .delete)
        try resolveDevices(route, index)
        // A next hop is at most 32 bytes (rtnexthop + RTA_VIA of an IPv6 address): a route with
        // more hops than fit for sure is encoded once here, so an RTA_MULTIPATH too long for its
        // length field stops the batch before it starts.
        if let extras = route.pointee.extrasStorage, extras.value.nextHops.count * 32 > NetlinkRequest.maxAttributeLength {
            try route.pointee.encodedRequest(command, describing: false, index: index).checkLengths()
        }
    }
}
