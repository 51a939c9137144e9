import ExampleSupport
import Foundation
import NetKit
import Synchronization

/// A pod: its own namespace, its `eth0` the peer of a `cali*` device on its node.
struct Pod: Sendable {
    let spec: PodSpec
    let node: NodeSpec
    let namespace: NamedNamespace
    var name: String { namespace.name }
}

/// What Calico's agent does on one node (Felix and the CNI plugin), with NetKit in-process: it
/// programs `tunl0`, the node's block and the pods' devices and routes, and follows the
/// routing table through NetKit's events — one task per node — printing each route that
/// matters (`proto bird`, or through `tunl0`) as `ip monitor` prints it, and keeping the current
/// set for the checks. The routes between nodes are BIRD's (``BirdDaemon``), not the agent's.
final class NodeAgent: Sendable {
    let spec: NodeSpec
    let namespace: NamedNamespace
    let net: NamedNetlinkHandle
    var name: String { namespace.name }

    /// The routes that matter, by destination, as the event stream last showed them.
    private let routes = Mutex<[IPNetwork: Route]>([:])
    private let watcher = Mutex<Task<Void, Never>?>(nil)

    /// `ip netns add NODE`, `lo` up, and `eth1` on the segment: a veth pair whose other end is a
    /// port of the segment's bridge `br0` in `segment`.
    init(spec: NodeSpec, segment: NamedNetlinkHandle) throws {
        self.spec = spec
        let name = Cleanup.uniqueName(spec.hostName)
        Transcript.command("ip netns add \(name)")
        namespace = try Cleanup.namespace(named: name)
        net = try namespace.netlink()
        try net.setUp("lo")
        let port = try InterfaceName(parsing: "eth-\(spec.address.description.split(separator: ".").last ?? "")")
        let segmentName = segment.name
        Transcript.command(
            "ip -n \(segmentName) link add \(port) type veth peer name eth1 netns \(name) && ip -n \(segmentName) link set \(port) master br0 up"
        )
        try segment.add(VethPair(name: port, peerName: "eth1", peerNamespace: namespace))
        try segment.setMaster(port, to: "br0")
        try segment.setUp(port)
        Transcript.command("ip -n \(name) addr add \(spec.address)/24 dev eth1 && ip -n \(name) link set eth1 up")
        try net.addAddress(InterfaceAddress(IPNetwork(address: spec.address, prefixLength: 24), dev: "eth1"))
        try net.setUp("eth1")
        // The kernel applies carrier (state UP) shortly after both ends are up; wait for it before the first packet.
        try net.waitForLink("eth1", until: .operational, timeout: .seconds(5))
        Transcript.command("ip -n \(name) route add default via \(NodeSpec.segmentGateway) dev eth1")
        try net.addRoute(Route(IPNetwork.defaultRoute(.ipv4), via: NodeSpec.segmentGateway, dev: "eth1"))
    }

    /// The node's Calico state: forwarding on, `tunl0` up with the node's /32 (`tunl0` exists in
    /// every namespace once the ipip module is loaded), and the node's block as a blackhole, so
    /// addresses of the block without a pod are dropped here instead of leaving the node.
    func configureNode() throws {
        Transcript.command("ip netns exec \(name) sysctl -w net.ipv4.ip_forward=1")
        try namespace.setSysctl(.ipForward(.ipv4), to: true)
        Transcript.command("ip -n \(name) link set tunl0 up && ip -n \(name) addr add \(spec.tunnelAddress)/32 dev tunl0")
        try net.setUp("tunl0")
        try net.addAddress(InterfaceAddress(IPNetwork(host: spec.tunnelAddress), dev: "tunl0"))
        Transcript.command("ip -n \(name) route add blackhole \(spec.block) proto bird")
        try net.addRoute(Route(spec.block, type: .blackhole, proto: .bird))
    }

