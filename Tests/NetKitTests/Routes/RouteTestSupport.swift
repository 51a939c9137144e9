import Testing
@testable import NetKit

/// Bytes from a hex string (whitespace ignored), for golden messages captured from the kernel
/// and from `strace ip …`.
func routeBytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8.filter { !$0.isWhitespace })
    var bytes: [UInt8] = []
    var index = 0
    while index + 1 < digits.count {
        bytes.append(UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0)
        index += 2
    }
    return bytes
}

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { byte in
        let text = String(byte, radix: 16)
        return text.count == 1 ? "0" + text : text
    }.joined()
}

/// Parses one kernel route message (hex of a whole `nlmsghdr` + `rtmsg` + attributes).
func parseRoute(hex: String, names: [Int32: InterfaceName] = [:]) throws -> Route? {
    let bytes = routeBytes(hex: hex)
    var route: Route?
    try bytes.withUnsafeBytes { buffer in
        try NetlinkMessage.forEach(in: buffer) { message in
            route = try Route(message: message, names: names)
        }
    }
    return route
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x09 || self == 0x0D }
}
