/// How long an address stays valid and preferred (`IFA_CACHEINFO`); `nil` (`INFINITY_LIFE_TIME`)
/// for an address without a lifetime.
///
/// An address past its preferred lifetime is `deprecated` (kept, but not chosen as a source);
/// past its valid lifetime the kernel removes it. The kernel counts whole seconds: a lifetime is
/// sent rounded down to the second, and read back in seconds.
public struct AddressLifetime: Sendable, Hashable, CustomStringConvertible {
    /// The kernel's value for "never runs out" (`0xFFFFFFFF` seconds).
    static let infinite: UInt32 = IFA.infiniteLifetime

    /// Whole seconds as the kernel keeps them (`ifa_valid`, `ifa_prefered`).
    var validSeconds: UInt32
    var preferredSeconds: UInt32

    /// Time until the kernel removes the address (`valid_lft`); `nil` for `forever`.
    public var valid: Duration? {
        get { Self.duration(validSeconds) }
        set { validSeconds = Self.seconds(newValue) }
    }

    /// Time until the address is deprecated (`preferred_lft`); `nil` for `forever`.
    public var preferred: Duration? {
        get { Self.duration(preferredSeconds) }
        set { preferredSeconds = Self.seconds(newValue) }
    }

    /// A lifetime of `valid` and `preferred` (`valid_lft V preferred_lft P`); `nil` is `forever`.
    public init(valid: Duration? = nil, preferred: Duration? = nil) {
        validSeconds = Self.seconds(valid)
        preferredSeconds = Self.seconds(preferred)
    }

    /// The kernel's seconds (`ifa_cacheinfo`).
    init(validSeconds: UInt32, preferredSeconds: UInt32) {
        self.validSeconds = validSeconds
        self.preferredSeconds = preferredSeconds
    }

    /// `valid_lft forever preferred_lft forever`: what a permanent address has.
    public static let forever = AddressLifetime()

    /// The address is never removed for age.
    public var isValidForever: Bool { validSeconds == Self.infinite }
    /// The address is never deprecated for age.
    public var isPreferredForever: Bool { preferredSeconds == Self.infinite }

    /// The second line `ip addr` prints under an address: `valid_lft forever preferred_lft 49sec`.
    public var description: String {
        "valid_lft \(Self.format(validSeconds)) preferred_lft \(Self.format(preferredSeconds))"
    }

    private static func format(_ seconds: UInt32) -> String {
        seconds == infinite ? "forever" : "\(seconds)sec"
    }

    private static func duration(_ seconds: UInt32) -> Duration? {
        seconds == infinite ? nil : .seconds(seconds)
    }

    /// Whole seconds, below the kernel's "forever" (negative durations count as 0, which
    /// ``validate(operation:object:)`` refuses for `valid`).
    private static func seconds(_ duration: Duration?) -> UInt32 {
        guard let duration else { return infinite }
        return UInt32(clamping: min(max(duration.components.seconds, 0), Int64(infinite - 1)))
    }

    /// The kernel's rules (`inet_rtm_newaddr`/`inet6_rtm_newaddr`), checked before sending so the
    /// message says which value is wrong.
    func validate(operation: NetKitError.Operation, object: String) throws(NetKitError) {
        guard validSeconds != 0 else {
            throw NetKitError.invalidInput(
                "valid_lft 0 would remove the address at once; give at least 1 second or forever",
                operation: operation, object: object)
        }
        guard preferredSeconds <= validSeconds else {
            throw NetKitError.invalidInput(
                "preferred_lft \(Self.format(preferredSeconds)) is longer than valid_lft \(Self.format(validSeconds))",
                operation: operation, object: object)
        }
    }
}
