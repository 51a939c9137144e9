/// What a route does with a packet (`rtm_type`): forward it (`unicast`), accept it (`local`,
/// `broadcast`), drop it (`blackhole`), refuse it with an ICMP error (`unreachable`,
/// `prohibit`), or end the table's lookup (`throw`).
public struct RouteType: RawRepresentable, Hashable, Sendable, Comparable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByIntegerLiteral
{
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// 0: as a deletion filter it matches any type.
    public static let unspec = RouteType(rawValue: 0)
    /// 1, `RTN_UNICAST`: forward to the gateway or device; `ip route` does not print the word.
    public static let unicast = RouteType(rawValue: 1)
    /// 2, `RTN_LOCAL`: addressed to this host (`local 10.0.0.1 … table local`).
    public static let local = RouteType(rawValue: 2)
    /// 3, `RTN_BROADCAST`: a broadcast address, accepted locally and sent as link broadcast.
    public static let broadcast = RouteType(rawValue: 3)
    /// 4, `RTN_ANYCAST`: an anycast address of this host, accepted but never a source.
    public static let anycast = RouteType(rawValue: 4)
    /// 5, `RTN_MULTICAST`: a multicast route (`multicast 239.1.0.0/16 dev d0`).
    public static let multicast = RouteType(rawValue: 5)
    /// Silently drops (`blackhole 10.122.157.128/26 proto bird`: Calico's block route).
    public static let blackhole = RouteType(rawValue: 6)
    /// Drops with ICMP "network unreachable" (`ENETUNREACH` to local senders).
    public static let unreachable = RouteType(rawValue: 7)
    /// Drops with ICMP "administratively prohibited" (`EACCES` to local senders).
    public static let prohibit = RouteType(rawValue: 8)
    /// Ends the lookup in this table, so policy routing tries the next rule.
    public static let `throw` = RouteType(rawValue: 9)
    /// 10, `RTN_NAT`: stateless NAT, removed from the kernel in 2.6; kept for its number.
    public static let nat = RouteType(rawValue: 10)
    /// 11, `RTN_XRESOLVE`: resolved by an external resolver; unused by current kernels.
    public static let xresolve = RouteType(rawValue: 11)

    /// The types that take no gateway, device or next hops: the kernel answers them itself.
    public var isReject: Bool { self == .blackhole || self == .unreachable || self == .prohibit || self == .throw }

    static let builtInNames: [UInt32: String] = [
        0: "none", 1: "unicast", 2: "local", 3: "broadcast", 4: "anycast", 5: "multicast", 6: "blackhole",
        7: "unreachable", 8: "prohibit", 9: "throw", 10: "nat", 11: "xresolve",
    ]

    /// `unicast`, `blackhole`, … (`none` for 0), or the number — iproute2's `rtnl_rtntype_n2a`.
    public var description: String { IPRoute2Names.types.name(UInt32(rawValue)) }

    /// Parses a type name as `ip route add TYPE PREFIX` takes it, or a number 0–255.
    public init(parsing text: String) throws(NetKitError) {
        self.init(
            rawValue: UInt8(
                try IPRoute2Names.types.parse(
                    text, limit: 255, kind: "route type",
                    examples: "unicast, local, broadcast, anycast, multicast, blackhole, unreachable, prohibit, throw, nat or 0–255")))
    }

    public init?(_ description: String) { try? self.init(parsing: description) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
