/// A routing table (`ip route … table T`): `main` (254, where routes go by default), `local`
/// (255, the kernel's routes for local and broadcast addresses), `default` (253) or any id up to
/// 2³²−1. Ids above 255 travel in `RTA_TABLE`, as the byte `rtm_table` cannot hold them.
public struct RouteTable: RawRepresentable, Hashable, Sendable, Comparable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByIntegerLiteral
{
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt32) { rawValue = value }

    /// 0: no table. Routes cannot be added to it; as a filter it means every table.
    public static let unspec = RouteTable(rawValue: 0)
    /// 253, `RT_TABLE_DEFAULT`: consulted after `main` by the stock rules (`32767: from all lookup default`).
    public static let `default` = RouteTable(rawValue: 253)
    /// 254, `RT_TABLE_MAIN`: where `ip route add` puts routes unless told otherwise.
    public static let main = RouteTable(rawValue: 254)
    /// 255, `RT_TABLE_LOCAL`: the kernel's `local` and `broadcast` routes for this host's addresses.
    public static let local = RouteTable(rawValue: 255)

    static let builtInNames: [UInt32: String] = [253: "default", 254: "main", 255: "local"]

    /// A table id given as an `Int` (from configuration, say): throws `.invalidInput` for ids
    /// outside 0–4294967295 instead of trapping.
    public init(_ id: Int) throws(NetKitError) {
        guard let value = UInt32(exactly: id) else {
            throw NetKitError.invalidInput(
                "table id \(id) is out of range 0–\(UInt32.max)", operation: "create route table", object: String(id))
        }
        self.init(rawValue: value)
    }

    /// `main`, `local`, a name from `/etc/iproute2/rt_tables`, or the number — what
    /// `ip route show table all` prints after `table`.
    public var description: String { IPRoute2Names.tables.name(rawValue) }

    /// Parses a name (`main`, `local`, `default`, or one from `/etc/iproute2/rt_tables`) or a
    /// number 0–4294967295, as `ip route … table T` does.
    public init(parsing text: String) throws(NetKitError) {
        self.init(
            rawValue: try IPRoute2Names.tables.parse(
                text, limit: .max, kind: "route table",
                examples: "main, local, default or 0–4294967295"))
    }

    public init?(_ description: String) { try? self.init(parsing: description) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
