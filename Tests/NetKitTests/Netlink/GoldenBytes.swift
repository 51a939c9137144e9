import Foundation
@testable import NetKit

/// A golden capture file (`tc-captures.txt`, `tunnel-captures.txt`): a line starting with
/// `commandPrefix` names a command, the indented line after it holds its message in hex.
func captureFile(_ file: URL, commandPrefix: String) -> [String: [UInt8]] {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
    var result: [String: [UInt8]] = [:]
    var command = ""
    for line in text.split(separator: "\n") {
        if line.hasPrefix(commandPrefix) {
            command = String(line)
        } else {
            let hex = Array(line.trimmingCharacters(in: .whitespaces).utf8)
            result[command] = stride(from: 0, to: hex.count - 1, by: 2).compactMap {
                UInt8(String(decoding: hex[$0...($0 + 1)], as: UTF8.self), radix: 16)
            }
        }
    }
    return result
}

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

/// `request` as the socket sends it, sequence number and port 0: with `NLM_F_DUMP` for a dump,
/// else with `NLM_F_ACK`.
func sentBytes(_ request: NetlinkRequest, dump: Bool = false) throws -> [UInt8] {
    var request = request
    request.flags.insert(dump ? .dump : .ack)
    return try request.encoded(sequence: 0)
}
