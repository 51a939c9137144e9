/// What the kernel reports about one kind of link beyond the common fields: `IFLA_INFO_DATA`
/// (``Link/details``) or, for a port of a master, `IFLA_INFO_SLAVE_DATA` (``Link/portDetails``).
///
/// Each kind NetKit reads has one conforming type (``BridgeDetails``, ``IPIPTunnelDetails`` …),
/// with the same property names and units as the type that creates it.
public protocol LinkDetails: Sendable, Hashable, CustomStringConvertible {
    /// The kind whose data this is (`IFLA_INFO_KIND`, or `IFLA_INFO_SLAVE_KIND` for port details).
    static var kind: LinkKind { get }
}

/// A link's details compared and hashed through `AnyHashable`, so ``Link`` stays `Hashable`
/// while holding any kind's details.
struct HashableLinkDetails: Hashable, Sendable {
    var value: (any LinkDetails)?

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.value.map { AnyHashable($0) } == rhs.value.map { AnyHashable($0) }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(value.map { AnyHashable($0) }) }
}

/// Details that name another device by index (a tunnel's underlying device): the listing that
/// returned the link fills in the name, as it does for ``Link/masterName``.
protocol LinkDetailsNamingDevices: LinkDetails {
    /// These details with each device index `lookup` can answer named.
    func resolvingNames(_ lookup: (Int32) -> InterfaceName?) -> Self
}

extension Link {
    /// ``details`` as `type` when this link is of that kind (`link.details(as: BridgeDetails.self)`).
    public func details<Details: LinkDetails>(as type: Details.Type) -> Details? { details as? Details }

    /// ``portDetails`` as `type` when this link is a port of that kind of master
    /// (`link.portDetails(as: BridgePortDetails.self)`).
    public func portDetails<Details: LinkDetails>(as type: Details.Type) -> Details? { portDetails as? Details }
}

/// The link mode (`IFLA_LINKMODE`), printed after `mode` by `ip link`.
public struct LinkMode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `IF_LINK_MODE_*` value.
    public var rawValue: UInt8
    /// The mode with this `IF_LINK_MODE_*` value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `IF_LINK_MODE_DEFAULT` (`mode DEFAULT`).
    public static let `default` = LinkMode(rawValue: 0)
    /// `IF_LINK_MODE_DORMANT` (`mode DORMANT`): the device goes up dormant until a supplicant
    /// says otherwise.
    public static let dormant = LinkMode(rawValue: 1)
    /// `IF_LINK_MODE_TESTING` (`mode TESTING`).
    public static let testing = LinkMode(rawValue: 2)

    /// iproute2's word: `DEFAULT`, `DORMANT`, `TESTING`, or the number.
    public var description: String {
        switch rawValue {
        case 0: "DEFAULT"
        case 1: "DORMANT"
        case 2: "TESTING"
        default: String(rawValue)
        }
    }
}
