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
    public var hostName: InterfaceName
    /// The container end's name (`CNI_IFNAME`), e.g. `eth0`.
    public var name: InterfaceName
    /// The container's network namespace.
    public var namespace: Namespace
    /// MTU of both ends; the kernel's default when nil.
    public var mtu: UInt32?
    /// MAC address of the container end; random when nil.
    public var macAddress: MACAddress?
    /// MAC address of the host end (`ip link add veth0a address MAC type veth …`); random when nil.
    public var hostMACAddress: MACAddress?
    /// Addresses of the container end.
    public var addresses: [IPNetwork]
    /// Routes in the container; a unicast route without a device (and without next hops) goes
    /// out of the container end (`dev NAME` is added), as CNI plugins do.
    public var routes: [Route]
    /// The bridge the host end joins, if any.
    public var bridge: BridgeAttachment?
    /// Sets `lo` up in the container (what CNI's `loopback` plugin does).
    public var loopbackUp: Bool
    /// Sets the container end up, after its addresses and before its routes. False leaves it
    /// down for the caller to finish — sysctls that must precede the first up (`accept_dad`,
    /// `arp_notify`), addresses that arrive later (an IPAM plugin still running) — and then
    /// ``routes`` should be empty: the kernel refuses a gateway route on a link that is down.
    public var containerEndUp: Bool
    /// Called once the host end is ready — a port of ``bridge`` with its options and VLANs, or
    /// just created without a bridge — and before it comes up, with this handle and the host
    /// end's name: for settings attach has no field for, such as the host end's `accept_ra` or
    /// `addr_gen_mode` sysctls, which only act if written before the first up. It runs on the
    /// thread that calls `attach` (the `async` form: a NetKit I/O thread, in the process's
    /// initial namespace); an error it throws fails the attach like any step's.
    public var configureHostEnd: (@Sendable (NetlinkHandle, InterfaceName) throws -> Void)?

    public init(
        hostName: InterfaceName, name: InterfaceName = "eth0", in namespace: Namespace, mtu: UInt32? = nil,
        macAddress: MACAddress? = nil, hostMACAddress: MACAddress? = nil, addresses: [IPNetwork] = [], routes: [Route] = [],
        bridge: BridgeAttachment? = nil, loopbackUp: Bool = true, containerEndUp: Bool = true,
        configureHostEnd: (@Sendable (NetlinkHandle, InterfaceName) throws -> Void)? = nil
    ) {
        self.hostName = hostName
        self.name = name
        self.namespace = namespace
        self.mtu = mtu
        self.macAddress = macAddress
        self.hostMACAddress = hostMACAddress
        self.addresses = addresses
        self.routes = routes
        self.bridge = bridge
        self.loopbackUp = loopbackUp
        self.containerEndUp = containerEndUp
        self.configureHostEnd = configureHostEnd
    }

    /// The steps of ``NetlinkHandle/attach(_:)``, in order (tests can interrupt after each).
    enum Step: Sendable, CaseIterable {
        case bridgeReady, vethCreated, containerConfigured, hostAttached
    }
}

/// The bridge a container's host end joins: created (with ``Bridge``'s options) if no link of
/// that name exists, given ``addresses`` (the containers' gateway) if missing, made promiscuous
/// if asked, and brought up; the host end then joins it with ``portOptions`` and ``portVLANs``.
///
///     ip link add cni0 type bridge; ip addr add 10.22.0.1/24 dev cni0
///     ip link set cni0 promisc on; ip link set cni0 up                      # promiscuous
///     ip link set veth0a master cni0
///     bridge link set dev veth0a hairpin on                                 # portOptions
///     bridge vlan del vid 1 dev veth0a master                               # replacesPortVLANs
///     bridge vlan add vid 10 pvid untagged dev veth0a master                # portVLANs
public struct BridgeAttachment: Sendable {
    /// The bridge, as created when missing; an existing bridge keeps its own settings.
    public var bridge: Bridge
    /// Addresses the bridge gets if it lacks them (the containers' gateway).
    public var addresses: [IPNetwork]
    /// Puts the bridge in promiscuous mode (`ip link set BRIDGE promisc on`, `IFF_PROMISC`) if
    /// it is not: CNI's `promiscMode`.
    public var promiscuous: Bool
    /// Settings of the host end's port (`bridge link set dev HOST hairpin on isolated on …`,
    /// `IFLA_BRPORT_*`): CNI's `hairpinMode`, port isolation, learning, flooding. Nil changes none.
    public var portOptions: BridgePortOptions?
    /// VLANs of the host end's port, each one `bridge vlan add … dev HOST master` in order; empty
    /// leaves the port with the VLAN the bridge gives every new port (its `vlan_default_pvid`).
    /// The bridge needs `vlan_filtering` (``Bridge/vlanFiltering``) for them to act.
    public var portVLANs: [BridgeVLAN]
    /// With ``portVLANs``: first removes every VLAN the port got on joining (its default one),
    /// `bridge vlan del … dev HOST master` each, so that the port has only the listed ones — what
    /// CNI's bridge plugin does unless `preserveDefaultVlan`.
    public var replacesPortVLANs: Bool
    /// Called once the bridge exists (found or created, addresses in, promiscuous as asked) and
    /// before attach sets it up — also when it is up already — with this handle and the bridge
    /// as the kernel reports it: for settings attach has no field for, such as the bridge's
    /// `accept_ra` sysctl. It runs on the thread that calls `attach`, like
    /// ``ContainerInterface/configureHostEnd``.
    public var configureBridge: (@Sendable (NetlinkHandle, Link) throws -> Void)?

    public init(
        _ bridge: Bridge, addresses: [IPNetwork] = [], promiscuous: Bool = false, portOptions: BridgePortOptions? = nil,
        portVLANs: [BridgeVLAN] = [], replacesPortVLANs: Bool = false,
        configureBridge: (@Sendable (NetlinkHandle, Link) throws -> Void)? = nil
    ) {
        self.bridge = bridge
        self.addresses = addresses
        self.promiscuous = promiscuous
        self.portOptions = portOptions
        self.portVLANs = portVLANs
        self.replacesPortVLANs = replacesPortVLANs
        self.configureBridge = configureBridge
    }
}

/// What `NetlinkHandle.attach(_:)` made: both ends as the kernel reports them.
public struct AttachedContainerInterface: Sendable {
    /// The host end, in the attaching handle's namespace.
    public var host: Link
    /// The container end, in the container's namespace.
    public var container: Link
}