    /// A pod as Calico's CNI plugin wires it: `eth0` with the pod's /32, a `scope link` route
    /// to 169.254.1.1 (an address nobody has) and the default route through it; on the node, the
    /// `cali*` end up with `proxy_arp`, so the node answers the pod's ARP for 169.254.1.1 with
    /// its own MAC, and the pod's `scope link` route through the `cali*` device.
    func addPod(_ pod: PodSpec) throws -> Pod {
        let octets = pod.address.description.split(separator: ".")
        let podName = Cleanup.uniqueName("pod-\(octets[2])-\(octets[3])")
        Transcript.command("ip netns add \(podName)")
        let podNamespace = try Cleanup.namespace(named: podName)
        let gateway: IPAddress = "169.254.1.1"
        Transcript.command("ip -n \(name) link add \(pod.hostVeth) type veth peer name eth0 netns \(podName)")
        Transcript.command("ip -n \(podName) addr add \(pod.address)/32 dev eth0 && ip -n \(podName) link set eth0 up")
        Transcript.command(
            "ip -n \(podName) route add \(gateway) dev eth0 scope link && ip -n \(podName) route add default via \(gateway) dev eth0")
        _ = try net.attach(
            ContainerInterface(
                hostName: InterfaceName(parsing: pod.hostVeth), in: podNamespace, addresses: [IPNetwork(host: pod.address)],
                routes: [Route(IPNetwork(host: gateway), scope: .link), Route(IPNetwork.defaultRoute(.ipv4), via: gateway)]))
        Transcript.command("ip netns exec \(name) sysctl -w net.ipv4.conf.\(pod.hostVeth).proxy_arp=1")
        try namespace.setSysctl(.proxyARP(InterfaceName(parsing: pod.hostVeth)), to: true)
        // Calico answers at once; the kernel's default delays proxy ARP replies up to 0.8 s.
        Transcript.command("ip netns exec \(name) sysctl -w net.ipv4.neigh.\(pod.hostVeth).proxy_delay=0")
        try namespace.setSysctl("net.ipv4.neigh.\(pod.hostVeth).proxy_delay", to: "0")
        Transcript.command("ip -n \(name) route add \(pod.address) dev \(pod.hostVeth) scope link")
        try net.addRoute(Route(IPNetwork(host: pod.address), dev: InterfaceName(parsing: pod.hostVeth), scope: .link))
        return Pod(spec: pod, node: spec, namespace: podNamespace)
    }

    /// A route the agent follows: one BIRD installed (`proto bird`) or one through `tunl0`, in
    /// the main table.
    static func matters(_ route: Route) -> Bool {
        route.table == .main && route.family == .ipv4 && (route.protocol == .bird || route.device == "tunl0")
    }

    /// Starts the agent's task: `ip -n NODE route` for the routes that matter, then `ip -n NODE
    /// monitor route` for their changes (NetKit's snapshot mode: nothing falls between the two).
    func startWatching() throws {
        let events = try namespace.events(.routes, snapshot: true)
        let prefix = "[agent \(spec.hostName)]"
        let task = Task.detached { [self] in
            do {
                for try await event in events {
                    guard let line = record(event) else { continue }
                    print("\(prefix) \(line)")
                }
            } catch  where !Task.isCancelled {
                print("\(prefix) route events ended: \(error)")
            } catch {}
        }
        watcher.withLock { $0 = task }
    }

    /// Ends the agent's task (and with it the subscription, its thread and sockets).
    func stopWatching() {
        watcher.withLock { task in
            task?.cancel()
            task = nil
        }
    }

    /// Applies `event` to the routes followed and returns its line, or nil when it is not
    /// about a route that matters.
    private func record(_ event: NetworkEvent) -> String? {
        switch event {
        case .existing(.route(let route)) where Self.matters(route):
            routes.withLock { $0[route.destination] = route }
            return route.description
        case .routeAdded(let route) where Self.matters(route), .routeChanged(let route) where Self.matters(route):
            routes.withLock { $0[route.destination] = route }
            return event.description
        case .routeRemoved(let route) where Self.matters(route):
            routes.withLock { current in
                if let held = current[route.destination], held.gateway == route.gateway, held.device == route.device {
                    current[route.destination] = nil
                }
            }
            return event.description
        case .overrun:
            return event.description
        default:
            return nil
        }
    }

    /// The route to `destination` as the agent last saw it.
    func route(to destination: IPNetwork) -> Route? {
        routes.withLock { $0[destination] }
    }

    /// Waits (up to `seconds`) until the route the agent follows to `destination` satisfies
    /// `condition`, and returns it; nil if it never did.
    func waitForRoute(to destination: IPNetwork, seconds: Double, _ condition: (Route) -> Bool) -> Route? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let route = route(to: destination), condition(route) { return route }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }

    /// Whether `route` is what BIRD must install for `peer`'s block: the document's
    /// `BLOCK via PEER dev tunl0 proto bird onlink`.
    static func isBirdRoute(_ route: Route, to peer: NodeSpec) -> Bool {
        route.destination == peer.block && route.gateway == peer.address && route.device == "tunl0"
            && route.onlink && route.protocol == .bird
    }
}
