extension Route {
    /// Rejects, before anything is sent, what the kernel would refuse with a bare `EINVAL` (or
    /// silently misread): host bits in the destination, addresses of the wrong family, a
    /// gateway on a route type that takes none, a multipath route that also has a top-level
    /// gateway, a weight outside 1–256, an invalid device name, and — when `adding` — table 0.
    func validate(operation: NetKitError.Operation, adding: Bool = false) throws(NetKitError) {
        func invalid(_ why: String) -> NetKitError {
            .invalidInput(why, operation: operation, object: description)
        }
        if destination.hasHostBits {
            throw invalid(
                "destination \"\(destination)\" has host bits set; did you mean \(destination.masked)? (the kernel would reject it with EINVAL)"
            )
        }
        if let gateway {
            try checkGatewayFamily(gateway, invalid)
        }
        if let preferredSource, preferredSource.family != family {
            throw invalid(
                "src \(preferredSource) is \(Route.familyName(preferredSource.family)) but the destination \(destination) is \(Route.familyName(family))"
            )
        }
        if let source {
            if source.family != family {
                throw invalid(
                    "from \(source) is \(Route.familyName(source.family)) but the destination \(destination) is \(Route.familyName(family))"
                )
            }
            if source.hasHostBits {
                throw invalid("from \"\(source)\" has host bits set; did you mean \(source.masked)?")
            }
        }
        if type.isReject && (gateway != nil || device != nil || deviceIndex != nil || !nextHops.isEmpty) {
            throw invalid("a \(type) route takes no gateway, device or next hops: the kernel answers packets to it itself")
        }
        if !nextHops.isEmpty && (gateway != nil || device != nil || deviceIndex != nil) {
            throw invalid("a multipath route takes its gateways and devices from nextHops; remove the top-level via/dev")
        }
        for hop in nextHops {
            if let gateway = hop.gateway { try checkGatewayFamily(gateway, invalid) }
            guard (1...256).contains(hop.weight) else {
                throw invalid("next hop \(hop) has weight \(hop.weight), outside 1–256")
            }
        }
        if adding, family == .ipv4, let expires = expiresSeconds, expires > 0 {
            throw invalid("expires \(expires) applies to IPv6 routes only; the kernel ignores it for IPv4")
        }
        if adding && table == .unspec {
            throw invalid("table 0 (unspec) cannot hold routes; use .main (254) or another table id")
        }
    }

    private func checkGatewayFamily(_ gateway: IPAddress, _ invalid: (String) -> NetKitError) throws(NetKitError) {
        // An IPv4 route may have an IPv6 gateway (RTA_VIA, RFC 5549); the kernel has no IPv6
        // route via an IPv4 gateway.
        if family == .ipv6 && gateway.family == .ipv4 {
            throw invalid("gateway \(gateway) is IPv4 but the destination \(destination) is IPv6; an IPv6 route needs an IPv6 gateway")
        }
    }

    static func familyName(_ family: AddressFamily) -> String {
        family == .ipv4 ? "IPv4" : "IPv6"
    }
}
