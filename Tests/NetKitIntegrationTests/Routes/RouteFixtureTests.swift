import Foundation
import NetKit
import Testing

@Suite("Routes: the veth fixture returns a settled table")
struct RouteFixtureTests {
    @Test("upVeth returns after the carrier's routes: no linkdown, each end has its ff00::/8 route")
    func carrierApplied() throws {
        let ns = try TestNamespace("rf")
        try ns.upVeth("d6", peer: "d6p", addresses: ["10.0.0.1/24", "2001:db8::1/64"])
        // NetKit reads first: it answers within microseconds, where a forked `ip` may come late.
        let routes = try ns.net.routes()
        #expect(routes.filter { $0.flags.names.contains("linkdown") }.map(\.description) == [])
        let multicast = try ns.net.routes(filter: RouteFilter(family: .ipv6, table: .local, type: .multicast))
        #expect(Set(multicast.compactMap(\.device)) == ["d6", "d6p"])
        #expect(multicast.allSatisfy { $0.destination == "ff00::/8" })
        let ipText = try ns.ipLines("route", "show", "table", "all")
        #expect(ipText == lines(routes), "NetKit:\n\(lines(routes).joined(separator: "\n"))\nip:\n\(ipText.joined(separator: "\n"))")
    }
}
