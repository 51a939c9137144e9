import Foundation
@testable import NetKit

/// The requests `tc` (iproute2 6.1) sent for the commands of `capture-commands.txt`, captured with
/// `strace -f -e trace=sendmsg -e write=3` by `capture-tc.sh` on kernel 6.18, in a scratch
/// namespace whose veth `d0` had index 7 (`tc-captures.txt`: a command line, then its message in hex).
enum TCCaptures {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("tc-captures.txt")

    static let messages: [String: [UInt8]] = {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var result: [String: [UInt8]] = [:]
        var command = ""
        for line in text.split(separator: "\n") {
            if line.hasPrefix("tc ") {
                command = String(line)
            } else {
                let hex = line.trimmingCharacters(in: .whitespaces)
                var bytes: [UInt8] = []
                var index = hex.startIndex
                while index < hex.endIndex {
                    let next = hex.index(index, offsetBy: 2)
                    bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
                    index = next
                }
                result[command] = bytes
            }
        }
        return result
    }()

    /// The device every captured request names: index 7, Ethernet, MTU 1500.
    static let link = TCLink(index: 7, mtu: 1500, hardwareType: 1)

    /// A message with its sequence number and port zeroed, and `NLM_F_ACK` set as the socket
    /// sets it when sending.
    static func normalized(_ message: [UInt8], ack: Bool = true) -> [UInt8] {
        var bytes = message
        for i in 8..<16 { bytes[i] = 0 }
        if ack { bytes[6] |= 0x4 }
        return bytes
    }

    /// What NetKit sends for `request`, with one difference from `tc` masked: libnl marks
    /// `TCA_OPTIONS` `NLA_F_NESTED` for kinds whose options are attributes, `tc` does not; the
    /// kernel reads both alike.
    static func sent(_ request: NetlinkRequest, ack: Bool = true) -> [UInt8] {
        var bytes = normalized(request.encoded(sequence: 0), ack: ack)
        if let options = TCMessageEditor.topLevel(bytes, TCA.options) { bytes[options + 3] &= 0x7F }
        return bytes
    }
}
