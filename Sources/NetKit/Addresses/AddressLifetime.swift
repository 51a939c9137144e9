/// How long an address stays valid and preferred (`IFA_CACHEINFO`), in seconds; `forever`
/// (`INFINITY_LIFE_TIME`) for addresses without a lifetime.
///
/// An address past its preferred lifetime is `deprecated` (kept, but not chosen as a source);
/// past its valid lifetime the kernel removes it.
public struct AddressLifetime: Sendable, Hashable, CustomStringConvertible {
    /// The value meaning "never runs out" (`0xFFFFFFFF`).
    public static let infinite: UInt32 = IFA.infiniteLifetime

    /// Seconds until the kernel removes the address (`valid_lft`).
    public var valid: UInt32
    /// Seconds until the address is deprecated (`preferred_lft`).
    public var preferred: UInt32

    /// A lifetime of `valid` and `preferred` seconds (`valid_lft V preferred_lft P`).
    public init(valid: UInt32 = AddressLifetime.infinite, preferred: UInt32 = AddressLifetime.infinite) {
        self.valid = valid
        self.preferred = preferred
    }

    /// `valid_lft forever preferred_lft forever`: what a permanent address has.
    public static let forever = AddressLifetime()

    /// The address is never removed for age.
    public var isValidForever: Bool { valid == Self.infinite }
    /// The address is never deprecated for age.
    public var isPreferredForever: Bool { preferred == Self.infinite }

    /// The second line `ip addr` prints under an address: `valid_lft forever preferred_lft 49sec`.
    public var description: String {
        "valid_lft \(Self.format(valid)) preferred_lft \(Self.format(preferred))"
    }

    private static func format(_ seconds: UInt32) -> String {
        seconds == infinite ? "forever" : "\(seconds)sec"
    }

    /// The kernel's rules (`inet_rtm_newaddr`/`inet6_rtm_newaddr`), checked before sending so the
    /// message says which value is wrong.
    func validate(operation: String, object: String) throws(NetKitError) {
        guard valid != 0 else {
            throw NetKitError.invalidInput("valid_lft 0 would remove the address at once; give at least 1 second or forever",
                                           operation: operation, object: object)
        }
        guard preferred <= valid else {
            throw NetKitError.invalidInput("preferred_lft \(Self.format(preferred)) is longer than valid_lft \(Self.format(valid))",
                                           operation: operation, object: object)
        }
    }
}
