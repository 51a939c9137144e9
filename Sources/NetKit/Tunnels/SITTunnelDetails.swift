/// A SIT tunnel's parameters as the kernel reports them (`IFLA_IPTUN_*` in `IFLA_INFO_DATA` of a
/// `sit` link, the fallback device `sit0` included), with ``SITTunnel``'s names and units.
public struct SITTunnelDetails: LinkDetails, TunnelDetailsNamingUnderlyingDevice {
    public static var kind: LinkKind { .sit }
    /// The inner protocol (`IFLA_IPTUN_PROTO`); nil when the kernel did not say.
    public var mode: IPTunnelMode?
    /// The outer source address (`IFLA_IPTUN_LOCAL`); nil is any.
    public var local: IPv4Address?
    /// The outer destination (`IFLA_IPTUN_REMOTE`); nil is any (a collect-all tunnel like `sit0`).
    public var remote: IPv4Address?
    /// The outer TTL (`IFLA_IPTUN_TTL`); 0 is inherit.
    public var ttl: UInt8 = 0
    /// The outer TOS (`IFLA_IPTUN_TOS`).
    public var tos: TunnelTOS = 0
    /// DF and path-MTU tracking (`IFLA_IPTUN_PMTUDISC`).
    public var pathMTUDiscovery = false
    /// An ISATAP interface (`SIT_ISATAP` in `IFLA_IPTUN_FLAGS`).
    public var isatap = false
    /// The IPv6 rapid-deployment prefix (`IFLA_IPTUN_6RD_PREFIX`/`_PREFIXLEN`, `6rd-prefix`);
    /// the kernel gives every tunnel `2002::/16` (6to4) until it is set.
    public var sixRDPrefix: IPNetwork?
    /// The 6RD relay prefix (`IFLA_IPTUN_6RD_RELAY_PREFIX`/`_PREFIXLEN`), nil when unset.
    public var sixRDRelayPrefix: IPNetwork?
    /// The outer packets' firewall mark (`IFLA_IPTUN_FWMARK`); 0 is none.
    public var firewallMark: UInt32 = 0
    /// A metadata-driven tunnel (`IFLA_IPTUN_COLLECT_METADATA`, `external`).
    public var external = false
    /// The underlying device's name, when the listing could name it (`dev eth1`).
    public var underlyingDevice: InterfaceName?
    /// The underlying device's index (`IFLA_IPTUN_LINK`); 0 when unbound.
    public var underlyingIndex: Int32 = 0
    var encapsulation = TunnelEncapsulation()

    /// Parameters with nothing set.
    public init() {}

    /// Decodes `IFLA_INFO_DATA` of a `sit` link.
    init(infoData: NetlinkAttributes?) {
        var prefix: [UInt8] = [], prefixLength: UInt16 = 0, relay: UInt32 = 0, relayLength: UInt16 = 0
        for attribute in infoData ?? .empty {
            if encapsulation.read(attribute, first: IFLA.IPTunnel.encapType) { continue }
            switch attribute.type {
            case IFLA.IPTunnel.proto: mode = attribute.uint8.map(IPTunnelMode.init(rawValue:))
            case IFLA.IPTunnel.local: local = TunnelText.address(attribute.value, family: .ipv4)?.ipv4
            case IFLA.IPTunnel.remote: remote = TunnelText.address(attribute.value, family: .ipv4)?.ipv4
            case IFLA.IPTunnel.link: underlyingIndex = attribute.int32 ?? 0
            case IFLA.IPTunnel.ttl: ttl = attribute.uint8 ?? 0
            case IFLA.IPTunnel.tos: tos = TunnelTOS(ipv4Value: attribute.uint8 ?? 0)
            case IFLA.IPTunnel.pmtudisc: pathMTUDiscovery = (attribute.uint8 ?? 0) != 0
            case IFLA.IPTunnel.flags: isatap = (attribute.uint16 ?? 0) & IFLA.IPTunnel.isatapFlag != 0
            case IFLA.IPTunnel.fwmark: firewallMark = attribute.uint32 ?? 0
            case IFLA.IPTunnel.collectMetadata: external = true
            case IFLA.IPTunnel.sixRDPrefix: prefix = attribute.bytes
            case IFLA.IPTunnel.sixRDPrefixLength: prefixLength = attribute.uint16 ?? 0
            case IFLA.IPTunnel.sixRDRelayPrefix: relay = attribute.uint32BigEndian ?? 0
            case IFLA.IPTunnel.sixRDRelayPrefixLength: relayLength = attribute.uint16 ?? 0
            default: break
            }
        }
        if prefixLength != 0, let address = IPAddress(family: .ipv6, networkBytes: prefix) {
            sixRDPrefix = try? IPNetwork(address: address, prefixLength: UInt8(clamping: prefixLength))
            if relay != 0 {
                sixRDRelayPrefix = try? IPNetwork(address: .v4(IPv4Address(rawValue: relay)), prefixLength: UInt8(clamping: relayLength))
            }
        }
    }

    /// The kind line of `ip -d link show`, in iproute2's order (link_iptnl.c).
    public var description: String {
        var words = ["sit"]
        if external { words.append("external") }
        if let word = mode?.word { words.append(word) }
        words.append(TunnelText.endpoints(remote: remote.map(IPAddress.v4), local: local.map(IPAddress.v4)))
        if let device = TunnelText.device(name: underlyingDevice, index: underlyingIndex) { words.append(device) }
        words.append(TunnelText.ttl(ttl, word: "ttl"))
        if let tos = tos.ipv4Words { words.append(tos) }
        words.append(pathMTUDiscovery ? "pmtudisc" : "nopmtudisc")
        if isatap { words.append("isatap") }
        if let sixRDPrefix {
            words.append("6rd-prefix \(sixRDPrefix)")
            if let sixRDRelayPrefix { words.append("6rd-relay_prefix \(sixRDRelayPrefix)") }
        }
        if firewallMark != 0 { words.append("fwmark 0x" + String(firewallMark, radix: 16)) }
        words += encapsulation.words
        return words.joined(separator: " ")
    }
}
