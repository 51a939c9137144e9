/// A netlink attribute decoded by the tests themselves, independently of NetKit's parser, so a
/// request's layout is checked by a second reader.
struct TLV {
    var type: UInt16
    var value: [UInt8]

    /// The attributes of `bytes`, in order (stops at a truncated one).
    static func parse(_ bytes: some Collection<UInt8>) -> [TLV] {
        let bytes = Array(bytes)
        var result: [TLV] = []
        var offset = 0
        while bytes.count - offset >= 4 {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & 0x3FFF
            guard length >= 4, length <= bytes.count - offset else { break }
            result.append(TLV(type: type, value: Array(bytes[(offset + 4)..<(offset + length)])))
            offset += (length + 3) & ~3
        }
        return result
    }

    /// The attributes of an encoded `RTM_*LINK` request: after the 16-byte `nlmsghdr` and the
    /// 16-byte `ifinfomsg`.
    static func linkRequest(_ bytes: [UInt8]) -> [TLV] { parse(bytes.dropFirst(32)) }

    var nested: [TLV] { TLV.parse(value) }
    var uint32: UInt32? {
        value.count >= 4 ? value[0..<4].reversed().reduce(0) { $0 << 8 | UInt32($1) } : nil
    }
    var string: String { String(decoding: value.prefix { $0 != 0 }, as: UTF8.self) }
}

extension [TLV] {
    /// The first attribute of `type`.
    func first(_ type: UInt16) -> TLV? { first { $0.type == type } }
}
