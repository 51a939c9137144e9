/// An IPv4 or IPv6 address, for the many places (`ip addr`, `ip route`, `ip neigh`) where
/// either family is allowed and the family travels with the value.
public enum IPAddress: Sendable, Hashable, Comparable, TextParsable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByStringLiteral
{
    // Text form, not the raw value or case name (see TextParsable.init(textFrom:)).
    /// Decodes the text form (as `ip -j` prints it), with the same strict parsing.
    public init(from decoder: any Decoder) throws { try self.init(textFrom: decoder) }
    /// Encodes the text form, as `ip -j` prints it.
    public func encode(to encoder: any Encoder) throws { try encodeText(to: encoder) }

    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// `.ipv4` or `.ipv6`.
    public var family: AddressFamily {
        switch self {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }

    /// The IPv4 address, if this is one.
    public var ipv4: IPv4Address? {
        if case .v4(let address) = self { address } else { nil }
    }

    /// The IPv6 address, if this is one.
    public var ipv6: IPv6Address? {
        if case .v6(let address) = self { address } else { nil }
    }

    /// The address from network-order bytes of the given family, as netlink pairs them
    /// (`ifa_family` with `IFA_ADDRESS`); nil unless the count is 4 for IPv4 or 16 for IPv6.
    public init?(family: AddressFamily, networkBytes bytes: some Collection<UInt8>) {
        switch family {
        case .ipv4:
            guard let address = IPv4Address(networkBytes: bytes) else { return nil }
            self = .v4(address)
        case .ipv6:
            guard let address = IPv6Address(networkBytes: bytes) else { return nil }
            self = .v6(address)
        }
    }

    /// The 4 or 16 bytes in network order.
    public var networkBytes: [UInt8] {
        switch self {
        case .v4(let address): address.networkBytes
        case .v6(let address): address.networkBytes
        }
    }

    /// Appends the 4 or 16 network-order bytes, for building a netlink attribute.
    public func appendNetworkBytes(to bytes: inout [UInt8]) {
        switch self {
        case .v4(let address): address.appendNetworkBytes(to: &bytes)
        case .v6(let address): address.appendNetworkBytes(to: &bytes)
        }
    }

    /// `127.0.0.0/8` or `::1`.
    public var isLoopback: Bool {
        switch self {
        case .v4(let address): address.isLoopback
        case .v6(let address): address.isLoopback
        }
    }

    /// `224.0.0.0/4` or `ff00::/8`.
    public var isMulticast: Bool {
        switch self {
        case .v4(let address): address.isMulticast
        case .v6(let address): address.isMulticast
        }
    }

    /// `169.254.0.0/16` or `fe80::/10`.
    public var isLinkLocal: Bool {
        switch self {
        case .v4(let address): address.isLinkLocal
        case .v6(let address): address.isLinkLocal
        }
    }

    /// `0.0.0.0` or `::`.
    public var isUnspecified: Bool {
        switch self {
        case .v4(let address): address.isUnspecified
        case .v6(let address): address.isUnspecified
        }
    }

    /// Parses either family, as `ip` does: text with a `:` is IPv6, anything else IPv4. The
    /// error is that family's, e.g. `"10.0.0.256": octet 256 is out of range 0–255`.
    public init(parsing string: String) throws(NetKitError) {
        if string.contains(":") {
            self = .v6(try IPv6Address(parsing: string))
        } else {
            self = .v4(try IPv4Address(parsing: string))
        }
    }

    /// The address as `ip` prints it: `10.0.0.1` or `fe80::1`.
    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }

    /// Orders IPv4 before IPv6, then by numeric value.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let l), .v4(let r)): l < r
        case (.v6(let l), .v6(let r)): l < r
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }

}
