import Foundation
@testable import NetKit
import NetKitTestSupport
import Testing

/// Composite operations undo what they did when a later step fails — tested by making that step
/// fail for real: a name taken, an address conflict, a route the kernel refuses, the container's
/// namespace deleted in between. After each failure, iproute2 must see the node and the pod
/// exactly as they were before.
@Suite("Reliability: partial failure leaves nothing")
struct PartialFailureTests {
    /// What iproute2 sees in a namespace: links (name, up, master), addresses, routes.
    static func snapshot(_ ns: TestNamespace) throws -> [String] {
        // The kernel's fallback devices are left out: a tunnel module another test loads puts
        // its device (sit0, ip6tnl0 …) into every namespace, between two snapshots too.
        let shown = try ns.ip("link", "show").filter { !KernelFallbackDevices.names.contains($0["ifname"] as? String ?? "") }
        let links = shown.map { link in
            let up = (link["flags"] as? [String])?.contains("UP") == true
            return "link \(link["ifname"] as? String ?? "?") \(up ? "up" : "down") master=\(link["master"] as? String ?? "-")"
        }
        let addresses = try ns.ip("address", "show").flatMap { link in
            (link["addr_info"] as? [[String: Any]] ?? []).compactMap { info -> String? in
                guard info["scope"] as? String != "link" else { return nil }  // IPv6 link-local comes and goes
                return "addr \(info["local"] as? String ?? "?")/\(info["prefixlen"] as? Int ?? -1) dev \(link["ifname"] as? String ?? "?")"
            }
        }
        let routes = try ns.ip("-4", "route", "show", "table", "all").map { route in
            "route \(route["dst"] as? String ?? "?") dev \(route["dev"] as? String ?? "-") table \(route["table"] as? String ?? "main")"
        }
        return (links + addresses + routes).sorted()
    }

    static func interface(
        _ pod: TestNamespace, addresses: [String] = ["10.22.0.5/24"], routes: [Route]? = nil,
        bridge: BridgeAttachment? = nil
    ) throws -> ContainerInterface {
        try ContainerInterface(
            hostName: "veth0a", in: pod.namespace, addresses: addresses.map { try IPNetwork(parsing: $0) },
            routes: routes ?? [Route(.defaultRoute(.ipv4), via: "10.22.0.1")],
            bridge: bridge ?? BridgeAttachment(Bridge(name: "cni0"), addresses: [IPNetwork(parsing: "10.22.0.1/24")]))
    }

    /// Runs a failing attach and checks that the node and the pod look as they did before.
    static func expectUndone(
        _ node: TestNamespace, _ pod: TestNamespace, errno: Errno?,
        _ attach: () throws -> AttachedContainerInterface
    ) throws -> NetKitError {
        let nodeBefore = try snapshot(node), podBefore = try snapshot(pod)
        let error = try #require(throws: NetKitError.self) { _ = try attach() }
        if let errno { #expect(error.errno == errno, "\(error)") }
        #expect(error.hint?.contains("was undone") == true, "\(error)")
        #expect(try snapshot(node) == nodeBefore)
        #expect(try snapshot(pod) == podBefore)
        return error
    }

    @Test("the host name is taken: the bridge this attach created, and its address, are gone again")
    func hostNameTaken() throws {
        let node = try TestNamespace("pf"), pod = try TestNamespace("pq")
        try node.net.add(Bridge(name: "veth0a"))  // anything with that name
        let error = try Self.expectUndone(node, pod, errno: .EEXIST) { try node.net.attach(try Self.interface(pod)) }
        #expect(error.operation.command.contains("ip link add"), "\(error)")
        #expect(try node.ip("link", "show").compactMap { $0["ifname"] as? String }.contains("cni0") == false)
    }

    @Test("an address conflict in the pod: the pair is deleted; an existing bridge gets back its state (down, no gateway)")
    func addressConflict() throws {
        let node = try TestNamespace("pf"), pod = try TestNamespace("pq")
        try node.net.add(Bridge(name: "cni0"))  // exists, down, no address
        let error = try Self.expectUndone(node, pod, errno: .EEXIST) {
            try node.net.attach(try Self.interface(pod, addresses: ["10.22.0.5/24", "10.22.0.5/24"]))
        }
        #expect(error.operation.command.contains("ip addr add"), "\(error)")
    }

    @Test("a route the kernel refuses (gateway off-link): everything is undone")
    func routeRefused() throws {
        let node = try TestNamespace("pf"), pod = try TestNamespace("pq")
        let error = try Self.expectUndone(node, pod, errno: .ENETUNREACH) {
            try node.net.attach(try Self.interface(pod, routes: [Route(.defaultRoute(.ipv4), via: "192.0.2.1")]))
        }
        #expect(error.operation.command.contains("ip route add"), "\(error)")
    }

    @Test("the pod's namespace is deleted between creating the pair and configuring it: the pair goes, the bridge goes")
    func namespaceDeletedInBetween() throws {
        let node = try TestNamespace("pf")
        let podName = TestNamespace.uniqueName("pd")
        let pod = try Namespace.create(named: podName)
        defer { try? Namespace.delete(named: podName) }
        let nodeBefore = try Self.snapshot(node)
        let interface = try ContainerInterface(
            hostName: "veth0a", in: pod, addresses: [IPNetwork(parsing: "10.22.0.5/24")],
            bridge: BridgeAttachment(Bridge(name: "cni0")))
        let error = try #require(throws: NetKitError.self) {
            _ = try node.net.attach(interface) { step in
                if step == .vethCreated { try Namespace.delete(named: podName) }
            }
        }
        #expect(error.errno == .ENOENT, "\(error)")
        #expect(error.description.contains("deleted"), "\(error)")
        #expect(error.hint?.contains("was undone") == true, "\(error)")
        #expect(try Self.snapshot(node) == nodeBefore)
        // The pair is gone from the orphaned namespace too (deleting one end deletes both).
        #expect(try pod.netlink().links().map(\.name).withoutKernelFallbackDevices == ["lo"])
    }

    @Test("a link named like the bridge that is not a bridge: refused before anything changes")
    func bridgeNameIsNotABridge() throws {
        let node = try TestNamespace("pf"), pod = try TestNamespace("pq")
        try node.net.add(VethPair(name: "cni0", peerName: "cni0p"))
        let error = try Self.expectUndone(node, pod, errno: .EEXIST) { try node.net.attach(try Self.interface(pod)) }
        #expect(error.hint?.contains("not a bridge") == true, "\(error)")
    }

    @Test("invalid names are rejected before any request (as InterfaceName, before attach is called)")
    func invalidNames() throws {
        let node = try TestNamespace("pf"), pod = try TestNamespace("pq")
        var interface = try Self.interface(pod)
        let nodeBefore = try Self.snapshot(node)
        let error = try #require(throws: NetKitError.self) {
            interface.name = try InterfaceName(parsing: "eth0/x")
            _ = try node.net.attach(interface)
        }
        #expect(error.reason.isInvalidInput, "\(error)")
        #expect(try Self.snapshot(node) == nodeBefore)
    }
}

extension NetKitError.Reason {
    var isInvalidInput: Bool { if case .invalidInput = self { true } else { false } }
}
