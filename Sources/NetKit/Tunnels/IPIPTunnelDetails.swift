/// An IPIP tunnel's parameters as the kernel reports them (`IFLA_INFO_DATA` as `IFLA_IPTUN_*`),
/// named and typed as ``IPIPTunnel`` creates them; printed as `ip -d link show type ipip` does.
public struct IPIPTunnelDetails: LinkDetails, LinkDetailsNamingDevices {
    public static var kind: LinkKind { .ipip }
    /// The outer source address (`IFLA_IPTUN_LOCAL`, `local`); nil means any (`0.0.0.0`).
    public var local: IPv4Address?
    /// The outer destination (`IFLA_IPTUN_REMOTE`, `remote`); nil means any: a collect-all
    /// tunnel like `tunl0`.
    public var remote: IPv4Address?
    /// The outer TTL (`IFLA_IPTUN_TTL`, `ttl`); 0 means inherit.
    public var ttl: UInt8
    /// The outer TOS (`IFLA_IPTUN_TOS`, `tos`): a value, or `.inherit` (sent as 1).
    public var tos: TunnelTOS
    /// Path MTU discovery: the outer header carries DF (`IFLA_IPTUN_PMTUDISC`, `pmtudisc` /
    /// `nopmtudisc`).
    public var pathMTUDiscovery: Bool
    /// The underlying device's index (`IFLA_IPTUN_LINK`, `dev`), 0 when unbound.
    public var underlyingIndex: Int32
    /// The underlying device's name, when the listing could name it (`dev eth1`).
    public var underlyingDevice: InterfaceName?
    /// The inner protocol the tunnel accepts (`IFLA_IPTUN_PROTO`, `mode`); nil when the kernel
    /// did not say.
    public var mode: IPTunnelMode?

    /// Details with these values.
    public init(
        local: IPv4Address? = nil, remote: IPv4Address? = nil, ttl: UInt8 = 0, tos: TunnelTOS = 0, pathMTUDiscovery: Bool = true,
        underlyingIndex: Int32 = 0, underlyingDevice: InterfaceName? = nil, mode: IPTunnelMode? = nil
    ) {
        self.local = local
        self.remote = remote
        self.ttl = ttl
        self.tos = tos
        self.pathMTUDiscovery = pathMTUDiscovery
        self.underlyingIndex = underlyingIndex
        self.underlyingDevice = underlyingDevice
        self.mode = mode
    }

    /// The kind line of `ip -d link show`, in iproute2's order.
    public var description: String {
        var text = "ipip " + (mode?.word.map { "\($0) " } ?? "")
        text += "remote \(remote.map(String.init(describing:)) ?? "any") local \(local.map(String.init(describing:)) ?? "any")"
        if underlyingIndex != 0 { text += " dev \(underlyingDevice?.rawValue ?? "if\(underlyingIndex)")" }
        text += ttl == 0 ? " ttl inherit" : " ttl \(ttl)"
        text += TunnelWords.tos(tos)
        text += pathMTUDiscovery ? " pmtudisc" : " nopmtudisc"
        return text
    }

    func resolvingNames(_ lookup: (Int32) -> InterfaceName?) -> Self {
        var details = self
        if underlyingIndex != 0 { details.underlyingDevice = lookup(underlyingIndex) }
        return details
    }

    init(infoData attributes: NetlinkAttributes?) {
        self.init()
        for attribute in attributes ?? .empty {
            switch attribute.type {
            case IFLA.IPTunnel.local: local = IPv4Address(networkBytes: attribute.value).flatMap { $0 == .any ? nil : $0 }
            case IFLA.IPTunnel.remote: remote = IPv4Address(networkBytes: attribute.value).flatMap { $0 == .any ? nil : $0 }
            case IFLA.IPTunnel.ttl: ttl = attribute.uint8 ?? 0
            case IFLA.IPTunnel.tos: tos = TunnelTOS(ipv4Value: attribute.uint8 ?? 0)
            case IFLA.IPTunnel.pmtudisc: pathMTUDiscovery = (attribute.uint8 ?? 1) != 0
            case IFLA.IPTunnel.link: underlyingIndex = attribute.int32 ?? 0
            case IFLA.IPTunnel.proto: mode = attribute.uint8.map(IPTunnelMode.init(rawValue:))
            default: break
            }
        }
    }
}

/// The inner protocol an IPv4 tunnel accepts (`IFLA_IPTUN_PROTO`, an `IPPROTO_*` value), printed
/// as iproute2's `mode` word.
public struct IPTunnelMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `IPPROTO_*` value.
    public var rawValue: UInt8
    /// The mode with this `IPPROTO_*` value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Both IPv4 and MPLS (0, `mode any`): what the kernel uses when none is asked for.
    public static let any = IPTunnelMode(rawValue: 0)
    /// IPv4 in IPv4 (`IPPROTO_IPIP`, `mode ipip`).
    public static let ipip = IPTunnelMode(rawValue: 4)
    /// IPv6 in IPv4 (`IPPROTO_IPV6`, `mode ip6ip`).
    public static let ip6ip = IPTunnelMode(rawValue: 41)
    /// MPLS in IPv4 (`IPPROTO_MPLS`, `mode mplsip`).
    public static let mplsip = IPTunnelMode(rawValue: 137)

    /// iproute2's word (`ipip`, `ip6ip`, `mplsip`, `any`), or the number.
    public var description: String { word ?? String(rawValue) }

    /// iproute2's word; nil for a protocol it prints no mode for.
    var word: String? {
        switch rawValue {
        case 4: "ipip"
        case 41: "ip6ip"
        case 137: "mplsip"
        case 0: "any"
        default: nil
        }
    }
}
