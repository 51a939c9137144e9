/// A rate in bits per second, as `tc` takes it (`rate 10mbit`) and prints it (`10Mbit`).
///
/// The kernel stores bytes per second (`tc_ratespec.rate`, `TCA_*_RATE64`); `tc` and NetKit
/// speak bits, with decimal prefixes (1 Mbit = 1,000,000 bit/s).
public struct Bitrate: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var bitsPerSecond: UInt64
    public init(bitsPerSecond: UInt64) { self.bitsPerSecond = bitsPerSecond }
    public init(integerLiteral value: UInt64) { bitsPerSecond = value }

    /// The rate the kernel stores, in bytes per second.
    public init(bytesPerSecond: UInt64) { bitsPerSecond = bytesPerSecond &* 8 }
    public var bytesPerSecond: UInt64 { bitsPerSecond / 8 }

    /// `tc`'s `kbit`: 1,000 bit/s.
    public static func kbit(_ value: UInt64) -> Bitrate { Bitrate(bitsPerSecond: value * 1_000) }
    /// `tc`'s `mbit`: 1,000,000 bit/s.
    public static func mbit(_ value: UInt64) -> Bitrate { Bitrate(bitsPerSecond: value * 1_000_000) }
    /// `tc`'s `gbit`: 10⁹ bit/s.
    public static func gbit(_ value: UInt64) -> Bitrate { Bitrate(bitsPerSecond: value * 1_000_000_000) }

    /// As `tc` prints a rate: the largest decimal prefix that divides it exactly (below 1000 of
    /// the next), e.g. `1Mbit`, `1500Kbit`, `20Gbit`, `999bit`.
    public var description: String {
        let units = ["", "K", "M", "G", "T"]
        var rate = bytesPerSecond * 8
        var unit = 0
        while unit < units.count - 1, rate >= 1000, rate % 1000 == 0 || rate >= 1_000_000 {
            rate /= 1000
            unit += 1
        }
        return "\(rate)\(units[unit])bit"
    }

    public static func < (lhs: Bitrate, rhs: Bitrate) -> Bool { lhs.bitsPerSecond < rhs.bitsPerSecond }
}
