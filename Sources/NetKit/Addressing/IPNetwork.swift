/// An address with a prefix length, `10.0.0.0/8` or `fe80::/64`: what `ip route` takes as a
/// destination and `ip addr` as an interface address.
///
/// The address is kept as written, host bits included, because an interface address such as
/// `172.19.0.100/24` legitimately has them. Use ``masked`` for the network itself (what the
/// kernel stores as a route's destination) and ``init(strictPrefix:)`` where host bits would be
/// a mistake, such as a route destination typed by a user.
public struct IPNetwork: Sendable, Hashable, TextParsable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByStringLiteral
{
    /// The address as written; may have host bits set (see ``hasHostBits``).
    public let address: IPAddress
    /// The number of leading bits that name the network: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: UInt8

    /// The prefix `address/prefixLength`, throwing `.invalidInput` when the length is longer
    /// than the family allows (33 for IPv4, 129 for IPv6). Host bits are kept.
    public init(address: IPAddress, prefixLength: UInt8) throws(NetKitError) {
        guard prefixLength <= address.family.maxPrefixLength else {
            throw AddressText.Problem(Self.outOfRange(String(prefixLength), address.family))
                .error(input: "\(address)/\(prefixLength)", operation: "create IP network")
        }
        self.init(unchecked: address, prefixLength)
    }

    /// The host prefix of one address: `/32` for IPv4, `/128` for IPv6.
    public init(host address: IPAddress) {
        self.init(unchecked: address, address.family.maxPrefixLength)
    }

    /// The prefix `address/prefixLength`, throwing `.invalidInput` when the length is out of range
    /// or the address has host bits set, e.g. `"10.0.0.1/8" has host bits set; did you mean
    /// 10.0.0.0/8?`. Use it where a network is meant, such as a route destination.
    public init(validatingNetwork address: IPAddress, prefixLength: UInt8) throws(NetKitError) {
        try self.init(address: address, prefixLength: prefixLength)
        try checkNoHostBits(operation: "create IP network")
    }

    /// `0.0.0.0/0` or `::/0`, the destination of a default route (`ip route add default …`).
    public static func defaultRoute(_ family: AddressFamily) -> IPNetwork {
        switch family {
        case .ipv4: IPNetwork(unchecked: .v4(.any), 0)
        case .ipv6: IPNetwork(unchecked: .v6(.any), 0)
        }
    }

    /// `.ipv4` or `.ipv6`.
    public var family: AddressFamily { address.family }

    /// True for a `/0` prefix, which `ip route` prints as `default`.
    public var isDefaultRoute: Bool { prefixLength == 0 }

    /// True when bits after the prefix are set, as in the interface address `172.19.0.100/24`.
    public var hasHostBits: Bool { masked.address != address }

    /// The network itself, host bits cleared: `172.19.0.100/24` → `172.19.0.0/24`. The kernel
    /// stores route destinations this way.
    public var masked: IPNetwork {
        switch address {
        case .v4(let a): IPNetwork(unchecked: .v4(a.masked(toPrefixLength: prefixLength)), prefixLength)
        case .v6(let a): IPNetwork(unchecked: .v6(a.masked(toPrefixLength: prefixLength)), prefixLength)
        }
    }

    /// True when `address` is of the same family and inside this prefix; host bits of the
    /// prefix's own address do not matter (`10.0.0.7/24` contains `10.0.0.200`).
    public func contains(_ address: IPAddress) -> Bool {
        switch (self.address, address) {
        case (.v4(let network), .v4(let other)):
            network.masked(toPrefixLength: prefixLength) == other.masked(toPrefixLength: prefixLength)
        case (.v6(let network), .v6(let other)):
            network.masked(toPrefixLength: prefixLength) == other.masked(toPrefixLength: prefixLength)
        default:
            false
        }
    }

    /// The prefix as a mask of the same family: `/24` → `255.255.255.0`, `/64` → `ffff:ffff:ffff:ffff::`.
    public var netmask: IPAddress {
        switch family {
        case .ipv4:
            .v4(IPv4Address(rawValue: IPv4Address.mask(prefixLength)))
        case .ipv6:
            .v6(IPv6Address(high: IPv6Address.mask(prefixLength).high, low: IPv6Address.mask(prefixLength).low))
        }
    }

    /// The directed broadcast address that `ip addr add … brd +` sets (all host bits set), or
    /// nil where iproute2 sets none: IPv6, and IPv4 prefixes of /31 and /32.
    public var broadcast: IPv4Address? {
        guard case .v4(let address) = address, prefixLength <= 30 else { return nil }
        return IPv4Address(rawValue: address.rawValue | ~IPv4Address.mask(prefixLength))
    }

