import Testing
@testable import NetKit

/// `Route`'s compact layout: the common fields inline, the rare ones in a shared box that is
/// nil when they are all empty. The layout is what makes a 100k-route listing touch less
/// memory; these tests keep it from growing back and check that it stays a value type.
@Suite("Routes: compact layout")
struct RouteLayoutTests {
    @Test("a Route is at most 112 bytes (it was 256; the C reference's struct is 192)")
    func size() {
        #expect(MemoryLayout<Route>.size <= 112)
        #expect(MemoryLayout<Route>.stride <= 112)
    }

    @Test("rare attributes read back, and a copy is independent of the original")
    func valueSemantics() throws {
        var route = try Route("10.1.0.0/24", via: "10.0.0.2", dev: "r0")
        route.mark = 7
        route.nextHops = [try NextHop(via: "10.0.0.3", dev: "r1", weight: 2)]
        var copy = route
        copy.mark = 9
        copy.nextHops[0].weight = 5
        copy.mtu = 1400
        #expect(route.mark == 7 && copy.mark == 9)
        #expect(route.nextHops[0].weight == 2 && copy.nextHops[0].weight == 5)
        #expect(route.mtu == nil && copy.mtu == 1400)
        #expect(route != copy)
    }

    @Test("clearing every rare attribute gives a route equal to (and hashing like) one that never had them")
    func emptyExtrasAreNoExtras() throws {
        let plain = try Route("10.1.0.0/24", via: "10.0.0.2", dev: "r0")
        var touched = plain
        touched.mark = 1
        touched.source = "10.9.0.0/16"
        touched.mtu = 1500
        #expect(touched != plain)
        touched.mark = nil
        touched.source = nil
        touched.mtu = nil
        #expect(touched == plain)
        #expect(touched.hashValue == plain.hashValue)
        #expect(Set([plain, touched]).count == 1)
    }

    @Test("equal rare attributes in different boxes compare equal")
    func equalBoxes() throws {
        var a = try Route("2001:db8::/64", dev: "r0")
        var b = a
        a.expires = .seconds(300)
        b.expires = .seconds(300)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.description == b.description)
    }
}
