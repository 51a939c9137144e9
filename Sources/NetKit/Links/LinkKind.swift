/// What kind of device a link is: `IFLA_INFO_KIND` when the kernel reports one (`veth`,
/// `bridge`, `ipip` …), otherwise derived from the hardware type (`link/loopback`, `link/ether`).
public enum LinkKind: Sendable, Hashable, CustomStringConvertible {
    /// The loopback device `lo` (no `IFLA_INFO_KIND`; `link/loopback`, `ARPHRD_LOOPBACK`).
    case loopback
    /// A device without a software kind: a physical NIC, or a virtual one like `ifb`'s peers.
    case ether
    /// One end of a veth pair (`type veth`).
    case veth
    /// A Linux bridge (`type bridge`).
    case bridge
    /// An IPIP tunnel, including the fallback device `tunl0` (`type ipip`).
    case ipip
    /// A VXLAN device (`type vxlan`).
    case vxlan
    /// A MACVLAN device on top of a parent link (`type macvlan`).
    case macvlan
    /// A TUN/TAP device (`ip tuntap add`, reported as `tun`).
    case tun
    /// A dummy device (`type dummy`).
    case dummy
    /// Any other `IFLA_INFO_KIND` (`wireguard`, `vlan` …), or `link/TYPE`'s name for a device
    /// without a kind that is neither loopback nor Ethernet.
    case other(String)

    /// The kind from `IFLA_INFO_KIND` when the kernel reports one, otherwise from `ifi_type`.
    init(infoKind: String?, hardwareType: UInt16) {
        switch infoKind {
        case "veth": self = .veth
        case "bridge": self = .bridge
        case "ipip": self = .ipip
        case "vxlan": self = .vxlan
        case "macvlan": self = .macvlan
        case "tun": self = .tun
        case "dummy": self = .dummy
        case let kind?: self = .other(kind)
        case nil:
            switch hardwareType {
            case 772: self = .loopback  // ARPHRD_LOOPBACK
            case 1: self = .ether       // ARPHRD_ETHER
            default: self = .other(HardwareType(rawValue: hardwareType).name)
            }
        }
    }

    /// The `IFLA_INFO_KIND` string the kernel uses (`ip link add … type KIND`).
    public var description: String {
        switch self {
        case .loopback: "loopback"
        case .ether: "ether"
        case .veth: "veth"
        case .bridge: "bridge"
        case .ipip: "ipip"
        case .vxlan: "vxlan"
        case .macvlan: "macvlan"
        case .tun: "tun"
        case .dummy: "dummy"
        case .other(let kind): kind
        }
    }
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
        case 65534: "none"
        default: "[\(rawValue)]"
        }
    }

    /// Same as ``name``.
    public var description: String { name }
}
