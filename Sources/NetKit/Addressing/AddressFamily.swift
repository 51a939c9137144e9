/// An IP address family, with the kernel's `AF_*` number as its raw value because that is the
/// byte netlink carries in `ifa_family`, `rtm_family` and `ndm_family`.
///
/// Its text form is the name iproute2 uses with `ip -family`: `inet` or `inet6`.
public enum AddressFamily: UInt8, Sendable, Hashable, CaseIterable, TextParsable,
    CustomStringConvertible, LosslessStringConvertible
{
    // Text form, not the raw value or case name (see TextParsable.init(textFrom:)).
    /// Decodes the text form (as `ip -j` prints it), with the same strict parsing.
    public init(from decoder: any Decoder) throws { try self.init(textFrom: decoder) }
    /// Encodes the text form, as `ip -j` prints it.
    public func encode(to encoder: any Encoder) throws { try encodeText(to: encoder) }

    /// IPv4, `AF_INET` (2); `ip -4`.
    case ipv4 = 2
    /// IPv6, `AF_INET6` (10); `ip -6`.
    case ipv6 = 10

    /// The size of an address of this family on the wire: 4 or 16 bytes.
    public var addressByteCount: Int {
        switch self {
        case .ipv4: 4
        case .ipv6: 16
        }
    }

    /// The longest prefix length: 32 or 128.
    public var maxPrefixLength: UInt8 {
        switch self {
        case .ipv4: 32
        case .ipv6: 128
        }
    }

    /// Parses `inet` or `inet6` (as `ip -family` takes them), or `ipv4` / `ipv6`.
    public init(parsing string: String) throws(NetKitError) {
        switch string {
        case "inet", "ipv4": self = .ipv4
        case "inet6", "ipv6": self = .ipv6
        default:
            throw AddressText.Problem(phrase: "is not an address family; use inet (ipv4) or inet6 (ipv6)")
                .error(input: string, operation: "parse address family")
        }
    }

    /// `inet` or `inet6`, as iproute2 names the family.
    public var description: String {
        switch self {
        case .ipv4: "inet"
        case .ipv6: "inet6"
        }
    }

}
