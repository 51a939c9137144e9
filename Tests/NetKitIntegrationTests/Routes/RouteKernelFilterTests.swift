import Foundation
@testable import NetKit
import Testing

/// `routes(filter:)` asks the kernel to filter (`NETLINK_GET_STRICT_CHK` plus the filter's fields
/// in the `RTM_GETROUTE` request, as iproute2's `iproute_dump_filter` does); `matches` only
/// finishes the job. These tests look under `routes(filter:)`: the raw dump, without `matches`.
@Suite("Routes: dumps are filtered by the kernel (strict checking)")
struct RouteKernelFilterTests {
    @Test("NETLINK_GET_STRICT_CHK is on for NetKit's sockets")
    func strictCheckingIsOn() throws {
        let ns = try TestNamespace("rk")
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        // SOL_NETLINK = 270, NETLINK_GET_STRICT_CHK = 12 (linux/netlink.h).
        #expect(getsockopt(ns.net.socket.fileDescriptor, 270, 12, &value, &length) == 0)
        #expect(value == 1)
    }

    @Test("the kernel answers a filtered dump with only the matching routes: as many messages as ip -j lists")
    func kernelReturnsOnlyMatches() throws {
        let ns = try RouteListingTests.populated()
        let net = ns.net
        let total = try net.socket.dump(RouteFilter().dumpRequest(deviceIndex: nil)) { $0.type == .newRoute ? 1 : nil }.count
        let d0 = try net.linkIndex(of: "d0")
        let cases: [(RouteFilter, [String])] = [
            (RouteFilter(family: .ipv4, proto: .bird), ["-4", "route", "show", "table", "all", "proto", "bird"]),
            (RouteFilter(family: .ipv4, table: 100), ["-4", "route", "show", "table", "100"]),
            (RouteFilter(family: .ipv6, table: 200), ["-6", "route", "show", "table", "200"]),
            (RouteFilter(family: .ipv4, type: .blackhole), ["-4", "route", "show", "table", "all", "type", "blackhole"]),
            (RouteFilter(family: .ipv6, type: .blackhole), ["-6", "route", "show", "table", "all", "type", "blackhole"]),
        ]
        for (filter, arguments) in cases {
            let raw = try net.socket.dump(filter.dumpRequest(deviceIndex: nil)) { $0.type == .newRoute ? 1 : nil }.count
            let ip = try IPTool.json(["-n", ns.name, "-j"] + arguments).count
            #expect(raw == ip, "\(filter.description): the kernel sent \(raw) routes, ip lists \(ip)")
            #expect(raw > 0 && raw < total, "\(filter.description): \(raw) of \(total)")
            #expect(try net.routes(filter: filter).count == raw)
        }
        // dev: the kernel keeps multipath routes with a next hop on the device (fib_info_nh_uses_dev);
        // ip then drops them, NetKit keeps them (documented on routes(filter:)).
        let filter = RouteFilter(family: .ipv4, table: .main, dev: "d0")
        let raw = try net.socket.dump(filter.dumpRequest(deviceIndex: d0)) { message -> Route? in
            guard message.type == .newRoute else { return nil }
            return try Route.decode(message, names: [:])
        }
        let ip = try ns.ip("-4", "route", "show", "dev", "d0")
        let multipath = raw.filter { !$0.nextHops.isEmpty }
        #expect(raw.count == ip.count + multipath.count, "kernel \(raw.count), ip \(ip.count), multipath \(multipath.count)")
        #expect(multipath.map(\.destination) == ["10.50.0.0/16"])
        #expect(raw.allSatisfy { $0.table == .main && ($0.deviceIndex == d0 || $0.nextHops.contains { $0.deviceIndex == d0 }) })
    }
}
