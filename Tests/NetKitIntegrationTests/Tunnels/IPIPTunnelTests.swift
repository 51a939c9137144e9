import Foundation
import NetKit
import Testing

/// IPIP needs `CONFIG_NET_IPIP`. Where the kernel lacks it these tests assert the typed
/// missing-feature error; with `NETKIT_REQUIRE_IPIP=1` (the kernel lane in `.ci/run`) a kernel
/// without IPIP fails them, so they cannot pass by skipping.
@Suite("IPIP tunnels")
struct IPIPTunnelTests {
    /// Creates the tunnel, or checks the typed error and returns false when IPIP is missing here.
    func addOrExpectMissing(_ ns: TestNamespace, _ tunnel: IPIPTunnel) throws -> Bool {
        try OptionalKernelFeature.ipip.create(in: ns) { try ns.net.add(tunnel) }
    }

    @Test("create an IPIP tunnel and read back every attribute, as ip -d link shows it")
    func createAndReadBack() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "eth1", peerName: "eth1p"))
        let tunnel = IPIPTunnel(
            name: "ipip1", local: "192.168.3.113", remote: "192.168.3.110", ttl: 64, tos: 0x10,
            pathMTUDiscovery: true, underlyingDevice: "eth1")
        guard try addOrExpectMissing(ns, tunnel) else { return }
        let link = try ns.net.link(named: "ipip1")
        let info = try #require(link.details(as: IPIPTunnelDetails.self))
        #expect(link.kind == .ipip)
        #expect(link.hardwareType == .ipip)
        #expect(info.local == "192.168.3.113" && info.remote == "192.168.3.110")
        #expect(info.ttl == 64 && info.tos == 0x10 && info.pathMTUDiscovery)
        #expect(info.underlyingIndex == (try ns.net.linkIndex(of: "eth1")))
        let data = try #require(
            ((try ns.ip("-d", "link", "show", "ipip1").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(data["local"] as? String == "192.168.3.113")
        #expect(data["remote"] as? String == "192.168.3.110")
        #expect(data["ttl"] as? Int == 64)
        #expect(data["pmtudisc"] as? Bool == true)
        #expect(data["tos"] as? String == "0x10")
        #expect(data["link"] as? String == "eth1")
        #expect(info.underlyingDevice == "eth1")
        // NetKit asks for no mode, and the kernel then keeps IPPROTO_IPIP (`ip link add … type
        // ipip` sends proto 0, `any`, itself): NetKit and ip must agree on what the kernel says.
        #expect(info.mode == .ipip && data["proto"] as? String == "ipip")
        #expect(link.description.contains("ipip ipip remote 192.168.3.110 local 192.168.3.113 dev eth1 ttl 64 tos 0x10 pmtudisc"))
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "ipip1"))
    }

    @Test("nopmtudisc (with ttl inherit) is created for real: pmtudisc false in NetKit and in ip")
    func noPathMTUDiscovery() throws {
        let ns = try TestNamespace()
        guard try addOrExpectMissing(ns, IPIPTunnel(name: "ipip2", remote: "10.0.0.2", ttl: 0, pathMTUDiscovery: false)) else { return }
        let link = try ns.net.link(named: "ipip2")
        let info = try #require(link.details(as: IPIPTunnelDetails.self))
        #expect(!info.pathMTUDiscovery && info.ttl == 0 && info.remote == "10.0.0.2")
        let data = try #require(
            ((try ns.ip("-d", "link", "show", "ipip2").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any])
        #expect(data["pmtudisc"] as? Bool == false)
        #expect(data["remote"] as? String == "10.0.0.2")
        #expect(link.description.contains("nopmtudisc"))
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "ipip2"))
    }

    @Test("tunl0: the per-namespace fallback device is configured like Calico does and cannot move")
    func fallbackDevice() throws {
        let ns = try TestNamespace()
        let other = try TestNamespace("o")
        guard try addOrExpectMissing(ns, IPIPTunnel(name: "ipip0", remote: "10.9.9.9")) else { return }
        #expect(ns.net.hasIPIPSupport())
        let tunl0 = try ns.net.link(named: IPIPTunnel.fallbackDeviceName)
        let tunl0Details = tunl0.details(as: IPIPTunnelDetails.self)
        #expect(tunl0.kind == .ipip && tunl0Details != nil && tunl0Details?.remote == nil && tunl0Details?.local == nil)
        let tunl0Data = ((try ns.ip("-d", "link", "show", "tunl0").first?["linkinfo"]) as? [String: Any])?["info_data"] as? [String: Any]
        #expect(tunl0Details?.mode?.description == tunl0Data?["proto"] as? String, "NetKit and ip name tunl0's mode alike (any)")
        try ns.net.setUp("tunl0")
        try ns.net.setMTU("tunl0", to: 1440)
        let up = try ns.net.link(named: "tunl0")
        #expect(up.isUp && up.mtu == 1440)
        #expect((try ns.ip("link", "show", "tunl0").first?["flags"] as? [String])?.contains("UP") == true)

        // Calico's node address: a /32 on tunl0 (ip addr add 10.122.17.64/32 dev tunl0).
        try ns.net.addAddress(InterfaceAddress("10.122.17.64/32", dev: "tunl0"))
        let addresses = try ns.net.addresses(dev: "tunl0", family: .ipv4)
        #expect(addresses.map(\.description) == ["inet 10.122.17.64/32 scope global tunl0"])
        let ipAddresses = try #require(try ns.ip("-4", "addr", "show", "dev", "tunl0").first?["addr_info"] as? [[String: Any]])
        #expect(ipAddresses.count == 1)
        #expect(ipAddresses.first?["local"] as? String == "10.122.17.64")
        #expect(ipAddresses.first?["prefixlen"] as? Int == 32)
        #expect(ipAddresses.first?["scope"] as? String == "global")
        #expect(ipAddresses.first?["label"] as? String == "tunl0")
        #expect(try ns.trimmedLines("-4", "addr", "show", "dev", "tunl0").filter { $0.hasPrefix("inet") } == addresses.map(\.description))
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "tunl0"))

        // tunl0 is namespace-local: the move is refused with EINVAL, and it stays where it was.
        let error = try #require(throws: NetKitError.self) { try ns.net.move("tunl0", to: other.namespace) }
        #expect(error.errno == .EINVAL)
        #expect(error.hint?.contains("tunl0") == true)
        #expect(try ns.net.link(named: "tunl0").index == tunl0.index)
        #expect(try ns.ip("link", "show", "tunl0").count == 1)
        #expect(try ns.net.addresses(dev: "tunl0", family: .ipv4).map(\.description) == addresses.map(\.description))
        // a second any/any tunnel collides with tunl0
        let clash = try #require(throws: NetKitError.self) { try ns.net.add(IPIPTunnel(name: "ipip9")) }
        #expect(clash.errno == .EEXIST)
    }

    @Test("nopmtudisc with a fixed TTL is rejected before sending")
    func invalidCombination() throws {
        let ns = try TestNamespace()
        let error = try #require(throws: NetKitError.self) {
            try ns.net.add(IPIPTunnel(name: "ipip1", remote: "10.0.0.1", ttl: 64, pathMTUDiscovery: false))
        }
        guard case .invalidInput = error.reason else { Issue.record("\(error)"); return }
    }
}
