import Foundation
import NetKit
import Testing

/// Calico's IPIP routes (`via NODE dev tunl0 proto bird onlink`). They need `CONFIG_NET_IPIP`:
/// where the kernel lacks it each test asserts the typed missing-feature error instead, and with
/// `NETKIT_REQUIRE_IPIP=1` (the kernel lane of `.ci/run`) a kernel without IPIP fails them.
@Suite("IPIPRouteTests")
struct IPIPRouteTests {
    static var ipipRequired: Bool { ProcessInfo.processInfo.environment["NETKIT_REQUIRE_IPIP"] == "1" }

    /// A namespace with eth1 (192.168.3.113/24) and tunl0 up, or nil after checking the typed
    /// error where IPIP is missing. Creating any IPIP tunnel loads the module, which gives every
    /// namespace its `tunl0`.
    static func calicoNode() throws -> TestNamespace? {
        let ns = try TestNamespace("ri")
        try ns.upVeth("eth1", peer: "eth1p", addresses: ["192.168.3.113/24"])
        if !ns.net.hasIPIPSupport() {
            do {
                try ns.net.add(IPIPTunnel(name: "ipipprobe", remote: "192.168.3.200", underlyingDevice: "eth1"))
            } catch {
                guard case .kernelFeatureMissing(let feature) = error.reason else { throw error }
                #expect(feature.contains("CONFIG_NET_IPIP"))
                #expect(!ipipRequired, "IPIP is required here (NETKIT_REQUIRE_IPIP=1) but the kernel lacks it: \(error)")
                // The route API names the missing device the same way ip does.
                let route = try Route("10.122.17.64/26", via: "192.168.3.110", dev: "tunl0", proto: .bird, onlink: true)
                let missing = try #require(throws: NetKitError.self) { try ns.net.addRoute(route) }
                #expect(missing.errno == .ENODEV && missing.description.contains("Cannot find device \"tunl0\""))
                return nil
            }
        }
        try ns.sh("link", "set", "tunl0", "up")
        return ns
    }

    @Test("Calico's route via tunl0 onlink is added, listed and printed as ip route prints it")
    func calicoRoute() throws {
        guard let ns = try Self.calicoNode() else { return }
        let route = try Route("10.122.17.64/26", via: "192.168.3.110", dev: "tunl0", proto: .bird, onlink: true)
        try ns.net.addRoute(route)
        #expect(try ns.ipLines("route", "show", "10.122.17.64/26") == ["10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink"])
        let listed = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, dev: "tunl0"))
        #expect(listed.map(\.description) == [route.description])
        try expectSameText(ns, RouteFilter(), ip: ["route", "show", "table", "all"])
        try expectSameJSON(ns, try ns.net.routes(), ip: ["route", "show", "table", "all"])
        let lookup = try ns.net.routeLookup("10.122.17.70")
        #expect(lookup.device == "tunl0" && lookup.gateway == "192.168.3.110")
    }

    @Test("without onlink the tunl0 route is refused with the hint that names onlink")
    func withoutOnlink() throws {
        guard let ns = try Self.calicoNode() else { return }
        let error = try #require(throws: NetKitError.self) {
            try ns.net.addRoute(try Route("10.122.17.64/26", via: "192.168.3.110", dev: "tunl0", proto: .bird))
        }
        // The gateway is on eth1's subnet, not reachable through tunl0: the kernel's gateway check
        // (fib_check_nh_v4_gw) looks it up restricted to tunl0, the lookup fails with ENETUNREACH,
        // and the extended ACK says "Nexthop has invalid gateway" (all `ip route add` prints).
        // Measured in the kernel lane (Debian's stock kernel).
        #expect(error.errno == .ENETUNREACH, "\(error)")
        #expect(error.kernelMessage == "Nexthop has invalid gateway", "\(error)")
        #expect(error.hint?.contains("use onlink (as Calico does for tunl0)") == true, "\(error)")
    }

    @Test("a Calico node's table: felix replaces, bird's routes are flushed by protocol")
    func replaceAndFlush() throws {
        guard let ns = try Self.calicoNode() else { return }
        let blocks = try (0..<64).map { i in
            try Route(
                IPNetwork(validatingNetwork: .v4(IPv4Address(10, 122, UInt8(i), 64)), prefixLength: 26),
                via: "192.168.3.110", dev: "tunl0", proto: .bird, onlink: true)
        }
        #expect(try ns.net.replaceRoutes(blocks).allSatisfy { $0.succeeded })
        #expect(try ns.net.replaceRoutes(blocks).allSatisfy { $0.succeeded })
        #expect(try ns.ip("route", "show", "dev", "tunl0").count == 64)
        let flushed = try ns.net.flushRoutes(filter: RouteFilter(family: .ipv4, dev: "tunl0", proto: .bird))
        #expect(flushed.count == 64)
        #expect(try ns.ip("route", "show", "dev", "tunl0").isEmpty)
    }
}
