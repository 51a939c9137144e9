/// An IPIP (IPv4-in-IPv4) tunnel: `ip link add NAME type ipip [local A] [remote B] [ttl N]
/// [tos T] [nopmtudisc] [dev UNDERLYING]` — the encapsulation Calico uses in IPIP mode.
///
/// Every namespace also has the fallback device `tunl0` once the `ipip` module is loaded: a
/// collect-all tunnel (no local, no remote) that Calico gives a /32 address and routes through
/// `via NODE dev tunl0 onlink`. Configure it with the ordinary link and address calls; it cannot
/// be moved to another namespace.
public struct IPIPTunnel: LinkSpecification {
    /// The per-namespace fallback device's name.
    public static let fallbackDeviceName: InterfaceName = "tunl0"

    /// The tunnel's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The outer source address (`local A`, `IFLA_IPTUN_LOCAL`); nil is any.
    public var local: IPv4Address?
    /// The outer destination (`remote B`, `IFLA_IPTUN_REMOTE`); nil is any (collect-all).
    public var remote: IPv4Address?
    /// 0 inherits the inner packet's TTL; 1–255 sets it (`ttl N`, `IFLA_IPTUN_TTL`). A fixed TTL
    /// is needed for PMTU discovery.
    public var ttl: UInt8
    /// The outer TOS (`tos T`, `IFLA_IPTUN_TOS`): a value, or `.inherit` from the inner packet.
    public var tos: TunnelTOS
    /// Set DF on the outer header and track the path MTU (`pmtudisc`, the default, or
    /// `nopmtudisc`: `IFLA_IPTUN_PMTUDISC`). `false` needs `ttl` 0 (inherit).
    public var pathMTUDiscovery: Bool
    /// The device the encapsulated packets must leave through (`dev`, `IFLA_IPTUN_LINK`), by name.
    public var underlyingDevice: InterfaceName?
    /// MTU, MAC, group (`IFLA_MTU` …).
    public var options: LinkOptions
    /// Resolved index of ``underlyingDevice``; set by `NetlinkHandle.add(_:)`.
    var underlyingIndex: Int32?

    /// A tunnel called `name`; the defaults are `ip link add NAME type ipip`'s.
    public init(
        name: InterfaceName, local: IPv4Address? = nil, remote: IPv4Address? = nil, ttl: UInt8 = 0, tos: TunnelTOS = 0,
        pathMTUDiscovery: Bool = true, underlyingDevice: InterfaceName? = nil, options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.local = local
        self.remote = remote
        self.ttl = ttl
        self.tos = tos
        self.pathMTUDiscovery = pathMTUDiscovery
        self.underlyingDevice = underlyingDevice
        self.options = options
    }

    var command: String {
        var text = "\(name)\(options.words) type ipip"
        if let remote { text += " remote \(remote)" }
        if let local { text += " local \(local)" }
        if ttl != 0 { text += " ttl \(ttl)" }
        text += TunnelWords.tos(tos)
        if !pathMTUDiscovery { text += " nopmtudisc" }
        if let underlyingDevice { text += " dev \(underlyingDevice)" }
        return text
    }

    var kernelFeature: String? { "CONFIG_NET_IPIP (module ipip)" }

    func hint(for error: NetKitError) -> String? {
        if error.errno == .EEXIST && (local == nil && remote == nil) {
            return
                "a tunnel with the same local/remote (any/any) already exists: that is the fallback device tunl0; configure tunl0 instead"
        }
        return nil
    }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        if !pathMTUDiscovery && ttl != 0 {
            throw NetKitError.invalidInput(
                "nopmtudisc needs ttl inherit (0); the kernel rejects a fixed TTL without PMTU discovery", operation: "ip link add",
                object: command)
        }
        if let local, local.isMulticast {
            throw NetKitError.invalidInput("local \(local) is a multicast address", operation: "ip link add", object: command)
        }
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "ipip")
            info.nested(IFLA.Info.data) { data in
                if let underlyingIndex { data.appendAttribute(IFLA.IPTunnel.link, uint32: UInt32(bitPattern: underlyingIndex)) }
                data.appendAttribute(IFLA.IPTunnel.local, bytes: (local ?? .any).networkBytes)
                data.appendAttribute(IFLA.IPTunnel.remote, bytes: (remote ?? .any).networkBytes)
                data.appendAttribute(IFLA.IPTunnel.ttl, uint8: ttl)
                data.appendAttribute(IFLA.IPTunnel.tos, uint8: tos.ipv4Value)
                data.appendAttribute(IFLA.IPTunnel.pmtudisc, uint8: pathMTUDiscovery ? 1 : 0)
            }
        }
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type ipip …`: resolves `dev` in this namespace (`RTM_GETLINK`), then
    /// creates the tunnel (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`, `IFLA_IPTUN_*` in
    /// `IFLA_INFO_DATA`). On a kernel without IPIP this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming `CONFIG_NET_IPIP (module ipip)`.
    public func add(_ tunnel: IPIPTunnel) throws(NetKitError) {
        var tunnel = tunnel
        if let device = tunnel.underlyingDevice { tunnel.underlyingIndex = try linkIndex(of: device) }
        try create(tunnel)
    }

    /// Whether this kernel supports IPIP here: the namespace has the fallback device `tunl0`
    /// (it appears in every namespace once the `ipip` module is loaded). One `RTM_GETLINK` for
    /// `tunl0`, as `ip link show tunl0` checks it.
    public func hasIPIPSupport() -> Bool {
        (try? link(named: IPIPTunnel.fallbackDeviceName)) != nil
    }
}
