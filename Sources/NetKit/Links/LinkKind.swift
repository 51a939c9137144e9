/// What kind of device a link is: the `IFLA_INFO_KIND` word when the kernel reports one (`veth`,
/// `bridge`, `vlan` …), otherwise `loopback`, `ether` or the `link/TYPE` name of the hardware type.
///
/// An open set like ``HardwareType``: the static members name the kinds NetKit knows, and any
/// other kind a kernel reports is just a value (`LinkKind(rawValue: "bareudp")`), so a new kind
/// never changes what an existing `switch` sees.
public struct LinkKind: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The `IFLA_INFO_KIND` word (`ip link add … type KIND`), or `loopback`/`ether`/`link/TYPE`'s
    /// name for a device without a kind.
    public var rawValue: String
    /// The kind called `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The kind called `value` (`let kind: LinkKind = "vlan"`).
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The loopback device `lo` (no `IFLA_INFO_KIND`; `link/loopback`, `ARPHRD_LOOPBACK`).
    public static let loopback: LinkKind = "loopback"
    /// A device without a software kind on Ethernet (`link/ether`): a physical NIC.
    public static let ether: LinkKind = "ether"
    /// One end of a veth pair (`type veth`).
    public static let veth: LinkKind = "veth"
    /// A Linux bridge (`type bridge`).
    public static let bridge: LinkKind = "bridge"
    /// An IPIP tunnel, including the fallback device `tunl0` (`type ipip`).
    public static let ipip: LinkKind = "ipip"
    /// A VXLAN device (`type vxlan`).
    public static let vxlan: LinkKind = "vxlan"
    /// A MACVLAN device on top of a parent link (`type macvlan`).
    public static let macvlan: LinkKind = "macvlan"
    /// A MACVTAP device: a MACVLAN with a character device (`type macvtap`).
    public static let macvtap: LinkKind = "macvtap"
    /// An IPVLAN device on top of a parent link (`type ipvlan`).
    public static let ipvlan: LinkKind = "ipvlan"
    /// An IPVTAP device: an IPVLAN with a character device (`type ipvtap`).
    public static let ipvtap: LinkKind = "ipvtap"
    /// An 802.1Q/802.1ad VLAN device (`type vlan`).
    public static let vlan: LinkKind = "vlan"
    /// A VRF device, a routing table's master (`type vrf`).
    public static let vrf: LinkKind = "vrf"
    /// A GRE tunnel (`type gre`).
    public static let gre: LinkKind = "gre"
    /// An Ethernet-over-GRE tunnel (`type gretap`).
    public static let gretap: LinkKind = "gretap"
    /// A GRE tunnel over IPv6 (`type ip6gre`).
    public static let ip6gre: LinkKind = "ip6gre"
    /// An Ethernet-over-GRE tunnel over IPv6 (`type ip6gretap`).
    public static let ip6gretap: LinkKind = "ip6gretap"
    /// An IPv6-in-IPv4 tunnel (`type sit`).
    public static let sit: LinkKind = "sit"
    /// An IPv4/IPv6-in-IPv6 tunnel (`type ip6tnl`).
    public static let ip6tnl: LinkKind = "ip6tnl"
    /// A Geneve device (`type geneve`).
    public static let geneve: LinkKind = "geneve"
    /// A WireGuard device (`type wireguard`).
    public static let wireguard: LinkKind = "wireguard"
    /// A TUN/TAP device (`ip tuntap add`, reported as `tun`).
    public static let tun: LinkKind = "tun"
    /// A dummy device (`type dummy`).
    public static let dummy: LinkKind = "dummy"
    /// An intermediate functional block (`type ifb`).
    public static let ifb: LinkKind = "ifb"
    /// A bonding master (`type bond`).
    public static let bond: LinkKind = "bond"

    /// The kind from `IFLA_INFO_KIND` when the kernel reports one, otherwise from `ifi_type`.
    init(infoKind: String?, hardwareType: UInt16) {
        if let infoKind {
            self.init(rawValue: infoKind)
        } else {
            switch hardwareType {
            case 772: self = .loopback  // ARPHRD_LOOPBACK
            case 1: self = .ether  // ARPHRD_ETHER
            default: self.init(rawValue: HardwareType(rawValue: hardwareType).name)
            }
        }
    }

    /// The kind's word, ``rawValue``.
    public var description: String { rawValue }
}

/// The device's hardware type (`ifi_type`, an `ARPHRD_*` value), named as `ip link` prints it
/// after `link/`.
public struct HardwareType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `ARPHRD_*` value.
    public var rawValue: UInt16
    /// The type with this `ARPHRD_*` value.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `ARPHRD_ETHER` (`link/ether`).
    public static let ether = HardwareType(rawValue: 1)
    /// `ARPHRD_TUNNEL` (`link/ipip`): IPIP tunnels.
    public static let ipip = HardwareType(rawValue: 768)
    /// `ARPHRD_LOOPBACK` (`link/loopback`).
    public static let loopback = HardwareType(rawValue: 772)
    /// `ARPHRD_TUNNEL6` (`link/tunnel6`): ip6tnl tunnels.
    public static let tunnel6 = HardwareType(rawValue: 769)
    /// `ARPHRD_SIT` (`link/sit`): SIT tunnels.
    public static let sit = HardwareType(rawValue: 776)
    /// `ARPHRD_IPGRE` (`link/gre`): gre tunnels (gretap ones are Ethernet).
    public static let gre = HardwareType(rawValue: 778)
    /// `ARPHRD_IP6GRE` (`link/gre6`): ip6gre tunnels.
    public static let gre6 = HardwareType(rawValue: 823)
    /// `ARPHRD_NONE` (`link/none`): e.g. a TUN device.
    public static let none = HardwareType(rawValue: 65534)

    /// The name `ip link` prints after `link/`; `[N]` for a type it has no name for.
    public var name: String {
        switch rawValue {
        case 1: "ether"
        case 768: "ipip"
        case 769: "tunnel6"
        case 772: "loopback"
        case 776: "sit"
        case 778: "gre"
        case 823: "gre6"
        case 65534: "none"
        default: "[\(rawValue)]"
        }
    }

    /// Same as ``name``.
    public var description: String { name }
}
