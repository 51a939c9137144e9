/// How far a route's destination is (`rtm_scope`, `ip route … scope S`): `global` (reached via
/// a gateway), `link` (directly on the device), `host` (this machine), `nowhere`, or a number.
public struct RouteScope: RawRepresentable, Hashable, Sendable, Comparable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByIntegerLiteral
{
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// 0, `RT_SCOPE_UNIVERSE`; iproute2 calls it `global` and does not print it.
    public static let global = RouteScope(rawValue: 0)
    /// The kernel's name for ``global``.
    public static let universe = global
    /// 200, `RT_SCOPE_SITE`: within this site (IPv6 site-local; rarely used).
    public static let site = RouteScope(rawValue: 200)
    /// 253, `RT_SCOPE_LINK`: directly reachable on the device, no gateway (connected subnets).
    public static let link = RouteScope(rawValue: 253)
    /// 254, `RT_SCOPE_HOST`: this machine's own addresses (`local` routes).
    public static let host = RouteScope(rawValue: 254)
    /// 255: as a deletion filter it matches any scope, as `ip route del` sends it.
    public static let nowhere = RouteScope(rawValue: 255)

    static let builtInNames: [UInt32: String] = [0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"]

    /// `global`, `link`, `host`, … (from `/etc/iproute2/rt_scopes`) or the number.
    public var description: String { IPRoute2Names.scopes.name(UInt32(rawValue)) }

    /// Parses a name or a number 0–255, as `ip route … scope S` does.
    public init(parsing text: String) throws(NetKitError) {
        self.init(
            rawValue: UInt8(
                try IPRoute2Names.scopes.parse(
                    text, limit: 255, kind: "route scope",
                    examples: "global, site, link, host, nowhere or 0–255")))
    }

    public init?(_ description: String) { try? self.init(parsing: description) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
