// The `async` forms of the traffic-control operations (TrafficControl/); see
// NetlinkHandle+AsyncLinks.swift for how they run and how cancellation behaves.
extension NetlinkHandle {
    /// `tc qdisc add …` (`RTM_NEWQDISC`); the `async` form of `addQdisc(_:)`.
    public func addQdisc(_ qdisc: Qdisc) async throws(NetKitError) { try await onIOThread { try $0.addQdisc(qdisc) } }

    /// `tc qdisc replace …` (`RTM_NEWQDISC`); the `async` form of `replaceQdisc(_:)`.
    public func replaceQdisc(_ qdisc: Qdisc) async throws(NetKitError) { try await onIOThread { try $0.replaceQdisc(qdisc) } }

    /// `tc qdisc change …` (`RTM_NEWQDISC`); the `async` form of `changeQdisc(_:)`.
    public func changeQdisc(_ qdisc: Qdisc) async throws(NetKitError) { try await onIOThread { try $0.changeQdisc(qdisc) } }

    /// `tc qdisc del …` (`RTM_DELQDISC`); the `async` form of `deleteQdisc(_:)`.
    public func deleteQdisc(_ qdisc: Qdisc) async throws(NetKitError) { try await onIOThread { try $0.deleteQdisc(qdisc) } }

    /// `tc qdisc show [dev DEV]` (`RTM_GETQDISC` dump); the `async` form of `qdiscs(dev:)`.
    public func qdiscs(dev device: InterfaceName? = nil) async throws(NetKitError) -> [Qdisc] {
        try await onIOThread { try $0.qdiscs(dev: device) }
    }

    /// `tc -batch` of `tc qdisc add …`; the `async` form of `addQdiscs(_:)`.
    public func addQdiscs(_ qdiscs: [Qdisc]) async throws(NetKitError) -> [BatchResult<Qdisc>] {
        try await onIOThread { try $0.addQdiscs(qdiscs) }
    }

    /// `tc class add …` (`RTM_NEWTCLASS`); the `async` form of `addClass(_:)`.
    public func addClass(_ trafficClass: TrafficClass) async throws(NetKitError) {
        try await onIOThread { try $0.addClass(trafficClass) }
    }

    /// `tc class replace …` (`RTM_NEWTCLASS`); the `async` form of `replaceClass(_:)`.
    public func replaceClass(_ trafficClass: TrafficClass) async throws(NetKitError) {
        try await onIOThread { try $0.replaceClass(trafficClass) }
    }

    /// `tc class change …` (`RTM_NEWTCLASS`); the `async` form of `changeClass(_:)`.
    public func changeClass(_ trafficClass: TrafficClass) async throws(NetKitError) {
        try await onIOThread { try $0.changeClass(trafficClass) }
    }

    /// `tc class del …` (`RTM_DELTCLASS`); the `async` form of `deleteClass(_:)`.
    public func deleteClass(_ trafficClass: TrafficClass) async throws(NetKitError) {
        try await onIOThread { try $0.deleteClass(trafficClass) }
    }

    /// `tc class show dev DEV` (`RTM_GETTCLASS` dump); the `async` form of `classes(dev:)`.
    public func classes(dev device: InterfaceName) async throws(NetKitError) -> [TrafficClass] {
        try await onIOThread { try $0.classes(dev: device) }
    }

    /// `tc filter add …` (`RTM_NEWTFILTER`); the `async` form of `addFilter(_:)`.
    public func addFilter(_ filter: Filter) async throws(NetKitError) { try await onIOThread { try $0.addFilter(filter) } }

    /// `tc filter replace …` (`RTM_NEWTFILTER`); the `async` form of `replaceFilter(_:)`.
    public func replaceFilter(_ filter: Filter) async throws(NetKitError) { try await onIOThread { try $0.replaceFilter(filter) } }

    /// `tc filter del …` (`RTM_DELTFILTER`); the `async` form of `deleteFilter(_:)`.
    public func deleteFilter(_ filter: Filter) async throws(NetKitError) { try await onIOThread { try $0.deleteFilter(filter) } }

    /// `tc filter show dev DEV parent P` (`RTM_GETTFILTER` dump); the `async` form of
    /// `filters(dev:parent:)`.
    public func filters(dev device: InterfaceName, parent: TCHandle) async throws(NetKitError) -> [Filter] {
        try await onIOThread { try $0.filters(dev: device, parent: parent) }
    }
}
