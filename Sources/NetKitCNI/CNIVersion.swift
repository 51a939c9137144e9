/// A version of the CNI specification, `MAJOR.MINOR.PATCH` as the `cniVersion` field carries it.
///
/// Plugins compare versions to decide what a request may do: `CHECK` exists from 0.4.0,
/// `STATUS` and `GC` from 1.1.0, results before 1.0.0 carry a `version` in each IP, and results
/// before 0.3.0 have the legacy shape (``CNILegacyResult``: `ip4`, `ip6`, `dns`).
public struct CNIVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `1.0.0`; nil unless there are exactly three decimal numbers.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.count <= 9, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        self.init(numbers[0], numbers[1], numbers[2])
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: CNIVersion, rhs: CNIVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = CNIVersion(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "\"\(text)\" is not a CNI version such as 1.0.0"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static let v0_1_0 = CNIVersion(0, 1, 0)
    public static let v0_2_0 = CNIVersion(0, 2, 0)
    public static let v0_3_0 = CNIVersion(0, 3, 0)
    public static let v0_3_1 = CNIVersion(0, 3, 1)
    public static let v0_4_0 = CNIVersion(0, 4, 0)
    public static let v1_0_0 = CNIVersion(1, 0, 0)
    public static let v1_1_0 = CNIVersion(1, 1, 0)

    /// The newest specification this library implements.
    public static let latest = v1_1_0

    /// Every version whose result format this library writes: 0.1.0 to 1.1.0, the list the
    /// reference plugins answer `VERSION` with (0.1.0 and 0.2.0 in the legacy shape).
    public static let supported: [CNIVersion] = [v0_1_0, v0_2_0, v0_3_0, v0_3_1, v0_4_0, v1_0_0, v1_1_0]

    /// The version of a network configuration without `cniVersion` or with an empty one, as
    /// libcni and the reference plugins read it.
    public static let unspecified = v0_1_0

    /// The first version with `CHECK` and `prevResult` on `DEL`.
    public static let firstWithCheck = v0_4_0
    /// The first version with `STATUS` and `GC`.
    public static let firstWithStatusAndGC = v1_1_0

    /// Results of versions before 1.0.0 name each IP's family (`"version": "4"`).
    public var resultsCarryIPVersion: Bool { self < .v1_0_0 }

    /// Results of 0.1.0 and 0.2.0 have one address per family (`ip4`, `ip6`), no interfaces.
    public var usesLegacyResult: Bool { self < .v0_3_0 }
}
