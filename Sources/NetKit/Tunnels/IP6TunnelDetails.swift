/// An ip6tnl tunnel's parameters as the kernel reports them (`IFLA_IPTUN_*` in `IFLA_INFO_DATA`
/// of an `ip6tnl` link, the fallback device `ip6tnl0` included), with ``IP6Tunnel``'s names and units.
public struct IP6TunnelDetails: LinkDetails, TunnelDetailsNamingUnderlyingDevice {
    public static var kind: LinkKind { .ip6tnl }
    /// The inner protocol (`IFLA_IPTUN_PROTO`); nil when the kernel did not say.
    public var mode: IP6TunnelMode?
    /// The outer source address (`IFLA_IPTUN_LOCAL`); nil is any.
    public var local: IPv6Address?
    /// The outer destination (`IFLA_IPTUN_REMOTE`); nil is any.
    public var remote: IPv6Address?
    /// The outer hop limit (`IFLA_IPTUN_TTL`); 0 is inherit.
    public var hopLimit: UInt8 = 0
    /// The encapsulation limit (`IFLA_IPTUN_ENCAP_LIMIT`, `IP6_TNL_F_IGN_ENCAP_LIMIT`).
    public var encapsulationLimit: TunnelEncapsulationLimit = 4
    /// The outer traffic class (`IFLA_IPTUN_FLOWINFO`, `IP6_TNL_F_USE_ORIG_TCLASS`).
    public var trafficClass: TunnelTOS = 0
    /// The outer flow label (`IFLA_IPTUN_FLOWINFO`, `IP6_TNL_F_USE_ORIG_FLOWLABEL`).
    public var flowLabel: TunnelFlowLabel = 0
    /// The outer packets' firewall mark (`IFLA_IPTUN_FWMARK`); 0 is none.
    public var firewallMark: UInt32 = 0
    /// A metadata-driven tunnel (`IFLA_IPTUN_COLLECT_METADATA`, `external`).
    public var external = false
    /// The underlying device's name, when the listing could name it (`dev eth1`).
    public var underlyingDevice: InterfaceName?
    /// The underlying device's index (`IFLA_IPTUN_LINK`); 0 when unbound.
    public var underlyingIndex: Int32 = 0
    /// `IP6_TNL_F_*` bits beyond the three typed values (dscp inherit, mip6, allow-localremote …).
    var otherFlags: UInt32 = 0
    var encapsulation = TunnelEncapsulation()

    /// Parameters with nothing set.
    public init() {}

    /// Decodes `IFLA_INFO_DATA` of an `ip6tnl` link.
    init(infoData: NetlinkAttributes?) {
        var limit: UInt8 = 4, flowinfo: UInt32 = 0, flags: UInt32 = 0
        for attribute in infoData ?? .empty {
            if encapsulation.read(attribute, first: IFLA.IPTunnel.encapType) { continue }
            switch attribute.type {
            case IFLA.IPTunnel.proto: mode = attribute.uint8.map(IP6TunnelMode.init(rawValue:))
            case IFLA.IPTunnel.local: local = TunnelText.address(attribute.value, family: .ipv6)?.ipv6
            case IFLA.IPTunnel.remote: remote = TunnelText.address(attribute.value, family: .ipv6)?.ipv6
            case IFLA.IPTunnel.link: underlyingIndex = attribute.int32 ?? 0
            case IFLA.IPTunnel.ttl: hopLimit = attribute.uint8 ?? 0
            case IFLA.IPTunnel.encapLimit: limit = attribute.uint8 ?? 4
            case IFLA.IPTunnel.flowinfo: flowinfo = attribute.uint32BigEndian ?? 0
            case IFLA.IPTunnel.flags: flags = attribute.uint32 ?? 0
            case IFLA.IPTunnel.fwmark: firewallMark = attribute.uint32 ?? 0
            case IFLA.IPTunnel.collectMetadata: external = true
            default: break
            }
        }
        let header = IPv6TunnelHeader(limit: limit, flowinfo: flowinfo, flags: flags)
        (encapsulationLimit, trafficClass, flowLabel, otherFlags) = (
            header.encapsulationLimit, header.trafficClass, header.flowLabel, header.otherFlags
        )
    }

    /// The kind line of `ip -d link show`, in iproute2's order (link_ip6tnl.c).
    public var description: String {
        let header = IPv6TunnelHeader(
            encapsulationLimit: encapsulationLimit, trafficClass: trafficClass, flowLabel: flowLabel, otherFlags: otherFlags)
        var words = ["ip6tnl"]
        if external { words.append("external") }
        if let mode, [IP6TunnelMode.ip6ip6, .ipip6, .any].contains(mode) { words.append(mode.description) }
        words.append(TunnelText.endpoints(remote: remote.map(IPAddress.v6), local: local.map(IPAddress.v6)))
        if let device = TunnelText.device(name: underlyingDevice, index: underlyingIndex) { words.append(device) }
        words.append(TunnelText.ttl(hopLimit, word: "hoplimit"))
        words += header.words
        if otherFlags & IP6TunnelFlag.mobileIPv6 != 0 { words.append("mip6") }
        words += header.trailingWords(firewallMark: firewallMark)
        words += encapsulation.words
        return words.joined(separator: " ")
    }
}
