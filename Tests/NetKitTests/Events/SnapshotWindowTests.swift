@testable import NetKit
import Testing

@Suite("Events: the snapshot window (list, then follow)")
struct SnapshotWindowTests {
    private func neighbour(_ state: NeighbourState) -> Neighbour {
        Neighbour(address: "10.0.0.7", linkLayerAddress: [2, 0, 0, 0, 0, 7], interfaceIndex: 3, interfaceName: "veth1",
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
        let snapshot: [ObjectKey: NetworkObject] = [.route(a): .route(a)]
        #expect(SnapshotWindow.unseen(window, snapshot: snapshot) == [.routeAdded(c)])
    }

    @Test("a change after the dump is kept, the stale one before it dropped")
    func keepsChangesAfterTheDump() {
        let reachable = neighbour(.reachable), stale = neighbour(.stale), failed = neighbour(.failed)
        // The dump saw STALE: REACHABLE → STALE happened before, STALE → FAILED → gone after.
        let window = [decoded(.neighbourChanged(reachable)), decoded(.neighbourChanged(stale)),
                      decoded(.neighbourChanged(failed)), decoded(.neighbourRemoved(failed))]
        let snapshot: [ObjectKey: NetworkObject] = [.neighbour(NeighbourKey(stale)): .neighbour(stale)]
        #expect(SnapshotWindow.unseen(window, snapshot: snapshot) == [.neighbourChanged(failed), .neighbourRemoved(failed)])
    }

    @Test("nothing in the window matches the snapshot: everything is delivered")
    func keepsAllWhenNothingIsReflected() throws {
        let a = try route("10.1.0.0/24")
        let window = [decoded(.routeRemoved(a))]
        #expect(SnapshotWindow.unseen(window, snapshot: [.route(a): .route(a)]) == [.routeRemoved(a)])
        #expect(SnapshotWindow.unseen([], snapshot: [.route(a): .route(a)]).isEmpty)
    }

    @Test("A → B → A during the window coalesces to the snapshot's A (final state right)")
    func abaCoalesces() {
        let reachable = neighbour(.reachable), stale = neighbour(.stale)
        let window = [decoded(.neighbourChanged(reachable)), decoded(.neighbourChanged(stale)), decoded(.neighbourChanged(reachable))]
        let snapshot: [ObjectKey: NetworkObject] = [.neighbour(NeighbourKey(reachable)): .neighbour(reachable)]
        #expect(SnapshotWindow.unseen(window, snapshot: snapshot).isEmpty)
    }
}
