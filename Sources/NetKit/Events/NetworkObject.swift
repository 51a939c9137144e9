/// One object of a namespace's network configuration, as a snapshot lists it
/// (``NetworkEvent/existing(_:)``).
public enum NetworkObject: Sendable, Hashable, CustomStringConvertible {
    case link(Link)
    case address(InterfaceAddress)
    case route(Route)
    case neighbour(Neighbour)
    case rule(RoutingRule)

    /// The line `ip monitor` prints for the object (without iproute2's trailing blanks): the
    /// link line of `ip link show` (two lines), `3: veth1    inet 10.0.0.1/24 scope global
    /// veth1` plus the lifetime line for an address, and the line of `ip route`, `ip neigh` or
    /// `ip rule` for the others.
    public var description: String {
        switch self {
        case .link(let link): link.monitorLine
        case .address(let address): address.monitorLine
        case .route(let route): route.description
        case .neighbour(let neighbour): neighbour.description
        case .rule(let rule): rule.description
        }
    }

    /// What makes two notifications be about the same object, for the snapshot window
    /// (``SnapshotWindow``). Routes and rules have no identity short of their whole value: the
    /// kernel allows several routes to one prefix (`ip route append`), so a route is its value.
    var key: ObjectKey {
        switch self {
        case .link(let link): .link(link.index)
        case .address(let address): .address(address.interfaceIndex, address.local, address.peer)
        case .route(let route): .route(route)
        case .neighbour(let neighbour): .neighbour(NeighbourKey(neighbour))
        case .rule(let rule): .rule(rule)
        }
    }
}

enum ObjectKey: Hashable {
    case link(Int32)
    case address(Int32, IPNetwork, IPAddress?)
    case route(Route)
    case neighbour(NeighbourKey)
    case rule(RoutingRule)
}

/// A neighbour entry's identity in the kernel: device, address, and whether it is a proxy entry.
struct NeighbourKey: Hashable {
    var interfaceIndex: Int32
    var address: IPAddress
    var isProxy: Bool

    init(_ neighbour: Neighbour) {
        interfaceIndex = neighbour.interfaceIndex
        address = neighbour.address
        isProxy = neighbour.isProxy
    }
}
