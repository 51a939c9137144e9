/// An Ethernet (EUI-48) hardware address, written as `ip link` prints it: `aa:bb:cc:dd:ee:ff`.
///
/// Parsing is strict: six groups of exactly two hex digits separated by `:`. The `-` and `.`
/// forms other tools print are rejected rather than guessed at, so one spelling is used
/// everywhere.
public struct MACAddress: Sendable, Hashable, TextParsable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByStringLiteral
{
    // The 48 bits, first byte most significant.
    private var value: UInt64

    private init(value: UInt64) {
        self.value = value & 0xFFFF_FFFF_FFFF
    }

    /// The address from its 6 bytes in wire order (`IFLA_ADDRESS`); nil unless there are
    /// exactly 6. Links that are not Ethernet-like carry other lengths (none for `tun`, 4 for
    /// `ipip`, 20 for InfiniBand) and have no `MACAddress`.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 6 else { return nil }
        self.init(value: bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// The 6 bytes in wire order.
    public var bytes: [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: value >> UInt64(40 - 8 * $0)) }
    }

    /// `ff:ff:ff:ff:ff:ff`.
    public static let broadcast = MACAddress(value: 0xFFFF_FFFF_FFFF)
    /// `00:00:00:00:00:00`, what loopback and many virtual links report.
    public static let zero = MACAddress(value: 0)

    /// The group bit (bit 0 of the first byte): a multicast or broadcast address, which the
    /// kernel refuses as a link's own address.
    public var isMulticast: Bool { value >> 40 & 0x01 != 0 }
    /// The U/L bit (bit 1 of the first byte): assigned locally rather than by a vendor.
    public var isLocallyAdministered: Bool { value >> 40 & 0x02 != 0 }
    /// `00:00:00:00:00:00`.
    public var isZero: Bool { value == 0 }
    /// `ff:ff:ff:ff:ff:ff`.
    public var isBroadcast: Bool { self == .broadcast }

    /// A random locally administered unicast address, as the kernel's `eth_random_addr` makes
    /// for a veth or bridge created without one.
    public static func random() -> MACAddress {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A random locally administered unicast address from `generator`, for reproducible tests.
    public static func random(using generator: inout some RandomNumberGenerator) -> MACAddress {
        let bits = generator.next() as UInt64
        // Set the U/L bit, clear the group bit.
        return MACAddress(value: (bits & ~(UInt64(0x01) << 40)) | UInt64(0x02) << 40)
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (either case), throwing `.invalidInput` that says what is
    /// wrong, e.g. `"aa-bb-cc-dd-ee-ff": '-' separators are not accepted; write aa:bb:cc:dd:ee:ff`.
    public init(parsing string: String) throws(NetKitError) {
        do {
            self.init(value: try Self.parse(string))
        } catch {
            throw error.error(input: string, operation: "parse MAC address")
        }
    }

    /// Lowercase colon form, as `ip link` prints it: `02:42:ac:11:00:02`.
    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    private static func parse(_ string: String) throws(AddressText.Problem) -> UInt64 {
        if string.isEmpty {
            throw AddressText.Problem(phrase: "is empty; expected six hex pairs such as 02:00:5e:10:00:01")
        }
        try AddressText.checkNoWhitespace(string)
        let bytes = Array(string.utf8)
        if !bytes.contains(0x3A), let separator = bytes.first(where: { $0 == 0x2D || $0 == 0x2E }) {
            throw AddressText.Problem(
                "'\(Character(Unicode.Scalar(separator)))' separators are not accepted; write the address as ip link prints it, e.g. 02:00:5e:10:00:01"
            )
        }
        let groups = bytes.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard groups.count == 6 else {
            throw AddressText.Problem("expected 6 colon-separated hex pairs, found \(groups.count)")
        }
        var value: UInt64 = 0
        for group in groups {
            let text = AddressText.quote(AddressText.string(group))
            if !group.allSatisfy({ AddressText.hexValue($0) != nil }) {
                let bad = AddressText.firstCharacter(in: group) { AddressText.hexValue($0) != nil }
                throw AddressText.Problem("group \(text) contains \(bad), which is not a hex digit")
            }
            guard group.count == 2, let first = group.first, let last = group.last,
                let high = AddressText.hexValue(first), let low = AddressText.hexValue(last)
            else {
                throw AddressText.Problem("group \(text) must be exactly 2 hex digits")
            }
            value = value << 8 | UInt64(high << 4 | low)
        }
        return value
    }
}
