/// An IPv6 address, printed in the canonical form `ip -6` prints (RFC 5952 via glibc's
/// `inet_ntop`): lowercase, the longest run of two or more zero groups shortened to `::`.
///
/// Parsing takes every RFC 4291 text form (`2001:db8::1`, `::`, `::ffff:192.0.2.1`, full
/// eight-group forms) and nothing else: no whitespace, no brackets, no `%zone` suffix.
public struct IPv6Address: Sendable, Hashable, Comparable, TextParsable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByStringLiteral
{
    /// The first 8 bytes as a number in host byte order (`2001:db8::` is `0x2001_0db8_0000_0000`).
    public var high: UInt64
    /// The last 8 bytes as a number in host byte order (`::1` has `low == 1`).
    public var low: UInt64

    /// The address whose first and last 64 bits, read as big-endian numbers, are `high` and `low`.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The address from its eight 16-bit groups, e.g. `IPv6Address(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)`.
    public init(
        _ g0: UInt16, _ g1: UInt16, _ g2: UInt16, _ g3: UInt16,
        _ g4: UInt16, _ g5: UInt16, _ g6: UInt16, _ g7: UInt16
    ) {
        high = UInt64(g0) << 48 | UInt64(g1) << 32 | UInt64(g2) << 16 | UInt64(g3)
        low = UInt64(g4) << 48 | UInt64(g5) << 32 | UInt64(g6) << 16 | UInt64(g7)
    }

    /// `::ffff:a.b.c.d`, the form an IPv4 peer of a dual-stack socket has.
    public init(ipv4Mapped address: IPv4Address) {
        high = 0
        low = 0xFFFF_0000_0000 | UInt64(address.rawValue)
    }

    /// The address from its 16 bytes in network order, as netlink carries it; nil unless there
    /// are exactly 16 bytes.
    public init?(networkBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// The 16 bytes in network order, as netlink expects them.
    public var networkBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        appendNetworkBytes(to: &bytes)
        return bytes
    }

