/// Any JSON value: what the spec leaves open (`args`, `runtimeConfig`, `capabilities`, a
/// plugin's own keys) is kept as one of these, so a plugin can pass it through unchanged.
public enum JSONValue: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    case null
    case bool(Bool)
    /// A number without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public init(stringLiteral value: String) { self = .string(value) }

    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Compact JSON text, keys sorted.
    public var description: String {
        (try? CNIJSON.text(self, pretty: false)) ?? "<unencodable JSON>"
    }
}

/// The JSON coding every NetKit CNI type uses: strict RFC 8259 parsing, keys written sorted,
/// `/` not escaped (`/run/netns/x` reads as written), and a decoding failure described in one
/// sentence naming the key path. No Foundation: a plugin process starts faster without it
/// (`Documentation/Performance.md` has the measurement).
public enum CNIJSON {
    /// Decodes `type` from `bytes`; a failure is a ``CNIError`` with code 6 (decoding failure)
    /// whose details name the offending key path or the syntax error's line and column.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], what: String) throws(CNIError) -> T {
        do {
            let value = try JSONParser.parse(bytes)
            return try JSONValueDecoder.decode(type, from: value, [])
        } catch {
            throw CNIError(.decodingFailure, "could not decode \(what)", details: describe(error))
        }
    }

    /// Parses JSON text into a ``JSONValue``.
    public static func parse(_ bytes: [UInt8]) throws(CNIError) -> JSONValue {
        try decode(JSONValue.self, from: bytes, what: "JSON")
    }

    /// `value` as JSON bytes: indented by two spaces when `pretty` (runtimes accept either),
    /// keys sorted so the output is deterministic.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> [UInt8] {
        JSONWriter.write(try JSONValueEncoder.encode(value), pretty: pretty)
    }

    static func text<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        String(decoding: try encode(value, pretty: pretty), as: UTF8.self)
    }

    /// One line for a decoding failure: what was wrong and where (`ipam.ranges[0][0].subnet`).
    public static func describe(_ error: any Error) -> String {
        if let error = error as? JSONParser.SyntaxError { return "not valid JSON: \(error)" }
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type)), \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(describe(type)), found nothing"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required key is missing"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt.Type, is Int64.Type, is UInt64.Type, is UInt32.Type, is Int32.Type, is UInt16.Type, is UInt8.Type:
            "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is [JSONValue].Type: "an array"
        default: "an object"
        }
    }
}
