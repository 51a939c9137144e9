import NetKit

/// W2: add or delete N routes `10.1.0.0 + (i << (32 − PLEN))/PLEN via 10.0.0.2 dev IFNAME`,
/// table main, protocol boot.
enum RouteWorkload {
    enum Change { case add, delete }

    /// Routes handed to one batch call when no `-b` is given: one `sendmsg` run of NetKit's
    /// batch path. The routes are built and sent slice by slice, as an agent applying a large
    /// update would, so 64 KiB of `Route` values are reused instead of 256 bytes per route
    /// being touched once (`-b 100000` hands over all 100k at once).
    static let chunk = 256

    static func change(
        _ change: Change, _ count: Int, _ device: String, _ prefixLength: UInt8,
        batch: Int?, net: NetlinkHandle, tally: inout Tally
    ) throws {
        // Resolved once, as a C program calls if_nametoindex once: a Route that carries its
        // device index is sent without a name lookup.
        let deviceName = try InterfaceName(parsing: device)
        let index = try net.linkIndex(of: deviceName)
        let gateway = IPAddress.v4(IPv4Address(10, 0, 0, 2))
        let shift = UInt64(32 - prefixLength)
        func route(_ i: Int) throws -> Route {
            let address = 0x0A01_0000 &+ UInt32(truncatingIfNeeded: UInt64(i) << shift)
            let destination = try IPNetwork(address: .v4(IPv4Address(rawValue: address)), prefixLength: prefixLength)
            var route = try Route(destination, via: gateway, dev: deviceName, table: .main, proto: .boot)
            route.deviceIndex = index
            return route
        }
        if batch == 1 {
            for i in 0..<count {
                do {
                    switch change {
                    case .add: try net.addRoute(route(i))
                    case .delete: try net.deleteRoute(route(i))
                    }
                } catch {
                    tally.record(error)
                }
            }
            return
        }
        let size = batch ?? chunk
        var start = 0
        while start < count {
            let routes = try (start..<min(start + size, count)).map(route)
            switch change {
            case .add: tally.record(try net.addRoutes(routes))
            case .delete: tally.record(try net.deleteRoutes(routes))
            }
            start += size
        }
    }
}
