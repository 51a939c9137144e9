/// One object of a namespace's network configuration, as a snapshot lists it
/// (``NetworkEvent/existing(_:)``).
public enum NetworkObject: Sendable, Hashable, CustomStringConvertible {
    /// A link, as `NetlinkHandle.links()` lists it.
    case link(Link)
    /// An IPv4 or IPv6 address, as `NetlinkHandle.addresses(dev:family:)` lists it.
    case address(InterfaceAddress)
    /// A route of any table, as `NetlinkHandle.routes(filter:)` lists it.
    case route(Route)
    /// An ARP or NDP entry, proxy entries included.
    case neighbour(Neighbour)
    /// A policy routing rule (`ip rule`).
    case rule(RoutingRule)
    /// A qdisc (`tc qdisc`); reported with ``EventKinds/trafficControl``, never in snapshots.
    case qdisc(Qdisc)
    /// A filter (`tc filter`); reported with ``EventKinds/trafficControl``, never in snapshots.
    case filter(Filter)

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
        case .qdisc(let qdisc): qdisc.description
        case .filter(let filter): filter.description
        }
    }

    /// What makes two notifications be about the same object, for the snapshot window
    /// (``SnapshotWindow``). A route is its kernel identity (``Route/Identity``) and its device,
    /// so that a replacement, which the kernel sends without removing the old route, is about the
    /// same object as the route it replaced; the device tells apart the routes that share an
    /// identity (IPv6 `fe80::/64` and `ff00::/8` on each device). Rules have no identity short of
    /// their whole value.
    var key: ObjectKey {
        switch self {
        case .link(let link): .link(link.index)
        case .address(let address): .address(address.interfaceIndex, address.local, address.peer)
        case .route(let route): .route(route.identity, route.nextHops.isEmpty ? route.deviceIndex : nil)
        case .neighbour(let neighbour): .neighbour(NeighbourKey(neighbour))
        case .rule(let rule): .rule(rule)
        case .qdisc(let qdisc): .trafficControl(qdisc.deviceIndex, qdisc.parent.rawValue, qdisc.handle.rawValue)
        case .filter(let filter): .trafficControl(filter.deviceIndex, filter.parent.rawValue, UInt32(filter.priority) << 16 | filter.handle)
        }
    }
}

enum ObjectKey: Hashable {
    case link(Int32)
    case address(Int32, IPNetwork, IPAddress?)
    case route(Route.Identity, Int32?)
    case neighbour(NeighbourKey)
    case rule(RoutingRule)
    /// A qdisc or filter: device index, parent, and handle (for a filter its priority and handle).
    case trafficControl(Int32, UInt32, UInt32)
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
