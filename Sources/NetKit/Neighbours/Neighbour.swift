/// An entry of the ARP (IPv4) or NDP (IPv6) neighbour table (`RTM_NEWNEIGH`): one line of
/// `ip neigh show nud all`, or of `ip neigh show proxy` for a proxy entry; and the request
/// `ip neigh add|replace|del` takes.
///
///     // ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev veth1 nud permanent
///     try net.addNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:07"))
///
/// What `neighbours(dev:family:)` returns can be passed back to `deleteNeighbour(_:)`.
///
///     10.0.0.7 dev veth1 lladdr 02:00:00:00:00:07 PERMANENT
///     2001:db8::7 dev veth1 lladdr 02:00:00:00:00:17 router REACHABLE
///     10.0.0.9 dev veth1 proxy
public struct Neighbour: Sendable, Hashable, CustomStringConvertible {
    /// The neighbour's IP address (`NDA_DST`).
    public var address: IPAddress
    /// The link-layer address (`lladdr`, `NDA_LLADDR`) as the kernel reports it: 6 bytes on
    /// Ethernet-like devices, 4 on IPv4 tunnels; nil while unresolved and for proxy entries.
    /// ``macAddress`` is the same address typed, as on ``Link``.
    public var hardwareAddress: [UInt8]?
    /// The device's index (`ndm_ifindex`); 0 in a request made with
    /// ``init(_:dev:macAddress:state:router:proxy:)``, as requests name their device by
    /// ``interfaceName``.
    public var interfaceIndex: Int32
    /// The device's name (`dev`), or `ifN` if it vanished during the listing.
    public var interfaceName: InterfaceName
    /// `PERMANENT`, `REACHABLE`, `STALE` … (`ndm_state`).
    public var state: NeighbourState
    /// `router`, `proxy` … (`ndm_flags`).
    public var flags: NeighbourFlags
    /// `NTF_EXT_MANAGED` (from `NDA_FLAGS_EXT`): the kernel keeps the entry resolved itself.
    public var isManaged: Bool = false
    /// Who added the entry (`NDA_PROTOCOL`, with the route protocols' names as `ip neigh`
    /// prints them), when set; requests do not send it.
    public var `protocol`: RouteProtocol?

    /// `.ipv4` (ARP) or `.ipv6` (NDP).
    public var family: AddressFamily { address.family }
    /// The link-layer address as a MAC address, when it is an Ethernet one.
    public var macAddress: MACAddress? { hardwareAddress.flatMap { MACAddress(bytes: $0) } }
    /// The neighbour announced itself as a router (IPv6 `NTF_ROUTER`).
    public var isRouter: Bool { flags.contains(.router) }
    /// A proxy entry (`ip neigh add proxy`): this host answers ARP/NDP for the address.
    public var isProxy: Bool { flags.contains(.proxy) }

    /// The line `ip neigh show nud all` prints for the entry, without its trailing space.
    public var description: String {
        var words = [address.description, "dev \(interfaceName)"]
        if let hardwareAddress { words.append("lladdr \(Self.format(hardwareAddress))") }
        if flags.contains(.router) { words.append("router") }
        if flags.contains(.proxy) { words.append("proxy") }
        if isManaged { words.append("managed") }
        if flags.contains(.externallyLearned) { words.append("extern_learn") }
        if flags.contains(.offloaded) { words.append("offload") }
        if !state.isEmpty { words += state.names }
        if let `protocol`, `protocol` != .unspec { words.append("proto \(`protocol`)") }
        return words.joined(separator: " ")
    }

    /// iproute2's `ll_addr_n2a`: a tunnel's 4-byte address as a dotted quad, anything else as
    /// colon-separated hex.
    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return bytes.map { $0 < 0x10 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
    }
}

extension Neighbour {
    /// The request `ip neigh add ADDR [lladdr MAC] dev DEV [nud STATE] [router]` takes, or with
    /// `proxy` that of `ip neigh add proxy ADDR dev DEV`. The state defaults to `permanent`, as
    /// with `ip neigh add`.
    public init(
        _ address: IPAddress, dev: InterfaceName, macAddress: MACAddress? = nil, state: NeighbourState = .permanent,
        router: Bool = false, proxy: Bool = false
    ) {
        var flags: NeighbourFlags = []
        if router { flags.insert(.router) }
        if proxy { flags.insert(.proxy) }
        self.init(
            address: address, hardwareAddress: macAddress?.bytes, interfaceIndex: 0, interfaceName: dev, state: state,
            flags: flags)
    }
}

/// The flags of a neighbour entry (`ndm_flags`, `NTF_*`).
public struct NeighbourFlags: OptionSet, Sendable, Hashable {
    /// The `NTF_*` bits.
    public var rawValue: UInt8
    /// Flags from their `NTF_*` bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `proxy`: answered on behalf of the address (`ip neigh add proxy`).
    public static let proxy = NeighbourFlags(rawValue: NTF.proxy)
    /// `extern_learn`: installed by a control plane, not learned by the kernel.
    public static let externallyLearned = NeighbourFlags(rawValue: NTF.externallyLearned)
    /// `offload`: programmed into hardware.
    public static let offloaded = NeighbourFlags(rawValue: NTF.offloaded)
    /// `router`: the IPv6 neighbour is a router.
    public static let router = NeighbourFlags(rawValue: NTF.router)
}
