/// What an ip6tnl tunnel carries inside its IPv6 packets (`IFLA_IPTUN_PROTO`, `ip link add …
/// type ip6tnl mode M`), named as iproute2 names it.
public struct IP6TunnelMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The inner IP protocol number (`IPPROTO_*`); 0 is any.
    public var rawValue: UInt8
    /// The mode with this protocol number.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// IPv6 in IPv6 (`mode ip6ip6`, `IPPROTO_IPV6`).
    public static let ip6ip6 = IP6TunnelMode(rawValue: 41)
    /// IPv4 in IPv6 (`mode ipip6`, `IPPROTO_IPIP`).
    public static let ipip6 = IP6TunnelMode(rawValue: 4)
    /// Both (`mode any`, 0): what iproute2 asks for without `mode`.
    public static let any = IP6TunnelMode(rawValue: 0)

    /// iproute2's word (`ip6ip6`, `ipip6`, `any`), `proto N` for another number.
    public var description: String {
        [41: "ip6ip6", 4: "ipip6", 0: "any"][rawValue] ?? "proto \(rawValue)"
    }
}

/// An IPv6 tunnel (IPv6 or IPv4 in IPv6, RFC 2473): `ip link add NAME type ip6tnl [mode M]
/// [local A] [remote B] [hoplimit N] [encaplimit E] [tclass T] [flowlabel L] [dev UNDERLYING]`.
///
/// Once `ip6_tunnel` is loaded every namespace holds the fallback device `ip6tnl0` (any/any,
/// `ip6ip6`).
public struct IP6Tunnel: LinkSpecification {
    /// The per-namespace fallback device's name.
    public static let fallbackDeviceName: InterfaceName = "ip6tnl0"

    /// The tunnel's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The inner protocol (`mode`, `IFLA_IPTUN_PROTO`).
    public var mode: IP6TunnelMode
    /// The outer source address (`local A`, `IFLA_IPTUN_LOCAL`); nil is any.
    public var local: IPv6Address?
    /// The outer destination (`remote B`, `IFLA_IPTUN_REMOTE`); nil is any.
    public var remote: IPv6Address?
    /// The outer hop limit (`hoplimit N`, `IFLA_IPTUN_TTL`); 0 inherits the inner one. Default 64.
    public var hopLimit: UInt8
    /// The encapsulation limit (`encaplimit`, `IFLA_IPTUN_ENCAP_LIMIT`); default 4.
    public var encapsulationLimit: TunnelEncapsulationLimit
    /// The outer traffic class (`tclass`, in `IFLA_IPTUN_FLOWINFO`).
    public var trafficClass: TunnelTOS
    /// The outer flow label (`flowlabel`, in `IFLA_IPTUN_FLOWINFO`).
    public var flowLabel: TunnelFlowLabel
    /// The outer packets' firewall mark (`fwmark`, `IFLA_IPTUN_FWMARK`); 0 is none.
    public var firewallMark: UInt32
    /// The device the encapsulated packets must leave through (`dev`, `IFLA_IPTUN_LINK`), by name,
    /// resolved in the handle's namespace.
    public var underlyingDevice: InterfaceName?
    /// MTU, MAC, group, namespace (`IFLA_MTU` …).
    public var options: LinkOptions
    /// Resolved index of ``underlyingDevice``; set by `NetlinkHandle.add(_:)`.
    var underlyingIndex: Int32?

    /// A tunnel called `name`; the defaults are `ip link add NAME type ip6tnl`'s.
    public init(
        name: InterfaceName, mode: IP6TunnelMode = .any, local: IPv6Address? = nil, remote: IPv6Address? = nil, hopLimit: UInt8 = 64,
        encapsulationLimit: TunnelEncapsulationLimit = 4, trafficClass: TunnelTOS = 0, flowLabel: TunnelFlowLabel = 0,
        firewallMark: UInt32 = 0, underlyingDevice: InterfaceName? = nil, options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.mode = mode
        self.local = local
        self.remote = remote
        self.hopLimit = hopLimit
        self.encapsulationLimit = encapsulationLimit
        self.trafficClass = trafficClass
        self.flowLabel = flowLabel
        self.firewallMark = firewallMark
        self.underlyingDevice = underlyingDevice
        self.options = options
    }

    var header: IPv6TunnelHeader {
        IPv6TunnelHeader(encapsulationLimit: encapsulationLimit, trafficClass: trafficClass, flowLabel: flowLabel)
    }

    var command: String {
        var words = ["\(name)\(options.words) type ip6tnl", "mode \(mode)"]
        if let local { words.append("local \(local)") }
        if let remote { words.append("remote \(remote)") }
        if hopLimit != 64 { words.append(TunnelText.ttl(hopLimit, word: "hoplimit")) }
        if encapsulationLimit != 4 { words.append("encaplimit \(encapsulationLimit)") }
        if trafficClass != 0 { words.append("tclass \(trafficClass)") }
        if flowLabel != 0 { words.append("flowlabel \(flowLabel)") }
        if firewallMark != 0 { words.append("fwmark \(firewallMark)") }
        if let underlyingDevice { words.append("dev \(underlyingDevice)") }
        return words.joined(separator: " ")
    }

    var kernelFeature: String? { "CONFIG_IPV6_TUNNEL (module ip6_tunnel)" }

    func hint(for error: NetKitError) -> String? {
        TunnelText.fallbackHint(error, kind: "ip6tnl", device: Self.fallbackDeviceName, anyAny: local == nil && remote == nil)
    }

    /// The attributes in iproute2's order (`ip link add … type ip6tnl`, link_ip6tnl.c).
    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        try header.validate(operation: "ip link add", object: command)
        try TunnelText.validate(local: local.map(IPAddress.v6), ttl: hopLimit, pathMTUDiscovery: true, command: command)
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "ip6tnl")
            info.nested(IFLA.Info.data) { data in
                data.appendAttribute(IFLA.IPTunnel.proto, uint8: mode.rawValue)
                if let local { data.appendAttribute(IFLA.IPTunnel.local, address: .v6(local)) }
                if let remote { data.appendAttribute(IFLA.IPTunnel.remote, address: .v6(remote)) }
                data.appendAttribute(IFLA.IPTunnel.ttl, uint8: hopLimit)
                data.appendAttribute(IFLA.IPTunnel.encapLimit, uint8: header.limitValue)
                data.appendAttribute(IFLA.IPTunnel.flowinfo, uint32BigEndian: header.flowinfo)
                data.appendAttribute(IFLA.IPTunnel.flags, uint32: header.flags)
                data.appendAttribute(IFLA.IPTunnel.link, uint32: UInt32(bitPattern: underlyingIndex ?? 0))
                data.appendAttribute(IFLA.IPTunnel.fwmark, uint32: firewallMark)
                TunnelEncapsulation.appendNone(into: &data, first: IFLA.IPTunnel.encapType, flags: 2)
            }
        }
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type ip6tnl …`: resolves `dev` in this namespace (`RTM_GETLINK`), then
    /// creates the tunnel (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`, `IFLA_IPTUN_*` in
    /// `IFLA_INFO_DATA`). On a kernel without it this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming `CONFIG_IPV6_TUNNEL (module ip6_tunnel)`.
    public func add(_ tunnel: IP6Tunnel) throws(NetKitError) {
        var tunnel = tunnel
        if let device = tunnel.underlyingDevice { tunnel.underlyingIndex = try linkIndex(of: device) }
        try create(tunnel)
    }
}
