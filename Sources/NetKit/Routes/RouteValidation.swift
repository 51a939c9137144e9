extension Route {
    /// Rejects, before anything is sent, what the kernel would refuse with a bare `EINVAL` (or
    /// silently misread): host bits in the destination, addresses of the wrong family, a
    /// gateway on a route type that takes none, a multipath route that also has a top-level
    /// gateway, a weight outside 1–256, and — when `adding` — table 0. Reads each field of the
    /// route at `route` in place: a batch checks routes in the caller's array, and a method
    /// called on a route read through a pointer works on a copy of all of it (two references
    /// retained and released per route).
    static func validate(_ route: UnsafePointer<Route>, operation: NetKitError.Operation, adding: Bool) throws(NetKitError) {
        func invalid(_ why: String) -> NetKitError {
            .invalidInput(why, operation: operation, object: route.pointee.description)
        }
        let destination = route.pointee.destination
        let family = destination.family
        if destination.hasHostBits {
            throw invalid(
                "destination \"\(destination)\" has host bits set; did you mean \(destination.masked)? (the kernel would reject it with EINVAL)"
            )
        }
        let gateway = route.pointee.gateway
        if let gateway {
            try checkGatewayFamily(gateway, of: destination, invalid)
        }
        if let preferredSource = route.pointee.preferredSource, preferredSource.family != family {
            throw invalid(
                "src \(preferredSource) is \(Route.familyName(preferredSource.family)) but the destination \(destination) is \(Route.familyName(family))"
            )
        }
        let extras = route.pointee.extrasStorage
        if let source = extras?.value.source {
            if source.family != family {
                throw invalid(
                    "from \(source) is \(Route.familyName(source.family)) but the destination \(destination) is \(Route.familyName(family))"
                )
            }
            if source.hasHostBits {
                throw invalid("from \"\(source)\" has host bits set; did you mean \(source.masked)?")
            }
        }
        let type = route.pointee.type
        let hasDevice = route.pointee.deviceIndex != nil || route.pointee.device != nil
        let hasNextHops = !(extras?.value.nextHops.isEmpty ?? true)
        if type.isReject && (gateway != nil || hasDevice || hasNextHops) {
            throw invalid("a \(type) route takes no gateway, device or next hops: the kernel answers packets to it itself")
        }
        if hasNextHops && (gateway != nil || hasDevice) {
            throw invalid("a multipath route takes its gateways and devices from nextHops; remove the top-level via/dev")
        }
        if let extras {
            for hop in extras.value.nextHops {
                if let gateway = hop.gateway { try checkGatewayFamily(gateway, of: destination, invalid) }
                guard (1...256).contains(hop.weight) else {
                    throw invalid("next hop \(hop) has weight \(hop.weight), outside 1–256")
                }
            }
            if adding, family == .ipv4, let expires = extras.value.expires, expires > 0 {
                throw invalid("expires \(expires) applies to IPv6 routes only; the kernel ignores it for IPv4")
            }
        }
        if adding && route.pointee.table == .unspec {
            throw invalid("table 0 (unspec) cannot hold routes; use .main (254) or another table id")
        }
    }

    private static func checkGatewayFamily(
        _ gateway: IPAddress, of destination: IPNetwork, _ invalid: (String) -> NetKitError
    ) throws(NetKitError) {
        // An IPv4 route may have an IPv6 gateway (RTA_VIA, RFC 5549); the kernel has no IPv6
        // route via an IPv4 gateway.
        if destination.family == .ipv6 && gateway.family == .ipv4 {
            throw invalid("gateway \(gateway) is IPv4 but the destination \(destination) is IPv6; an IPv6 route needs an IPv6 gateway")
        }
    }

    static func familyName(_ family: AddressFamily) -> String {
        family == .ipv4 ? "IPv4" : "IPv6"
    }
}
