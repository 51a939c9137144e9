/// A container's network interface as CNI plugins and container runtimes set it up: a veth pair
/// whose container end is created directly in the container's namespace, addresses and routes
/// on that end, both ends up, and the host end optionally a port of a bridge (created if
/// missing, with gateway addresses). `NetlinkHandle.attach(_:)` applies it in one call that
/// either completes or leaves nothing behind.
///
/// The equivalent shell session, for `hostName: "veth0a", in: pod, addresses: ["10.22.0.5/24"],
/// routes: [default via 10.22.0.1], bridge: cni0 with 10.22.0.1/24`:
///
///     ip link add cni0 type bridge; ip addr add 10.22.0.1/24 dev cni0; ip link set cni0 up
///     ip link add veth0a type veth peer name eth0 netns POD
///     ip -n POD link set lo up
///     ip -n POD addr add 10.22.0.5/24 dev eth0; ip -n POD link set eth0 up
///     ip -n POD route add default via 10.22.0.1 dev eth0
///     ip link set veth0a master cni0; ip link set veth0a up
public struct ContainerInterface: Sendable {
    /// The host end's name, in the namespace of the handle that attaches it.
    public var hostName: String
    /// The container end's name (`CNI_IFNAME`), e.g. `eth0`.
    public var name: String
    /// The container's network namespace.
    public var namespace: Namespace
    /// MTU of both ends; the kernel's default when nil.
    public var mtu: UInt32?
    /// MAC address of the container end; random when nil.
    public var macAddress: MACAddress?
    /// Addresses of the container end.
    public var addresses: [IPNetwork]
    /// Routes in the container; a unicast route without a device (and without next hops) goes
    /// out of the container end (`dev NAME` is added), as CNI plugins do.
    public var routes: [Route]
    /// The bridge the host end joins, if any.
    public var bridge: BridgeAttachment?
    /// Sets `lo` up in the container (what CNI's `loopback` plugin does).
    public var loopbackUp: Bool

    public init(
        hostName: String, name: String = "eth0", in namespace: Namespace, mtu: UInt32? = nil,
        macAddress: MACAddress? = nil, addresses: [IPNetwork] = [], routes: [Route] = [],
        bridge: BridgeAttachment? = nil, loopbackUp: Bool = true
    ) {
        self.hostName = hostName
        self.name = name
        self.namespace = namespace
        self.mtu = mtu
        self.macAddress = macAddress
        self.addresses = addresses
        self.routes = routes
        self.bridge = bridge
        self.loopbackUp = loopbackUp
    }

    /// The steps of ``NetlinkHandle/attach(_:)``, in order (tests can interrupt after each).
    enum Step: Sendable, CaseIterable {
        case bridgeReady, vethCreated, containerConfigured, hostAttached
    }
}

/// The bridge a container's host end joins: created (with ``Bridge``'s options) if no link of
/// that name exists, given ``addresses`` (the containers' gateway) if missing, and brought up.
public struct BridgeAttachment: Sendable {
    public var bridge: Bridge
    public var addresses: [IPNetwork]

    public init(_ bridge: Bridge, addresses: [IPNetwork] = []) {
        self.bridge = bridge
        self.addresses = addresses
    }
}

/// What `NetlinkHandle.attach(_:)` made: both ends as the kernel reports them.
public struct AttachedContainerInterface: Sendable {
    /// The host end, in the attaching handle's namespace.
    public var host: Link
    /// The container end, in the container's namespace.
    public var container: Link
}
