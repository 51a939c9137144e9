/// An IPv4 address, written as iproute2 prints it: a dotted quad such as `192.0.2.1`.
///
/// Parsing is strict (exactly four decimal octets, no leading zeros, no whitespace) because the
/// lenient forms `inet_aton` accepts (`10.1`, `0x0a.0.0.1`, `010.0.0.1` read as octal) name an
/// address other than the one a reader sees.
public struct IPv4Address: RawRepresentable, Sendable, Hashable, Comparable, TextParsable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByStringLiteral
{
    // Text form, not the raw value or case name (see TextParsable.init(textFrom:)).
    /// Decodes the text form (as `ip -j` prints it), with the same strict parsing.
    public init(from decoder: any Decoder) throws { try self.init(textFrom: decoder) }
    /// Encodes the text form, as `ip -j` prints it.
    public func encode(to encoder: any Encoder) throws { try encodeText(to: encoder) }

    /// The address as a number in host byte order: `10.0.0.1` is `0x0A00_0001`.
    public var rawValue: UInt32

    /// The address whose host-order number is `rawValue`.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The address `a.b.c.d`.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// The address from its 4 bytes in network order, as netlink carries it (`IFA_ADDRESS`,
    /// `RTA_DST` …); nil unless there are exactly 4 bytes.
    public init?(networkBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        rawValue = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The 4 bytes in network order, as netlink expects them.
    public var networkBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        appendNetworkBytes(to: &bytes)
        return bytes
    }

    /// Appends the 4 network-order bytes, for building a netlink attribute without a temporary.
    public func appendNetworkBytes(to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: rawValue >> 24))
        bytes.append(UInt8(truncatingIfNeeded: rawValue >> 16))
        bytes.append(UInt8(truncatingIfNeeded: rawValue >> 8))
        bytes.append(UInt8(truncatingIfNeeded: rawValue))
    }

    /// `0.0.0.0`, the unspecified address (`INADDR_ANY`).
    public static let any = IPv4Address(rawValue: 0)
    /// `255.255.255.255`, the limited broadcast address.
    public static let broadcast = IPv4Address(rawValue: .max)
    /// `127.0.0.1`.
    public static let loopback = IPv4Address(127, 0, 0, 1)

    /// In `127.0.0.0/8`.
    public var isLoopback: Bool { rawValue >> 24 == 127 }
    /// In `224.0.0.0/4`.
    public var isMulticast: Bool { rawValue >> 28 == 0xE }
    /// In `169.254.0.0/16` (RFC 3927).
    public var isLinkLocal: Bool { rawValue >> 16 == 0xA9FE }
    /// `0.0.0.0`.
    public var isUnspecified: Bool { rawValue == 0 }

    /// Parses a dotted quad such as `192.0.2.1`, throwing `.invalidInput` that says what is
    /// wrong, e.g. `"300.1.1.1": octet 300 is out of range 0–255`.
    public init(parsing string: String) throws(NetKitError) {
        do {
            try AddressText.checkNoWhitespace(string)
            rawValue = try Self.parse(Array(string.utf8)[...])
        } catch {
            throw error.error(input: string, operation: "parse IPv4 address")
        }
    }

    /// The dotted quad, e.g. `10.0.0.1`.
    public var description: String {
        "\(rawValue >> 24).\(rawValue >> 16 & 0xFF).\(rawValue >> 8 & 0xFF).\(rawValue & 0xFF)"
    }

    /// Orders by numeric value, so `10.0.0.9 < 10.0.0.10`.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The dotted-quad grammar; shared with the IPv4 tail of an IPv6 address.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(AddressText.Problem) -> UInt32 {
        if bytes.isEmpty {
            throw AddressText.Problem(phrase: "is empty; expected a dotted quad such as 192.0.2.1")
        }
        let octets = bytes.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard octets.count == 4 else {
            throw AddressText.Problem(
                "expected 4 dot-separated decimal octets such as 192.0.2.1, found \(octets.count)")
        }
        var value: UInt32 = 0
        for (index, octet) in octets.enumerated() {
            let text = AddressText.string(octet)
            if octet.isEmpty {
                throw AddressText.Problem("octet \(index + 1) is empty")
            }
            guard let number = AddressText.strictDecimal(octet, limit: 255) else {
                let bad = AddressText.firstCharacter(in: octet, notMatching: AddressText.isDigit)
                throw AddressText.Problem(
                    "octet \(AddressText.quote(text)) contains \(bad); octets are decimal digits only")
            }
            if number > 255 {
                throw AddressText.Problem("octet \(text) is out of range 0–255")
            }
            if AddressText.hasLeadingZero(octet) {
                throw AddressText.Problem(
                    "octet \(AddressText.quote(text)) has a leading zero, which some parsers read as octal; write \(number)")
            }
            value = value << 8 | UInt32(number)
        }
        return value
    }

    /// The address with the bits after the first `prefixLength` cleared (`prefixLength` ≤ 32).
    func masked(toPrefixLength prefixLength: UInt8) -> IPv4Address {
        IPv4Address(rawValue: rawValue & Self.mask(prefixLength))
    }

    /// The netmask of a prefix length, e.g. 24 → `0xFFFF_FF00`; lengths above 32 mean 32.
    static func mask(_ prefixLength: UInt8) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << (32 - UInt32(min(prefixLength, 32)))
    }
}
