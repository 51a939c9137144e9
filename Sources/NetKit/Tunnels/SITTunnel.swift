/// A SIT tunnel (IPv6, IPv4 or MPLS in IPv4): `ip link add NAME type sit [mode M] [local A]
/// [remote B] [ttl N] [tos T] [nopmtudisc] [isatap] [dev UNDERLYING]`.
///
/// Once `sit` is loaded every namespace holds the fallback device `sit0` (any/any), so another
/// any/any tunnel fails with `EEXIST`.
public struct SITTunnel: LinkSpecification {
    /// The per-namespace fallback device's name.
    public static let fallbackDeviceName: InterfaceName = "sit0"

    /// The tunnel's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The inner protocol (`mode`, `IFLA_IPTUN_PROTO`).
    public var mode: IPTunnelMode
    /// The outer source address (`local A`, `IFLA_IPTUN_LOCAL`); nil is any.
    public var local: IPv4Address?
    /// The outer destination (`remote B`, `IFLA_IPTUN_REMOTE`); nil is any.
    public var remote: IPv4Address?
    /// The outer TTL (`ttl N`, `IFLA_IPTUN_TTL`); 0 inherits the inner hop limit.
    public var ttl: UInt8
    /// The outer TOS (`tos T`, `IFLA_IPTUN_TOS`).
    public var tos: TunnelTOS
    /// DF on the outer header and path-MTU tracking (`pmtudisc`, the default, or `nopmtudisc`:
    /// `IFLA_IPTUN_PMTUDISC`). `false` needs `ttl` 0 (inherit).
    public var pathMTUDiscovery: Bool
    /// An ISATAP (RFC 5214) router/host interface (`isatap`, `SIT_ISATAP` in `IFLA_IPTUN_FLAGS`).
    public var isatap: Bool
    /// The outer packets' firewall mark (`fwmark`, `IFLA_IPTUN_FWMARK`); 0 is none.
    public var firewallMark: UInt32
    /// The device the encapsulated packets must leave through (`dev`, `IFLA_IPTUN_LINK`), by name,
    /// resolved in the handle's namespace.
    public var underlyingDevice: InterfaceName?
    /// MTU, MAC, group, namespace (`IFLA_MTU` …).
    public var options: LinkOptions
    /// Resolved index of ``underlyingDevice``; set by `NetlinkHandle.add(_:)`.
    var underlyingIndex: Int32?

    /// A tunnel called `name`; the defaults are `ip link add NAME type sit`'s.
    public init(
        name: InterfaceName, mode: IPTunnelMode = .any, local: IPv4Address? = nil, remote: IPv4Address? = nil, ttl: UInt8 = 0,
        tos: TunnelTOS = 0, pathMTUDiscovery: Bool = true, isatap: Bool = false, firewallMark: UInt32 = 0,
        underlyingDevice: InterfaceName? = nil, options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.mode = mode
        self.local = local
        self.remote = remote
        self.ttl = ttl
        self.tos = tos
        self.pathMTUDiscovery = pathMTUDiscovery
        self.isatap = isatap
        self.firewallMark = firewallMark
        self.underlyingDevice = underlyingDevice
        self.options = options
    }

    var command: String {
        var words = ["\(name)\(options.words) type sit", "mode \(mode)"]
        if let local { words.append("local \(local)") }
        if let remote { words.append("remote \(remote)") }
        if ttl != 0 { words.append("ttl \(ttl)") }
        if let tos = tos.ipv4Words { words.append(tos) }
        if !pathMTUDiscovery { words.append("nopmtudisc") }
        if isatap { words.append("isatap") }
        if firewallMark != 0 { words.append("fwmark \(firewallMark)") }
        if let underlyingDevice { words.append("dev \(underlyingDevice)") }
        return words.joined(separator: " ")
    }

    var kernelFeature: String? { "CONFIG_IPV6_SIT (module sit)" }

    func hint(for error: NetKitError) -> String? {
        TunnelText.fallbackHint(error, kind: "sit", device: Self.fallbackDeviceName, anyAny: local == nil && remote == nil)
    }

    /// The attributes in iproute2's order (`ip link add … type sit`, link_iptnl.c).
    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        try TunnelText.validate(local: local.map(IPAddress.v4), ttl: ttl, pathMTUDiscovery: pathMTUDiscovery, command: command)
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "sit")
            info.nested(IFLA.Info.data) { data in
                data.appendAttribute(IFLA.IPTunnel.proto, uint8: mode.rawValue)
                if let local { data.appendAttribute(IFLA.IPTunnel.local, bytes: local.networkBytes) }
                if let remote { data.appendAttribute(IFLA.IPTunnel.remote, bytes: remote.networkBytes) }
                data.appendAttribute(IFLA.IPTunnel.pmtudisc, uint8: pathMTUDiscovery ? 1 : 0)
                data.appendAttribute(IFLA.IPTunnel.tos, uint8: tos.ipv4Value)
                data.appendAttribute(IFLA.IPTunnel.ttl, uint8: ttl)
                data.appendAttribute(IFLA.IPTunnel.link, uint32: UInt32(bitPattern: underlyingIndex ?? 0))
                data.appendAttribute(IFLA.IPTunnel.fwmark, uint32: firewallMark)
                TunnelEncapsulation.appendNone(into: &data, first: IFLA.IPTunnel.encapType, flags: 0)
                data.appendAttribute(IFLA.IPTunnel.flags, uint16: isatap ? IFLA.IPTunnel.isatapFlag : 0)
            }
        }
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type sit …`: resolves `dev` in this namespace (`RTM_GETLINK`), then
    /// creates the tunnel (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`, `IFLA_IPTUN_*` in
    /// `IFLA_INFO_DATA`). On a kernel without SIT this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming `CONFIG_IPV6_SIT (module sit)`.
    public func add(_ tunnel: SITTunnel) throws(NetKitError) {
        var tunnel = tunnel
        if let device = tunnel.underlyingDevice { tunnel.underlyingIndex = try linkIndex(of: device) }
        try create(tunnel)
    }
}