    /// Parses `10.0.0.0/8`, `fe80::/64`, a bare address (a host prefix, /32 or /128) or the word
    /// `default` (which means the IPv4 `0.0.0.0/0`; use ``defaultRoute(_:)`` for IPv6). Host bits
    /// are kept. Throws `.invalidInput` that says what is wrong, e.g. `"10.0.0.1/33": prefix
    /// length 33 is out of range 0–32 for IPv4`.
    public init(parsing string: String) throws(NetKitError) {
        do {
            let (address, prefixLength) = try Self.parse(string)
            self.init(unchecked: address, prefixLength)
        } catch {
            throw error.error(input: string, operation: "parse IP network")
        }
    }

    /// Parses like ``init(parsing:)`` but rejects host bits, for input that must name a network:
    /// `"10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?`.
    public init(strictPrefix string: String) throws(NetKitError) {
        try self.init(parsing: string)
        try checkNoHostBits(operation: "parse IP network", input: string)
    }

    /// Always `address/prefixLength`, e.g. `10.0.0.0/8` or `10.0.0.1/32`, as `ip addr` prints.
    public var description: String { "\(address)/\(prefixLength)" }

    /// The destination as `ip route` prints it: `default` for /0, a bare address for a host
    /// route (/32, /128), otherwise `10.0.0.0/8`.
    public var routeDescription: String {
        if isDefaultRoute { return "default" }
        if prefixLength == family.maxPrefixLength { return address.description }
        return description
    }

    private init(unchecked address: IPAddress, _ prefixLength: UInt8) {
        self.address = address
        self.prefixLength = prefixLength
    }

    private func checkNoHostBits(operation: NetKitError.Operation, input: String? = nil) throws(NetKitError) {
        guard hasHostBits else { return }
        throw AddressText.Problem(phrase: "has host bits set; did you mean \(masked)?")
            .error(input: input ?? description, operation: operation)
    }

    private static func outOfRange(_ length: String, _ family: AddressFamily) -> String {
        let name = family == .ipv4 ? "IPv4" : "IPv6"
        return "prefix length \(length) is out of range 0–\(family.maxPrefixLength) for \(name)"
    }

    private static func parse(_ string: String) throws(AddressText.Problem) -> (IPAddress, UInt8) {
        if string == "default" { return (.v4(.any), 0) }
        if string.isEmpty {
            throw AddressText.Problem(phrase: "is empty; expected a prefix such as 10.0.0.0/8 or fe80::/64")
        }
        try AddressText.checkNoWhitespace(string)
        // Split on the byte: a combining mark after '/' must not hide the separator.
        let parts = Array(string.utf8).split(separator: 0x2F, omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw AddressText.Problem("contains more than one '/'")
        }
        let addressText = parts[0]
        if addressText.isEmpty {
            throw AddressText.Problem("the address before '/' is empty")
        }
        let address: IPAddress
        if addressText.contains(0x3A) {
            let (high, low) = try IPv6Address.parse(AddressText.string(addressText))
            address = .v6(IPv6Address(high: high, low: low))
        } else {
            address = .v4(IPv4Address(rawValue: try IPv4Address.parse(addressText)))
        }
        guard parts.count == 2 else { return (address, address.family.maxPrefixLength) }

        let prefixBytes = parts[1]
        let prefixText = AddressText.string(prefixBytes)
        let maxLength = address.family.maxPrefixLength
        if prefixBytes.isEmpty {
            throw AddressText.Problem("the prefix length after '/' is empty")
        }
        guard let length = AddressText.strictDecimal(prefixBytes, limit: Int(maxLength)) else {
            if case .v4 = address, let mask = IPv4Address(prefixText) {
                let ones = mask.rawValue.nonzeroBitCount
                if IPv4Address.mask(UInt8(ones)) == mask.rawValue {
                    throw AddressText.Problem(
                        "\(AddressText.quote(prefixText)) is a netmask; write the prefix length /\(ones)")
                }
            }
            throw AddressText.Problem(
                "prefix length \(AddressText.quote(prefixText)) is not a decimal number")
        }
        if length > Int(maxLength) {
            throw AddressText.Problem(outOfRange(prefixText, address.family))
        }
        if AddressText.hasLeadingZero(prefixBytes) {
            throw AddressText.Problem(
                "prefix length \(AddressText.quote(prefixText)) has a leading zero; write \(length)")
        }
        return (address, UInt8(length))
    }
}
