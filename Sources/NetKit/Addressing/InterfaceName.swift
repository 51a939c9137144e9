/// A network interface name such as `eth0` or `veth1_p`, valid by the kernel's own rules
/// (`dev_valid_name` in net/core/dev.c), so a bad name fails here with a clear message instead
/// of as a bare `EINVAL` from `ip link add`.
///
/// The rules: 1–15 bytes of UTF-8 (`IFNAMSIZ` is 16 with the terminating NUL), not `.` or `..`,
/// and no `/`, `:`, NUL or byte the kernel's `isspace()` accepts (space, `\t`, `\n`, `\v`,
/// `\f`, `\r`, and 0xA0, which also occurs inside some multibyte characters).
public struct InterfaceName: RawRepresentable, Sendable, Hashable, Comparable, TextParsable,
    CustomStringConvertible, CustomDebugStringConvertible, LosslessStringConvertible, ExpressibleByStringLiteral
{
    // Text form, not the raw value or case name (see TextParsable.init(textFrom:)).
    /// Decodes the text form (as `ip -j` prints it), with the same strict parsing.
    public init(from decoder: any Decoder) throws { try self.init(textFrom: decoder) }
    /// Encodes the text form, as `ip -j` prints it.
    public func encode(to encoder: any Encoder) throws { try encodeText(to: encoder) }

    /// The name, e.g. `eth0`.
    public let rawValue: String

    /// `lo`, the loopback interface every network namespace has.
    public static let loopback = InterfaceName(unchecked: "lo")

    /// The longest name in bytes: `IFNAMSIZ - 1`.
    public static let maxByteCount = 15

    /// Validates `name`, throwing `.invalidInput` that says which rule it breaks, e.g.
    /// `"averyveryverylongname" is 21 bytes; interface names are at most 15 bytes (IFNAMSIZ-1)`.
    public init(parsing name: String) throws(NetKitError) {
        if let problem = Self.problem(in: name) {
            throw problem.error(input: name, operation: "validate interface name")
        }
        rawValue = name
    }

    /// The name if it is valid; nil where ``init(parsing:)`` would throw.
    public init?(rawValue: String) {
        try? self.init(parsing: rawValue)
    }

    /// The name itself, as `ip link` prints it.
    public var description: String { rawValue }

    /// The name quoted, as a `String` prints inside a collection: `["lo", "eth0"]`.
    public var debugDescription: String { rawValue.debugDescription }

    /// Compares bytes, as the kernel does: Swift's `String` equality would merge names that
    /// differ only in Unicode normalization (`café` written two ways), which are distinct links.
    public static func == (lhs: InterfaceName, rhs: InterfaceName) -> Bool {
        lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    /// Hashes the bytes, consistent with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(byte) }
        hasher.combine(rawValue.utf8.count)
    }

    /// Orders by bytes, like `strcmp`.
    public static func < (lhs: InterfaceName, rhs: InterfaceName) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// A name the kernel reported (`IFLA_IFNAME` and the like), taken without validation: the
    /// kernel enforces the same rules, and a dump of thousands of links names each one.
    init(unchecked name: String) {
        rawValue = name
    }

    private static func problem(in name: String) -> AddressText.Problem? {
        // Names are validated on every request (a route batch validates each route's device
        // twice), so a clean name is recognised in one tight pass over its UTF-8 storage;
        // anything doubtful falls through to the rule-by-rule checks below.
        let clean = name.utf8.withContiguousStorageIfAvailable { bytes in
            guard (1...maxByteCount).contains(bytes.count), bytes.first != 0x2E || bytes.count > 2 else { return false }
            for byte in bytes where byte <= 0x20 || byte == 0x2F || byte == 0x3A || byte == 0xA0 { return false }
            return true
        }
        if clean == true { return nil }
        let byteCount = name.utf8.count
        if byteCount == 0 {
            return AddressText.Problem(phrase: "is empty; interface names are 1–15 bytes")
        }
        if byteCount > maxByteCount {
            return AddressText.Problem(
                phrase: "is \(byteCount) bytes; interface names are at most 15 bytes (IFNAMSIZ-1)")
        }
        if byteCount <= 2, name.utf8.allSatisfy({ $0 == 0x2E }) {  // "." or ".."
            return AddressText.Problem(phrase: "is not allowed as an interface name; it means a directory")
        }
        // Check bytes, not characters: the kernel does, and a combining mark after '/' makes a
        // character that is not equal to "/" but still contains the byte. Names are validated
        // on every request (100k routes in a batch), so a clean name costs one pass over its
        // bytes and the characters are examined only to describe a bad one.
        guard
            name.utf8.contains(where: { $0 == 0x2F || $0 == 0x3A || $0 == 0x00 || (0x09...0x0D).contains($0) || $0 == 0x20 || $0 == 0xA0 })
        else {
            return nil
        }
        for character in name {
            var what: String { AddressText.quoteCharacter(character) }
            for byte in character.utf8 {
                switch byte {
                case 0x2F:
                    return AddressText.Problem(
                        "contains '/', which the kernel rejects because names become paths under /sys/class/net")
                case 0x3A:
                    return AddressText.Problem(
                        "contains ':', which the kernel rejects because it marks old-style aliases such as eth0:1")
                case 0x00:
                    return AddressText.Problem("contains a NUL byte ('\\0'), which would end the name in C")
                case 0x09...0x0D, 0x20:
                    return AddressText.Problem("contains whitespace (\(what)), which the kernel rejects")
                case 0xA0:
                    let hex = character.utf8.map { String($0, radix: 16) }.joined(separator: " ")
                    return AddressText.Problem(
                        "contains \(what) (UTF-8 bytes \(hex)); the kernel rejects byte a0 because its isspace() counts it as a no-break space"
                    )
                default:
                    break
                }
            }
        }
        return nil
    }
}