    /// Appends the 16 network-order bytes, for building a netlink attribute without a temporary.
    public func appendNetworkBytes(to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: high >> UInt64(shift)))
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: low >> UInt64(shift)))
        }
    }

    /// The eight 16-bit groups, most significant first.
    public var groups: [UInt16] {
        [48, 32, 16, 0].map { UInt16(truncatingIfNeeded: high >> UInt64($0)) }
            + [48, 32, 16, 0].map { UInt16(truncatingIfNeeded: low >> UInt64($0)) }
    }

    /// `::`, the unspecified address (`in6addr_any`).
    public static let any = IPv6Address(high: 0, low: 0)
    /// `::1`.
    public static let loopback = IPv6Address(high: 0, low: 1)

    /// `::1`.
    public var isLoopback: Bool { high == 0 && low == 1 }
    /// In `ff00::/8`.
    public var isMulticast: Bool { high >> 56 == 0xFF }
    /// In `fe80::/10`, the addresses the kernel puts on every link and scopes to it.
    public var isLinkLocal: Bool { high >> 54 == 0xFE80 >> 6 }
    /// `::`.
    public var isUnspecified: Bool { high == 0 && low == 0 }

    /// The IPv4 address inside an IPv4-mapped address (`::ffff:a.b.c.d`), else nil.
    public var ipv4Mapped: IPv4Address? {
        guard high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPv4Address(rawValue: UInt32(truncatingIfNeeded: low))
    }

    /// Parses any RFC 4291 text form, throwing `.invalidInput` that says what is wrong, e.g.
    /// `"::1::2": "::" may appear only once`.
    public init(parsing string: String) throws(NetKitError) {
        do {
            (high, low) = try Self.parse(string)
        } catch {
            throw error.error(input: string, operation: "parse IPv6 address")
        }
    }

    /// The canonical text, exactly as `ip -6` prints it: `2001:db8::1`, `::`, `::ffff:192.0.2.1`.
    ///
    /// Follows glibc's `inet_ntop`, which iproute2 calls: RFC 5952 (lowercase, no leading zeros,
    /// the first longest run of at least two zero groups as `::`), and a dotted-quad tail for
    /// IPv4-mapped `::ffff:a.b.c.d` and for the deprecated IPv4-compatible `::a.b.c.d`.
    public var description: String {
        let groups = groups
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for (index, group) in groups.enumerated() {
            if group == 0 {
                if runStart < 0 { runStart = index }
                let length = index - runStart + 1
                if length > bestLength {
                    bestStart = runStart
                    bestLength = length
                }
            } else {
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }

        var text = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                text += "::"
                index += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix("::") { text += ":" }
            if index == 6 && bestStart == 0
                && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF))
            {
                text += IPv4Address(rawValue: UInt32(truncatingIfNeeded: low)).description
                break
            }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }

    /// Orders by numeric value.
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The address with the bits after the first `prefixLength` cleared (`prefixLength` ≤ 128).
    func masked(toPrefixLength prefixLength: UInt8) -> IPv6Address {
        let (highMask, lowMask) = Self.mask(prefixLength)
        return IPv6Address(high: high & highMask, low: low & lowMask)
    }

    /// The netmask of a prefix length as two halves; lengths above 128 mean 128.
    static func mask(_ prefixLength: UInt8) -> (high: UInt64, low: UInt64) {
        let length = Int(min(prefixLength, 128))
        func half(_ bits: Int) -> UInt64 {
            bits <= 0 ? 0 : bits >= 64 ? .max : UInt64.max << UInt64(64 - bits)
        }
        return (half(length), half(length - 64))
    }

    /// The RFC 4291 grammar; shared with the address part of a prefix.
    static func parse(_ string: String) throws(AddressText.Problem) -> (UInt64, UInt64) {
        if string.isEmpty {
            throw AddressText.Problem(phrase: "is empty; expected an IPv6 address such as 2001:db8::1")
        }
        try AddressText.checkNoWhitespace(string)
        if let percent = string.firstIndex(of: "%") {
            throw AddressText.Problem(
                "zone ids (\(AddressText.quote(String(string[percent...])))) are not part of an address; give the interface separately")
        }
        if string.hasPrefix("[") || string.hasSuffix("]") {
            throw AddressText.Problem("brackets belong to URLs, not to addresses; remove them")
        }

        let bytes = Array(string.utf8)
        let colon: UInt8 = 0x3A
        // Locate "::" and reject ":::" in one pass over the runs of colons.
        var doubleColon: Int?
        var index = 0
        while index < bytes.count {
            guard bytes[index] == colon else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count && bytes[end] == colon { end += 1 }
            switch end - index {
            case 1: break
            case 2:
                if doubleColon != nil {
                    throw AddressText.Problem("\"::\" may appear only once")
                }
                doubleColon = index
            default:
                throw AddressText.Problem("\(end - index) colons in a row; at most two (\"::\") may be adjacent")
            }
            index = end
        }
        if bytes.first == colon && doubleColon != 0 {
            throw AddressText.Problem("begins with a single ':'; write \"::\" for leading zero groups")
        }
        if bytes.last == colon && doubleColon != bytes.count - 2 {
            throw AddressText.Problem("ends with a single ':'; write \"::\" for trailing zero groups")
        }

        let head: ArraySlice<UInt8>
        let tail: ArraySlice<UInt8>
        if let doubleColon {
            head = bytes[..<doubleColon]
            tail = bytes[(doubleColon + 2)...]
        } else {
            head = bytes[...]
            tail = []
        }
        let headGroups = head.isEmpty ? [] : head.split(separator: colon, omittingEmptySubsequences: false)
        let tailGroups = tail.isEmpty ? [] : tail.split(separator: colon, omittingEmptySubsequences: false)
        let lastIsHead = doubleColon == nil
        let headWords = try words(of: headGroups, lastMayBeIPv4: lastIsHead)
        let tailWords = try words(of: tailGroups, lastMayBeIPv4: !lastIsHead)

        let count = headWords.count + tailWords.count
        let all: [UInt16]
        if doubleColon != nil {
            guard count <= 7 else {
                throw AddressText.Problem(
                    "has \(count) groups besides \"::\", which must stand for at least one zero group; an IPv6 address has 8")
            }
            all = headWords + Array(repeating: 0, count: 8 - count) + tailWords
        } else {
            guard count == 8 else {
                throw AddressText.Problem(
                    count > 8
                        ? "has \(count) groups; an IPv6 address has 8"
                        : "has only \(count) groups and no \"::\"; an IPv6 address has 8")
            }
            all = headWords
        }
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }

    /// The 16-bit words of colon-separated groups; a dotted-quad last group yields two words.
    private static func words(
        of groups: [ArraySlice<UInt8>], lastMayBeIPv4: Bool
    ) throws(AddressText.Problem) -> [UInt16] {
        var words: [UInt16] = []
        for (index, group) in groups.enumerated() {
            let text = AddressText.quote(AddressText.string(group))
            if group.isEmpty {
                throw AddressText.Problem("has an empty group")
            }
            if group.contains(0x2E) {
                guard lastMayBeIPv4 && index == groups.count - 1 else {
                    throw AddressText.Problem("the dotted IPv4 part \(text) may only come last")
                }
                let ipv4: UInt32
                do {
                    ipv4 = try IPv4Address.parse(group)
                } catch {
                    throw AddressText.Problem("in the IPv4 part \(text)\(error.text)")
                }
                words.append(UInt16(truncatingIfNeeded: ipv4 >> 16))
                words.append(UInt16(truncatingIfNeeded: ipv4))
                continue
            }
            var value: UInt16 = 0
            for byte in group {
                guard let digit = AddressText.hexValue(byte) else {
                    let bad = AddressText.firstCharacter(in: group) { AddressText.hexValue($0) != nil }
                    throw AddressText.Problem("group \(text) contains \(bad), which is not a hex digit")
                }
                value = value &<< 4 | UInt16(digit)
            }
            if group.count > 4 {
                throw AddressText.Problem("group \(text) has \(group.count) hex digits; at most 4 are allowed")
            }
            words.append(value)
        }
        return words
    }
}
