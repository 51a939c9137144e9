/// Turns strace's `-xx` rendering of a netlink message body into bytes.
func hexBytes(_ text: String) -> [UInt8] {
    text.split(separator: "\\").compactMap { part in
        guard part.hasPrefix("x") else { return nil }
        return UInt8(part.dropFirst().prefix(2), radix: 16)
    }
}

/// A 16-byte nlmsghdr with the given fields (seq and pid 0, as the tests finalize them).
func netlinkHeader(length: Int, type: UInt16, flags: UInt16) -> [UInt8] {
    var bytes: [UInt8] = []
    for value in [UInt32(length)] { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    withUnsafeBytes(of: type.littleEndian) { bytes += $0 }
    withUnsafeBytes(of: flags.littleEndian) { bytes += $0 }
    bytes += [UInt8](repeating: 0, count: 8)
    return bytes
}
