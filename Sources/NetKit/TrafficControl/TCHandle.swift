/// A traffic-control handle or parent (`tcm_handle`, `tcm_parent`): a 16-bit major and a 16-bit
/// minor number, written by `tc` in hexadecimal as `1:`, `1:10` or `ffff:`.
///
///     let root: TCHandle = "1:"          // tc qdisc add … handle 1:
///     let leaf: TCHandle = "1:10"        // tc class add … classid 1:10
///     TCHandle.root                      // tc … root (TC_H_ROOT)
///     TCHandle.ingress                   // tc … ingress / clsact (TC_H_INGRESS, ffff:fff1)
public struct TCHandle: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible,
    LosslessStringConvertible, ExpressibleByStringLiteral
{
    /// The 32-bit value the kernel stores (`major << 16 | minor`).
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `MAJOR:MINOR`, e.g. `TCHandle(major: 1, minor: 0x10)` for `1:10`.
    public init(major: UInt16, minor: UInt16) {
        rawValue = UInt32(major) << 16 | UInt32(minor)
    }

    public var major: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var minor: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// No handle (`0:`): in a request, the kernel picks one (`8001:` …).
    public static let unspecified = TCHandle(rawValue: 0)
    /// `root` (`TC_H_ROOT`): the parent of a device's root qdisc.
    public static let root = TCHandle(rawValue: 0xFFFF_FFFF)
    /// `ffff:fff1` (`TC_H_INGRESS`, `TC_H_CLSACT`): the parent of `ingress` and `clsact`.
    public static let ingress = TCHandle(rawValue: 0xFFFF_FFF1)
    /// `ffff:` — the handle `ingress` and `clsact` qdiscs have.
    public static let ingressQdisc = TCHandle(major: 0xFFFF, minor: 0)
    /// `ffff:fff2` (`tc filter add … ingress` on a `clsact` qdisc).
    public static let clsactIngress = TCHandle(rawValue: 0xFFFF_FFF2)
    /// `ffff:fff3` (`tc filter add … egress` on a `clsact` qdisc).
    public static let clsactEgress = TCHandle(rawValue: 0xFFFF_FFF3)

    /// Parses `tc`'s forms: `root`, `ingress`, `none`, `MAJOR:`, `MAJOR:MINOR` (hexadecimal).
    public init(parsing text: String) throws(NetKitError) {
        switch text {
        case "root": self = .root
        case "ingress", "clsact": self = .ingress
        case "none": self = .unspecified
        default:
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count <= 4, parts[1].count <= 4,
                let major = parts[0].isEmpty ? 0 : UInt16(parts[0], radix: 16),
                let minor = parts[1].isEmpty ? 0 : UInt16(parts[1], radix: 16)
            else {
                throw NetKitError.invalidInput(
                    "\"\(text)\" is not a tc handle; write it as tc does: MAJOR: or MAJOR:MINOR in hexadecimal (1:, 1:10, ffff:), or root",
                    operation: "parse tc handle")
            }
            self.init(major: major, minor: minor)
        }
    }

    public init?(_ description: String) { try? self.init(parsing: description) }

    /// A literal must be a valid handle; a typo stops the program at its first use.
    public init(stringLiteral value: String) {
        do { try self.init(parsing: value) } catch { preconditionFailure(error.description) }
    }

    /// `root`, or `MAJOR:` / `MAJOR:MINOR` in hexadecimal as `tc` prints it (`1:`, `1:10`, `ffff:fff1`).
    public var description: String {
        if self == .root { return "root" }
        return minor == 0 ? "\(String(major, radix: 16)):" : "\(String(major, radix: 16)):\(String(minor, radix: 16))"
    }

    public static func < (lhs: TCHandle, rhs: TCHandle) -> Bool { lhs.rawValue < rhs.rawValue }
}
