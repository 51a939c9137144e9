import Foundation
import NetKit
import Synchronization
import Testing

/// The settings a CNI bridge plugin needs from `attach` beyond the plain pair: the host end's
/// MAC, the port's options and VLANs, a promiscuous bridge, a container end left down, and the
/// hooks that run before the bridge and the host end come up. Each checked with `ip -j` and
/// `bridge -j` in the test's own namespaces.
@Suite("Containers: attach's port, bridge and host-end settings")
struct ContainerInterfaceOptionsTests {
    @Test(
        "host MAC, hairpin and isolated port, promiscuous bridge, both hooks before up — as ip -j and bridge -j -d report them"
    )
    func portAndBridgeSettings() throws {
        let node = try TestNamespace("co")
        let pod = try TestNamespace("cp", loopbackUp: false)
        let hostMAC = try MACAddress(parsing: "02:00:00:aa:00:01"), containerMAC = try MACAddress(parsing: "02:00:00:bb:00:01")
        let seen = Mutex<[String]>([])
        let interface = try ContainerInterface(
            hostName: "veth0o", in: pod.namespace, macAddress: containerMAC, hostMACAddress: hostMAC,
            addresses: [IPNetwork(parsing: "10.26.0.5/24")],
            bridge: BridgeAttachment(
                Bridge(name: "cni0"), addresses: [IPNetwork(parsing: "10.26.0.1/24")], promiscuous: true,
                portOptions: BridgePortOptions(hairpin: true, isolated: true)
            ) { handle, bridge in
                let now = try handle.link(named: bridge.name)
                seen.withLock { $0.append("bridge \(bridge.name) up=\(now.isUp) promisc=\(now.flags.contains(.promiscuous))") }
            }
        ) { handle, host in
            let now = try handle.link(named: host)
            seen.withLock { $0.append("host \(host) up=\(now.isUp) master=\(now.masterName?.rawValue ?? "-")") }
        }
        let attached = try node.net.attach(interface)
        #expect(seen.withLock { $0 } == ["bridge cni0 up=false promisc=true", "host veth0o up=false master=cni0"])
        #expect(attached.host.macAddress == hostMAC && attached.container.macAddress == containerMAC)

        let hostEnd = try #require(try node.ip("link", "show", "veth0o").first)
        #expect(hostEnd["address"] as? String == "02:00:00:aa:00:01")
        #expect((hostEnd["flags"] as? [String])?.contains("UP") == true)
        let cni0 = try #require(try node.ip("-d", "link", "show", "cni0").first)
        #expect((cni0["flags"] as? [String])?.contains("PROMISC") == true, "\(cni0)")
        #expect((cni0["flags"] as? [String])?.contains("UP") == true)
        let port = try #require(try node.bridge("-d", "link", "show", "dev", "veth0o").first)
        #expect(port["master"] as? String == "cni0")
        #expect(port["hairpin"] as? Bool == true && port["isolated"] as? Bool == true, "\(port)")
        #expect(try pod.ip("link", "show", "eth0").first?["address"] as? String == "02:00:00:bb:00:01")
    }

    @Test("an existing bridge made promiscuous and up by attach is neither any more after a failed attach")
    func promiscuousUndone() throws {
        let node = try TestNamespace("co"), pod = try TestNamespace("cp")
        try node.net.add(Bridge(name: "cni0"))  // down, not promiscuous
        var interface = try ContainerInterface(
            hostName: "veth0o", in: pod.namespace, addresses: [IPNetwork(parsing: "10.26.0.5/24")],
            bridge: BridgeAttachment(Bridge(name: "cni0"), promiscuous: true))
        interface.routes = [try Route(.defaultRoute(.ipv4), via: "192.0.2.1")]  // off-link: refused
        #expect(throws: NetKitError.self) { _ = try node.net.attach(interface) }
        let cni0 = try #require(try node.ip("link", "show", "cni0").first)
        #expect((cni0["flags"] as? [String]).map { !$0.contains("PROMISC") && !$0.contains("UP") } == true, "\(cni0)")
        #expect(!(try node.ip("link", "show").contains { $0["ifname"] as? String == "veth0o" }))
    }

    @Test("containerEndUp false and loopbackUp false: both stay down in the container; the host end is up on the bridge")
    func containerEndLeftDown() throws {
        let node = try TestNamespace("co")
        let pod = try TestNamespace("cp", loopbackUp: false)
        let interface = ContainerInterface(
            hostName: "veth0o", in: pod.namespace, bridge: BridgeAttachment(Bridge(name: "cni0")), loopbackUp: false,
            containerEndUp: false)
        let attached = try node.net.attach(interface)
        #expect(!attached.container.isUp)
        for name in ["eth0", "lo"] {
            let link = try #require(try pod.ip("link", "show", name).first)
            #expect((link["flags"] as? [String])?.contains("UP") == false, "\(link)")
        }
        let hostEnd = try #require(try node.ip("link", "show", "veth0o").first)
        #expect(hostEnd["master"] as? String == "cni0")
        #expect((hostEnd["flags"] as? [String])?.contains("UP") == true)
    }

    @Test("port VLANs on a vlan_filtering bridge: the default VLAN replaced, or kept — as bridge -j vlan show lists them")
    func portVLANs() throws {
        let node = try TestNamespace("co")
        let first = try TestNamespace("cp"), second = try TestNamespace("cp")
        let bridge = Bridge(name: "cni0", vlanFiltering: true)
        let replacing = ContainerInterface(
            hostName: "veth0a", in: first.namespace,
            bridge: BridgeAttachment(
                bridge, portVLANs: [BridgeVLAN(10, pvid: true, untagged: true), BridgeVLAN(ids: 20...22)], replacesPortVLANs: true))
        guard try OptionalKernelFeature.vlanFiltering.create(in: node, { _ = try node.net.attach(replacing) }) else { return }
        let keeping = ContainerInterface(
            hostName: "veth0b", in: second.namespace, bridge: BridgeAttachment(bridge, portVLANs: [BridgeVLAN(30)]))
        _ = try node.net.attach(keeping)

        let rows = BridgePortVLANTests.expanded(try node.bridge("vlan", "show"))
        #expect(
            rows.filter { $0.hasPrefix("veth0a ") }.sorted() == [
                "veth0a 10 Egress Untagged,PVID", "veth0a 20 ", "veth0a 21 ", "veth0a 22 ",
            ])
        #expect(rows.filter { $0.hasPrefix("veth0b ") }.sorted() == ["veth0b 1 Egress Untagged,PVID", "veth0b 30 "])
    }

    @Test("a VLAN id outside 1–4094 is refused before any request")
    func invalidPortVLAN() throws {
        let node = try TestNamespace("co"), pod = try TestNamespace("cp")
        let before = try PartialFailureTests.snapshot(node)
        let interface = ContainerInterface(
            hostName: "veth0o", in: pod.namespace, bridge: BridgeAttachment(Bridge(name: "cni0"), portVLANs: [BridgeVLAN(4095)]))
        let error = try #require(throws: NetKitError.self) { _ = try node.net.attach(interface) }
        #expect(error.reason.isInvalidInput, "\(error)")
        #expect(try PartialFailureTests.snapshot(node) == before)
    }
}
