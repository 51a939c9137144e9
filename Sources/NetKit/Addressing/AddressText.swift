/// Shared pieces of the address parsers, so every type rejects input the same way and every
/// message quotes the input the same way.
enum AddressText {
    /// What is wrong with a piece of text, phrased to follow the quoted input (`": octet 300 is
    /// out of range 0–255"` or `" is empty"`). Parsers throw it so that a caller embedding one
    /// syntax in another (an IPv4 address inside an IPv6 address or a prefix) can quote the whole
    /// input rather than the fragment.
    struct Problem: Error {
        var text: String
        init(_ clause: String) { text = ": " + clause }
        init(phrase: String) { text = " " + phrase }

        func error(input: String, operation: NetKitError.Operation) -> NetKitError {
            .invalidInput(AddressText.quote(input) + text, operation: operation, object: input)
        }
    }

    /// The input in double quotes with invisible characters escaped, so that a stray tab or
    /// no-break space shows up in the message instead of hiding in it.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case " ": out += " "
            default:
                if isInvisible(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
            .surrogate, .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }

    /// One character of the input for a message, e.g. `'g'`.
    static func quoteCharacter(_ character: Character) -> String {
        let inner = quote(String(character)).dropFirst().dropLast()
        return "'" + inner + "'"
    }

    /// Whitespace anywhere is an error in every address syntax; saying where it is beats
    /// reporting a confusing downstream failure such as "octet \"4 \" is not a number".
    static func checkNoWhitespace(_ text: String) throws(Problem) {
        let characters = Array(text)
        guard let index = characters.firstIndex(where: { $0.isWhitespace }) else { return }
        let what = quoteCharacter(characters[index])
        if index == 0 {
            throw Problem("leading whitespace (\(what)) is not allowed")
        } else if characters[index...].allSatisfy({ $0.isWhitespace }) {
            throw Problem("trailing whitespace (\(what)) is not allowed")
        } else {
            throw Problem("whitespace (\(what)) is not allowed inside an address")
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Text for a message from bytes the parser split on ASCII separators (so never mid-character).
    static func string(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The first character of `bytes` for which `isAllowed` fails, for "contains 'x'" messages.
    static func firstCharacter(in bytes: some Collection<UInt8>, notMatching isAllowed: (UInt8) -> Bool) -> String {
        for character in string(bytes) where !character.utf8.allSatisfy(isAllowed) {
            return quoteCharacter(character)
        }
        return "an unexpected character"
    }

    /// A decimal number written without sign, leading zeros (`0` itself is fine) or anything
    /// else; nil when the text is not one. Values above `limit` come back as `limit + 1` so that
    /// a thousand digits cannot overflow.
    static func strictDecimal(_ bytes: some Collection<UInt8>, limit: Int) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return nil }
        var value = 0
        for byte in bytes {
            value = value * 10 + Int(byte - 0x30)
            if value > limit { return limit + 1 }
        }
        return value
    }

    static func hasLeadingZero(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count > 1 && bytes.first == 0x30
    }
}

extension Decoder {
    /// Decodes an address type from its string form, reporting the parser's message as the
    /// decoding error so that a bad configuration file says what is wrong with the value.
    func decodeAddressString<T>(
        _ parse: (String) throws(NetKitError) -> T
    ) throws -> T {
        let container = try singleValueContainer()
        let text = try container.decode(String.self)
        do {
            return try parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: error.description)
        }
    }
}

extension Encoder {
    func encodeAddressString(_ text: String) throws {
        var container = singleValueContainer()
        try container.encode(text)
    }
}
