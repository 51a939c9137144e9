extension Route {
    /// What most likely went wrong when the kernel refused `command` for `route`, in terms of
    /// the route itself — the errno alone ("Network is unreachable") rarely says.
    static func hint(for error: NetKitError, route: Route, command: RouteCommand) -> String? {
        let device = (route.device ?? route.nextHops.compactMap(\.device).first)?.rawValue ?? "the device"
        let gateway = route.gateway ?? route.nextHops.compactMap(\.gateway).first
        let onlink = route.onlink || route.nextHops.contains(where: \.onlink)
        let invalidGateway = error.kernelMessage?.contains("invalid gateway") ?? false
        switch error.errno {
        case .EEXIST?:
            return
                "a route to \(route.destination.routeDescription) with the same table, TOS and metric already exists; use replaceRoute to update it (or appendRoute to add another)"
        case .ENETUNREACH?, .EHOSTUNREACH?:
            guard let gateway, command != .delete else { return nil }
            return
                "the gateway \(gateway) is not on a subnet of dev \(device); use onlink (as Calico does for tunl0) to skip that check, or add an address on the gateway's subnet first"
        case .EINVAL? where invalidGateway && onlink:
            return
                "with onlink the kernel still classifies the gateway in the namespace's local table, which does not exist until an address is configured (a fresh namespace with lo down has none): bring lo up or add an address first"
        case .EINVAL? where invalidGateway:
            return
                "the gateway is not usable on dev \(device) (not on one of its subnets, or a local/broadcast address); use onlink to force it onto the link"
        case .ENETDOWN?:
            return
                "dev \(device) is down; bring it up first (ip link set \(device) up): the kernel refuses routes, onlink ones included, through a device that is down"
        case .ESRCH? where command == .delete:
            return
                "no route matches \(route); fields left nil match anything, so a protocol, scope, type, metric, gateway, device or table given here may be what differs"
        case .EINVAL? where error.kernelMessage?.contains("prefsrc") ?? false:
            return "src \(route.preferredSource.map { "\($0)" } ?? "") must be an address configured on this host (in this namespace)"
        default:
            return nil
        }
    }
}

extension NetKitError {
    /// `ENODEV` for a device name that resolves to no link, with `ip`'s own words as the hint
    /// (`Cannot find device "X"`).
    static func noSuchDevice(_ name: some CustomStringConvertible, operation: NetKitError.Operation, object: String) -> NetKitError {
        NetKitError(
            .kernel(.ENODEV), operation: operation, object: object,
            hint: "Cannot find device \"\(name)\": no link of that name in this namespace")
    }
}
