@testable import NetKit
import Testing

@Suite("Events: the snapshot window (list, then follow)")
struct SnapshotWindowTests {
    private func neighbour(_ state: NeighbourState) -> Neighbour {
        Neighbour(
            address: "10.0.0.7", hardwareAddress: [2, 0, 0, 0, 0, 7], interfaceIndex: 3, interfaceName: "veth1",
            state: state, flags: [])
    }

    private func decoded(_ event: NetworkEvent) -> EventDecoder.Decoded {
        let object = event.object!
        return EventDecoder.Decoded(event: event, key: object.key, state: event.isRemoval ? nil : object)
    }

    private func route(_ destination: IPNetwork) throws -> Route {
        var route = try Route(destination, via: "10.0.0.2", dev: "veth1", proto: .static)
        route.scope = .global
        return route
    }

    @Test("events the snapshot already shows are dropped; later ones are kept, in order")
    func dropsReflectedPrefix() throws {
        let a = try route("10.1.0.0/24"), b = try route("10.2.0.0/24"), c = try route("10.3.0.0/24")
        // a: added before the dump read it (shown) → drop. b: added and removed before the dump
        // (absent) → drop both. c: added after the dump (absent from it) → keep.
        let window = [decoded(.routeAdded(a)), decoded(.routeAdded(b)), decoded(.routeRemoved(b)), decoded(.routeAdded(c))]
        let snapshot: [ObjectKey: NetworkObject] = [.route(a.identity, nil): .route(a)]
        #expect(SnapshotWindow.unseen(window, snapshot: snapshot) == [.routeAdded(c)])
    }

    @Test("a change after the dump is kept, the stale one before it dropped")
    func keepsChangesAfterTheDump() {
        let reachable = neighbour(.reachable), stale = neighbour(.stale), failed = neighbour(.failed)
        // The dump saw STALE: REACHABLE → STALE happened before, STALE → FAILED → gone after.
        let window = [
            decoded(.neighbourChanged(reachable)), decoded(.neighbourChanged(stale)),
            decoded(.neighbourChanged(failed)), decoded(.neighbourRemoved(failed)),
        ]
        let snapshot: [ObjectKey: NetworkObject] = [.neighbour(NeighbourKey(stale)): .neighbour(stale)]
        #expect(SnapshotWindow.unseen(window, snapshot: snapshot) == [.neighbourChanged(failed), .neighbourRemoved(failed)])
    }

    @Test("nothing in the window matches the snapshot: everything is delivered")
    func keepsAllWhenNothingIsReflected() throws {
        let a = try route("10.1.0.0/24")
        let window = [decoded(.routeRemoved(a))]
        #expect(SnapshotWindow.unseen(window, snapshot: [.route(a.identity, nil): .route(a)]) == [.routeRemoved(a)])
        #expect(SnapshotWindow.unseen([], snapshot: [.route(a.identity, nil): .route(a)]).isEmpty)
    }

    @Test("a replacement (no removal of the old route) is about the same object as the route it replaced")
    func replaceIsKeyedByIdentity() throws {
        let old = try route("10.1.0.0/24")
        var new = old
        new.gateway = "10.0.0.3"
        let window = [decoded(.routeAdded(old)), decoded(.routeChanged(new))]
        // The dump read the route after the replace: both are shown, neither is delivered
        // (before identity keys, the addition of the old route was delivered after the snapshot).
        #expect(SnapshotWindow.unseen(window, snapshot: [.route(new.identity, nil): .route(new)]).isEmpty)
        // The dump read it in between: only the replacement is new.
        #expect(SnapshotWindow.unseen(window, snapshot: [.route(old.identity, nil): .route(old)]) == [.routeChanged(new)])
        // The dump read the old route, which was then replaced and deleted: both are delivered,
        // so the consumer ends without it.
        let gone = [decoded(.routeChanged(new)), decoded(.routeRemoved(new))]
        #expect(
            SnapshotWindow.unseen(gone, snapshot: [.route(old.identity, nil): .route(old)]) == [.routeChanged(new), .routeRemoved(new)])
    }

    @Test("a replace that moves a route to another device: earlier notifications about its identity are dropped with it")
    func replaceAcrossDevices() throws {
        let old = try route("10.1.0.0/24")
        var other = old
        other.deviceIndex = 9
        var new = old
        new.deviceIndex = 7
        #expect(NetworkObject.route(old).key != NetworkObject.route(new).key)
        let window = [decoded(.routeAdded(old)), decoded(.routeChanged(new)), decoded(.routeAdded(other))]
        // The dump shows the replacement only: the addition of the replaced route is not delivered.
        #expect(SnapshotWindow.unseen(window, snapshot: [NetworkObject.route(new).key: .route(new)]) == [.routeAdded(other)])
    }

    @Test("A → B → A during the window coalesces to the snapshot's A (final state right)")
    func abaCoalesces() {
        let reachable = neighbour(.reachable), stale = neighbour(.stale)
        let window = [decoded(.neighbourChanged(reachable)), decoded(.neighbourChanged(stale)), decoded(.neighbourChanged(reachable))]
        let snapshot: [ObjectKey: NetworkObject] = [.neighbour(NeighbourKey(reachable)): .neighbour(reachable)]
        #expect(SnapshotWindow.unseen(window, snapshot: snapshot).isEmpty)
    }
}
