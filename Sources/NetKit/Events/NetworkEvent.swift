/// A change in a namespace's network configuration, as the kernel announced it (an rtnetlink
/// notification), or a marker of the subscription itself. Each value carries the same types the
/// rest of NetKit returns (``Link``, ``InterfaceAddress``, ``Route``, ``Neighbour``,
/// ``RoutingRule``), with device names filled in.
///
/// ``description`` is what `ip monitor` prints for the notification, `Deleted ` prefix
/// included, without iproute2's trailing blanks.
///
/// The kernel sends `RTM_NEWADDR` and `RTM_NEWRULE` both for a new object and for an update of
/// one (an IPv6 address finishing duplicate address detection): treat `.addressAdded` and
/// `.ruleAdded` as "added or updated". Links, neighbours and routes are told apart: a route
/// replaced in place (`ip route replace`, `NetlinkHandle.replaceRoute(_:)`) arrives as
/// ``routeChanged(_:)``, and no removal of the old route is sent — the new route takes the place
/// of the one with the same ``Route/identity``.
public enum NetworkEvent: Sendable, Hashable, CustomStringConvertible {
    /// `RTM_NEWLINK` for a link this subscription had not seen: created or moved into the namespace.
    case linkAdded(Link)
    /// `RTM_NEWLINK` for a known link: up/down, carrier, rename, MTU, master …
    case linkChanged(Link)
    /// `RTM_DELLINK`: deleted or moved out of the namespace.
    case linkRemoved(Link)
    /// `RTM_NEWADDR` (added or updated).
    case addressAdded(InterfaceAddress)
    /// `RTM_DELADDR`
    case addressRemoved(InterfaceAddress)
    /// `RTM_NEWROUTE` for a new route, in any table; cached routes are left out, as
    /// `ip monitor` leaves them out. Its ``Route/identity`` may be shared with another route
    /// (an IPv4 `ip route append`, the kernel's IPv6 `fe80::/64` on each device).
    case routeAdded(Route)
    /// `RTM_NEWROUTE` with `NLM_F_REPLACE`: this route replaced the one with the same
    /// ``Route/identity`` (table, destination, tos, metric), which the kernel removes without a
    /// `RTM_DELROUTE`. Also an IPv6 `ip -6 route append` merged into an existing route (`NLM_F_APPEND`
    /// without `NLM_F_EXCL`): the kernel sends the whole multipath route, which replaces the old one.
    /// `ip monitor` prints it like an addition.
    case routeChanged(Route)
    /// `RTM_DELROUTE`
    case routeRemoved(Route)
    /// `RTM_NEWNEIGH` for an entry this subscription had not seen.
    case neighbourAdded(Neighbour)
    /// `RTM_NEWNEIGH` for a known entry: its state or link-layer address changed. `ip neigh del`
    /// first turns the entry `FAILED` (this event), then removes it.
    case neighbourChanged(Neighbour)
    /// `RTM_DELNEIGH`
    case neighbourRemoved(Neighbour)
    /// `RTM_NEWRULE`
    case ruleAdded(RoutingRule)
    /// `RTM_DELRULE`
    case ruleRemoved(RoutingRule)
    /// `RTM_NEWQDISC` (added or changed), with ``EventKinds/trafficControl``.
    case qdiscAdded(Qdisc)
    /// `RTM_DELQDISC`, with ``EventKinds/trafficControl``.
    case qdiscRemoved(Qdisc)
    /// `RTM_NEWTFILTER` (added or replaced), with ``EventKinds/trafficControl``.
    case filterAdded(Filter)
    /// `RTM_DELTFILTER`, with ``EventKinds/trafficControl``.
    case filterRemoved(Filter)
    /// Snapshot mode: one object that exists; all of them come before ``snapshotComplete`` (or
    /// ``resynchronized``), links first, then addresses, routes, neighbours and rules.
    case existing(NetworkObject)
    /// Snapshot mode: the ``existing(_:)`` entries so far are the whole configuration; live
    /// events follow.
    case snapshotComplete
    /// The kernel dropped notifications because they arrived faster than they were read
    /// (`ENOBUFS`): something changed that no event reports. In snapshot mode a fresh snapshot
    /// follows at once — ``existing(_:)`` entries up to ``resynchronized`` — which replaces
    /// everything the consumer knew; otherwise list the state again yourself.
    case overrun
    /// Snapshot mode, after ``overrun``: the ``existing(_:)`` entries since the overrun are the
    /// whole configuration; live events follow.
    case resynchronized

    /// The object the event is about; nil for the markers.
    public var object: NetworkObject? {
        switch self {
        case .linkAdded(let link), .linkChanged(let link), .linkRemoved(let link): .link(link)
        case .addressAdded(let address), .addressRemoved(let address): .address(address)
        case .routeAdded(let route), .routeChanged(let route), .routeRemoved(let route): .route(route)
        case .neighbourAdded(let entry), .neighbourChanged(let entry), .neighbourRemoved(let entry): .neighbour(entry)
        case .ruleAdded(let rule), .ruleRemoved(let rule): .rule(rule)
        case .qdiscAdded(let qdisc), .qdiscRemoved(let qdisc): .qdisc(qdisc)
        case .filterAdded(let filter), .filterRemoved(let filter): .filter(filter)
        case .existing(let object): object
        case .snapshotComplete, .overrun, .resynchronized: nil
        }
    }

    /// The object is gone (`RTM_DEL*`).
    public var isRemoval: Bool {
        switch self {
        case .linkRemoved, .addressRemoved, .routeRemoved, .neighbourRemoved, .ruleRemoved, .qdiscRemoved, .filterRemoved: true
        default: false
        }
    }

    /// What `ip monitor` prints: the object's line, prefixed with `Deleted ` for a removal. An
    /// overrun reads as iproute2 reports it (`netlink receive error No buffer space available
    /// (105)`); the snapshot markers, which `ip monitor` has no counterpart for, as comments.
    public var description: String {
        switch self {
        case .overrun: "netlink receive error No buffer space available (105)"
        case .snapshotComplete: "# snapshot complete"
        case .resynchronized: "# resynchronized"
        // As `tc monitor` prints them: a lower-case `deleted ` for a removal.
        case .qdiscRemoved(let qdisc): "deleted \(qdisc)"
        case .filterAdded(let filter): filter.monitorText(removed: false)
        case .filterRemoved(let filter): filter.monitorText(removed: true)
        default: (isRemoval ? "Deleted " : "") + (object?.description ?? "")
        }
    }
}
