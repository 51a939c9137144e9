/// What kind of device a link is: `IFLA_INFO_KIND` when the kernel reports one (`veth`,
/// `bridge`, `ipip` …), otherwise derived from the hardware type (`link/loopback`, `link/ether`).
public enum LinkKind: Sendable, Hashable, CustomStringConvertible {
    case loopback
    /// A device without a software kind: a physical NIC, or a virtual one like `ifb`'s peers.
    case ether
    case veth
    case bridge
    case ipip
    case vxlan
    case macvlan
    case tun
    case dummy
    case other(String)

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
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ether = HardwareType(rawValue: 1)
    public static let ipip = HardwareType(rawValue: 768)
    public static let loopback = HardwareType(rawValue: 772)
    public static let none = HardwareType(rawValue: 65534)

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

    public var description: String { name }
}
