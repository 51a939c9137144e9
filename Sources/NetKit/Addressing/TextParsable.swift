/// A value with one strict text form — the one iproute2 prints — that ``init(parsing:)`` reads
/// back with a typed error saying what is wrong.
///
/// The protocol supplies what follows from that: the failable `init?(_:)` of
/// `LosslessStringConvertible`, `Codable` as the text form (a bad value in a configuration file
/// is reported with the parser's message), and, for types that are string literals, a literal
/// initializer that traps on an invalid literal (a programming error in source, never input).
public protocol TextParsable: LosslessStringConvertible, Codable {
    /// Parses the text form, throwing `.invalidInput` that quotes the input and says what is wrong.
    init(parsing string: String) throws(NetKitError)
}

extension TextParsable {
    /// Parses `description`; nil where ``init(parsing:)`` would throw.
    public init?(_ description: String) {
        try? self.init(parsing: description)
    }

    /// Decodes the text form, validating it.
    public init(from decoder: any Decoder) throws {
        try self.init(textFrom: decoder)
    }

    /// Encodes the text form (`description`).
    public func encode(to encoder: any Encoder) throws {
        try encodeText(to: encoder)
    }

    /// The text-form decoding, for types whose `RawRepresentable` or enum conformance would
    /// otherwise bring the standard library's more specific `Codable` (the raw number, or the
    /// case name): they forward their `init(from:)` here.
    init(textFrom decoder: any Decoder) throws {
        self = try decoder.decodeAddressString(Self.init(parsing:))
    }

    func encodeText(to encoder: any Encoder) throws {
        try encoder.encodeAddressString(description)
    }
}

extension TextParsable where Self: ExpressibleByStringLiteral, StringLiteralType == String {
    /// A literal such as `"10.0.0.1"`; an invalid literal is a programming error and traps.
    public init(stringLiteral value: String) {
        do {
            try self.init(parsing: value)
        } catch {
            fatalError("invalid \(Self.self) literal \"\(value)\": \(error)")
        }
    }
}
