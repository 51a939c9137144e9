import Testing
@testable import NetKit

@Suite("Routes: filters select like ip route show")
struct RouteFilterTests {
    private let routes: [Route] = {
        var list: [Route] = []
        func add(_ route: Route?, index: Int32? = 3) {
            guard var route else { return }
            route.protocol = route.protocol ?? .boot
            route.scope = route.effectiveScope
            if route.device != nil { route.deviceIndex = index }
            list.append(route)
        }
        add(try? Route("10.0.0.0/8", via: "192.168.3.1", dev: "d0"))
        add(try? Route("10.1.0.0/16", dev: "d1", proto: .bird), index: 4)
        add(try? Route("10.1.2.0/24", dev: "d0", table: 100))
        add(try? Route("10.1.2.3/32", type: .blackhole, proto: .bird))
        add(try? Route("2001:db8::/64", dev: "d0", metric: 1024))
        add(try? Route(.defaultRoute(.ipv4), via: "192.168.3.1", dev: "d0"))
        return list
    }()

    private func select(_ filter: RouteFilter, deviceIndex: Int32? = nil) -> [String] {
        routes.filter { filter.matches($0, deviceIndex: deviceIndex) }.map { "\($0.destination)" }
    }

    @Test("exact, root and match prefixes")
    func prefixes() {
        #expect(select(RouteFilter(destination: "10.1.0.0/16")) == ["10.1.0.0/16"])
        #expect(select(RouteFilter(destination: "10.1.0.0/16", prefixMatch: .root)) == ["10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32"])
        #expect(
            select(RouteFilter(destination: "10.1.2.3/32", prefixMatch: .match))
                == ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "0.0.0.0/0"])
    }

    @Test("family, table, protocol, type, device, gateway, metric")
    func fields() {
        #expect(select(RouteFilter(family: .ipv6)) == ["2001:db8::/64"])
        #expect(select(RouteFilter(table: 100)) == ["10.1.2.0/24"])
        #expect(select(RouteFilter(table: .main, proto: .bird)) == ["10.1.0.0/16", "10.1.2.3/32"])
        #expect(select(RouteFilter(type: .blackhole)) == ["10.1.2.3/32"])
        #expect(select(RouteFilter(dev: "d1"), deviceIndex: 4) == ["10.1.0.0/16"])
        #expect(select(RouteFilter(via: "192.168.3.1")) == ["10.0.0.0/8", "0.0.0.0/0"])
        #expect(select(RouteFilter(metric: 1024)) == ["2001:db8::/64"])
        #expect(select(RouteFilter(scope: .link)) == ["10.1.0.0/16", "10.1.2.0/24"])
        #expect(select(RouteFilter()).count == routes.count)
    }

    @Test("cached routes (ip route get answers) never match a listing")
    func cloned() throws {
        var route = try Route("10.0.0.1/32", dev: "d0")
        route.flags.insert(.cloned)
        #expect(!RouteFilter().matches(route, deviceIndex: nil))
    }
}
