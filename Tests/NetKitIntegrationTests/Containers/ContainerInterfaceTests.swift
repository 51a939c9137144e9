import Foundation
import NetKit
import NetKitTestSupport
import Testing

@Suite("Containers: attach a container's interface in one call")
struct ContainerInterfaceTests {
    static func podInterface(_ pod: TestNamespace, host: String = "veth0a", bridgeAddress: String = "10.22.0.1/24") throws
        -> ContainerInterface
    {
        try ContainerInterface(
            hostName: InterfaceName(parsing: host), in: pod.namespace, mtu: 1400,
            addresses: [IPNetwork(parsing: "10.22.0.5/24")],
            routes: [Route(.defaultRoute(.ipv4), via: "10.22.0.1")],
            bridge: BridgeAttachment(Bridge(name: "cni0"), addresses: [IPNetwork(parsing: bridgeAddress)]))
    }

    @Test(
        "bridge, veth with its end in the pod, addresses, routes, all up — as ip and bridge report it; traffic flows; detach removes the pair"
    )
    func attachAndDetach() throws {
        let node = try TestNamespace("cn")
        let pod = try TestNamespace("cp", loopbackUp: false)
        let interface = try Self.podInterface(pod)
        let attached = try node.net.attach(interface)
        #expect(attached.host.name == "veth0a")
        #expect(attached.container.name == "eth0")
        #expect(attached.container.mtu == 1400)

        // The node side, read by iproute2.
        let cni0 = try #require(try node.ip("-d", "link", "show", "cni0").first)
        #expect(((cni0["linkinfo"] as? [String: Any])?["info_kind"] as? String) == "bridge")
        #expect((cni0["flags"] as? [String])?.contains("UP") == true)
        let gateway = try node.ip("-4", "address", "show", "cni0").first?["addr_info"] as? [[String: Any]]
        #expect(gateway?.compactMap { $0["local"] as? String } == ["10.22.0.1"])
        let hostEnd = try #require(try node.ip("link", "show", "veth0a").first)
        #expect(hostEnd["master"] as? String == "cni0")
        #expect((hostEnd["flags"] as? [String])?.contains("UP") == true)
        #expect(try node.bridge("link", "show").compactMap { $0["ifname"] as? String } == ["veth0a"])

        // The pod side.
        let eth0 = try #require(try pod.ip("address", "show", "eth0").first)
        #expect((eth0["flags"] as? [String])?.contains("UP") == true)
        #expect(eth0["mtu"] as? Int == 1400)
        #expect((eth0["addr_info"] as? [[String: Any]])?.contains { $0["local"] as? String == "10.22.0.5" } == true)
        #expect(((try pod.ip("link", "show", "lo").first?["flags"] as? [String]) ?? []).contains("UP"))
        let defaultRoute = try pod.ip("route", "show", "default").first
        #expect(defaultRoute?["gateway"] as? String == "10.22.0.1")
        #expect(defaultRoute?["dev"] as? String == "eth0")

        // And it works: the pod reaches its gateway on the bridge.
        let result = try pod.namespace.ping("10.22.0.1", count: 1, timeout: .seconds(5))
        #expect(result.received == 1, "\(result)")

        try node.net.detach(interface)
        #expect(try node.ip("link", "show").compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices.sorted() == ["cni0", "lo"])
        #expect(try pod.ip("link", "show").compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == ["lo"])
    }

    @Test("a route without dev (and without via) goes out of the container end; a blackhole route gets no dev — as ip -j route shows")
    func routeWithoutDeviceUsesContainerEnd() throws {
        let node = try TestNamespace("cn")
        let pod = try TestNamespace("cp", loopbackUp: false)
        var interface = try Self.podInterface(pod)
        // ip route add 10.99.0.0/16 alone fails in the pod (no device to reach it by): it only
        // succeeds because attach binds it to eth0.
        interface.routes += [try Route("10.99.0.0/16"), try Route("10.98.0.0/16", type: .blackhole)]
        _ = try node.net.attach(interface)

        let direct = try #require(try pod.ip("route", "show", "10.99.0.0/16").first)
        #expect(direct["dev"] as? String == "eth0", "\(direct)")
        #expect(direct["scope"] as? String == "link", "\(direct)")
        #expect(direct["gateway"] == nil, "\(direct)")
        let blackhole = try #require(try pod.ip("route", "show", "10.98.0.0/16").first)
        #expect(blackhole["type"] as? String == "blackhole", "\(blackhole)")
        #expect(blackhole["dev"] == nil, "\(blackhole)")
        // The caller's value is untouched: the binding is attach's, not the interface's.
        #expect(interface.routes.allSatisfy { $0.device == nil })
        let defaultRoute = try #require(try pod.ip("route", "show", "default").first)
        #expect(defaultRoute["dev"] as? String == "eth0")
    }

    @Test("a second container joins the existing bridge, whose gateway address is already there")
    func secondContainerSharesBridge() throws {
        let node = try TestNamespace("cn")
        let first = try TestNamespace("cp"), second = try TestNamespace("cp")
        _ = try node.net.attach(try Self.podInterface(first, host: "veth0a"))
        var interface = try Self.podInterface(second, host: "veth0b")
        interface.addresses = [try IPNetwork(parsing: "10.22.0.6/24")]
        _ = try node.net.attach(interface)
        #expect(try node.bridge("link", "show").compactMap { $0["ifname"] as? String }.sorted() == ["veth0a", "veth0b"])
        let addresses = try node.ip("-4", "address", "show", "cni0").first?["addr_info"] as? [[String: Any]]
        #expect(addresses?.count == 1)
        let result = try second.namespace.ping("10.22.0.5", count: 1, timeout: .seconds(5))
        #expect(result.received == 1, "\(result)")
    }
}
