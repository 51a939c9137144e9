import Testing
@testable import NetKit

@Suite("Routes: bad input is rejected before anything is sent")
struct RouteValidationTests {
    /// Expects `.invalidInput` whose message contains every fragment.
    private func expectInvalid(
        _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("accepted; expected an error mentioning \(fragments)", sourceLocation: sourceLocation)
        } catch let error as NetKitError {
            guard case .invalidInput(let message) = error.reason else {
                Issue.record("expected .invalidInput, got \(error)", sourceLocation: sourceLocation)
                return
            }
            for fragment in fragments {
                #expect(message.contains(fragment), "\(message) lacks \(fragment)", sourceLocation: sourceLocation)
            }
            #expect(!error.operation.command.isEmpty, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a destination with host bits set suggests the network")
    func hostBits() {
        expectInvalid(["\"10.0.0.1/24\"", "host bits", "10.0.0.0/24"]) { _ = try Route("10.0.0.1/24", dev: "d0") }
        expectInvalid(["2001:db8::/32"]) { _ = try Route("2001:db8::1/32", dev: "d0") }
        // A route mutated after construction is checked again when sent.
        expectInvalid(["10.0.0.0/24"]) {
            var route = try Route("10.0.0.0/24", dev: "d0")
            route.destination = "10.0.0.1/24"
            _ = try route.request(.add) { _ throws(NetKitError) in 1 }
        }
    }

    @Test("addresses of the wrong family")
    func wrongFamily() {
        expectInvalid(["gateway 10.0.0.1 is IPv4", "2001:db8::/64 is IPv6"]) { _ = try Route("2001:db8::/64", via: "10.0.0.1") }
        expectInvalid(["src 2001:db8::1 is IPv6"]) { _ = try Route("10.0.0.0/24", dev: "d0", src: "2001:db8::1") }
        expectInvalid(["gateway 10.0.0.1 is IPv4"]) {
            _ = try Route("2001:db8::/64", nextHops: [NextHop(via: "10.0.0.1", dev: "d0")])
        }
        // An IPv6 gateway for an IPv4 route is fine: RTA_VIA.
        #expect(throws: Never.self) { _ = try Route("10.0.0.0/24", via: "fe80::1", dev: "d0") }
    }

    @Test("the metric is the kernel's UInt32, stored as given; table ids out of range are refused")
    func ranges() throws {
        #expect(try Route("10.0.0.0/24", dev: "d0", metric: UInt32.max).metric == UInt32.max)
        #expect(try Route("10.0.0.0/24", dev: "d0", metric: 0).metric == 0)
        let negative = -5
        expectInvalid(["table id -5"]) { _ = try RouteTable(negative) }
        expectInvalid(["table 0", ".main"]) {
            _ = try Route("10.0.0.0/24", dev: "d0", table: .unspec).request(.add) { _ throws(NetKitError) in 1 }
        }
        // Deleting with table 0 is what ip route del does for "any table" — allowed.
        #expect(throws: Never.self) {
            _ = try Route("10.0.0.0/24", table: .unspec).request(.delete) { _ throws(NetKitError) in 1 }
        }
    }

    @Test("multipath: no hops, bad weights, mixing with a top-level gateway")
    func multipath() {
        expectInvalid(["at least one next hop"]) { _ = try Route("10.0.0.0/24", nextHops: []) }
        expectInvalid(["weight 0", "1–256"]) { _ = try NextHop(via: "10.0.0.1", weight: 0) }
        expectInvalid(["weight 257"]) { _ = try NextHop(via: "10.0.0.1", weight: 257) }
        expectInvalid(["nextHops", "via/dev"]) {
            _ = try Route("10.0.0.0/24", via: "10.0.0.1", nextHops: [NextHop(via: "10.0.0.2")])
        }
    }

    @Test("reject types take no gateway or device; device names are checked")
    func typesAndNames() {
        expectInvalid(["blackhole route takes no gateway"]) { _ = try Route("10.0.0.0/24", type: .blackhole, via: "10.0.0.1") }
        expectInvalid(["unreachable route"]) { _ = try Route("10.0.0.0/24", type: .unreachable, dev: "d0") }
        expectInvalid(["at most 15 bytes"]) { _ = try Route("10.0.0.0/24", dev: InterfaceName(parsing: "a-name-much-too-long-for-linux")) }
        expectInvalid(["bad/name"]) { _ = try Route("10.0.0.0/24", dev: InterfaceName(parsing: "bad/name")) }
    }

    @Test("an unknown device is ENODEV naming the device, raised before sending")
    func unknownDevice() throws {
        let route = try Route("10.0.0.0/24", dev: "nothere0")
        let error = #expect(throws: NetKitError.self) {
            _ = try route.request(.add) { name throws(NetKitError) in
                throw NetKitError.noSuchDevice(name, operation: RouteCommand.add.operation, object: route.description)
            }
        }
        #expect(error?.errno == .ENODEV)
        #expect(error?.description.contains("Cannot find device \"nothere0\"") == true)
        #expect(error?.operation.messageType == .newRoute && error?.operation.command == "ip route add")
    }

    @Test("hints name the likely cause")
    func hints() throws {
        let route = try Route("10.9.0.0/24", via: "172.16.0.1", dev: "d0")
        let unreachable = NetKitError(.kernel(.ENETUNREACH), operation: "", kernelMessage: "Nexthop has invalid gateway")
        #expect(Route.hint(for: unreachable, route: route, command: .add)?.contains("use onlink") == true)
        #expect(Route.hint(for: unreachable, route: route, command: .add)?.contains("not on a subnet of dev d0") == true)
        let onlink = try Route("10.9.0.0/24", via: "172.16.0.1", dev: "d0", onlink: true)
        let quirk = NetKitError(.kernel(.EINVAL), operation: "", kernelMessage: "Nexthop has invalid gateway")
        #expect(Route.hint(for: quirk, route: onlink, command: .add)?.contains("lo up") == true)
        let down = NetKitError(.kernel(.ENETDOWN), operation: "", kernelMessage: "Nexthop device is not up")
        #expect(Route.hint(for: down, route: onlink, command: .add)?.contains("ip link set d0 up") == true)
        let exists = NetKitError(.kernel(.EEXIST), operation: "")
        #expect(Route.hint(for: exists, route: route, command: .add)?.contains("replaceRoute") == true)
        let missing = NetKitError(.kernel(.ESRCH), operation: "")
        #expect(Route.hint(for: missing, route: route, command: .delete)?.contains("nil match anything") == true)
    }

    @Test("flushRoutes refuses an empty filter (ip route flush requires arguments)")
    func emptyFlush() throws {
        #expect(RouteFilter() == RouteFilter())
        #expect(RouteFilter.mainIPv4.arguments == "-4 table main")
        #expect(
            RouteFilter(proto: .bird, destination: "10.0.0.0/8", prefixMatch: .root).arguments == "table all proto bird root 10.0.0.0/8")
    }
}
