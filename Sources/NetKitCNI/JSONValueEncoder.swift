/// `Encodable` values to a ``JSONValue``: the Foundation-free counterpart of `JSONEncoder`.
/// Containers write into shared nodes, so nested containers can be filled in any order.
final class JSONValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private let node: Node

    /// A value under construction.
    final class Node {
        enum Content {
            case value(JSONValue)
            case object([String: Node])
            case array([Node])
        }
        var content: Content = .value(.null)

        var json: JSONValue {
            switch content {
            case .value(let value): value
            case .object(let members): .object(members.mapValues(\.json))
            case .array(let elements): .array(elements.map(\.json))
            }
        }

        func member(_ key: String) -> Node {
            var members: [String: Node] = [:]
            if case .object(let existing) = content { members = existing }
            if let node = members[key] { return node }
            let node = Node()
            members[key] = node
            content = .object(members)
            return node
        }

        func append() -> Node {
            var elements: [Node] = []
            if case .array(let existing) = content { elements = existing }
            let node = Node()
            elements.append(node)
            content = .array(elements)
            return node
        }

        var count: Int {
            if case .array(let elements) = content { return elements.count }
            return 0
        }
    }

    init(node: Node = Node(), codingPath: [any CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// `value` as a ``JSONValue``.
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        let encoder = JSONValueEncoder()
        try value.encode(to: encoder)
        return encoder.node.json
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        Single(node: node, codingPath: codingPath)
    }

    fileprivate static func put<T: Encodable>(_ value: T, into node: Node, _ path: [any CodingKey]) throws {
        if let json = value as? JSONValue {
            node.content = .value(json)
        } else {
            try value.encode(to: JSONValueEncoder(node: node, codingPath: path))
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .value(.null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue).content = .value(.bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { node.member(key.stringValue).content = .value(.string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { node.member(key.stringValue).content = .value(.number(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { node.member(key.stringValue).content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { node.member(key.stringValue).content = .value(.integer(value)) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.integer(Int64(value)))
        }
        mutating func encode(_ value: UInt8, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.integer(Int64(value)))
        }
        mutating func encode(_ value: UInt16, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.integer(Int64(value)))
        }
        mutating func encode(_ value: Int8, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.integer(Int64(value)))
        }
        mutating func encode(_ value: Int16, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.integer(Int64(value)))
        }
        mutating func encode(_ value: Int32, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.integer(Int64(value)))
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(.number(Double(value)))
        }
        mutating func encode(_ value: UInt64, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value)))
        }
        mutating func encode(_ value: UInt, forKey key: Key) throws {
            node.member(key.stringValue).content = .value(Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value)))
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try JSONValueEncoder.put(value, into: node.member(key.stringValue), codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
            NestedKey
        > {
            JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { JSONValueEncoder(node: node.member("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            JSONValueEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
        }
    }

    private struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.count }

        mutating func encodeNil() throws { node.append().content = .value(.null) }
        mutating func encode(_ value: Bool) throws { node.append().content = .value(.bool(value)) }
        mutating func encode(_ value: String) throws { node.append().content = .value(.string(value)) }
        mutating func encode(_ value: Double) throws { node.append().content = .value(.number(value)) }
        mutating func encode(_ value: Int) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { node.append().content = .value(.integer(value)) }
        mutating func encode(_ value: Float) throws { node.append().content = .value(.number(Double(value))) }
        mutating func encode(_ value: Int8) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt8) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt16) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt32) throws { node.append().content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt64) throws {
            node.append().content = .value(Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value)))
        }
        mutating func encode(_ value: UInt) throws {
            node.append().content = .value(Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value)))
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            let path = codingPath + [IndexKey(count)]
            try JSONValueEncoder.put(value, into: node.append(), path)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            JSONValueEncoder(node: node.append(), codingPath: codingPath + [IndexKey(count)]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            JSONValueEncoder(node: node.append(), codingPath: codingPath + [IndexKey(count)]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { JSONValueEncoder(node: node.append(), codingPath: codingPath) }
    }

    private struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = .value(.null) }
        mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
        mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
        mutating func encode(_ value: Double) throws { node.content = .value(.number(value)) }
        mutating func encode(_ value: Float) throws { node.content = .value(.number(Double(value))) }
        mutating func encode(_ value: Int) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int8) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int16) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int32) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) throws { node.content = .value(.integer(value)) }
        mutating func encode(_ value: UInt8) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt16) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt32) throws { node.content = .value(.integer(Int64(value))) }
        mutating func encode(_ value: UInt64) throws {
            node.content = .value(Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value)))
        }
        mutating func encode(_ value: UInt) throws {
            node.content = .value(Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value)))
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try JSONValueEncoder.put(value, into: node, codingPath)
        }
    }
}
