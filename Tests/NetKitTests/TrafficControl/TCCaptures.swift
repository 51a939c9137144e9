import Foundation
@testable import NetKit

/// The requests `tc` (iproute2 6.1) sent for the commands of `capture-commands.txt`, captured with
/// `strace -f -e trace=sendmsg -e write=3` by `capture-tc.sh` on kernel 6.18, in a scratch
/// namespace whose veth `d0` had index 7 (`tc-captures.txt`: a command line, then its message in hex).
enum TCCaptures {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("tc-captures.txt")

    static let messages = captureFile(file, commandPrefix: "tc ")

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
    static func sent(_ request: NetlinkRequest, ack: Bool = true) throws -> [UInt8] {
        var bytes = normalized(try request.encoded(sequence: 0), ack: ack)
        if let options = TCMessageEditor.topLevel(bytes, TCA.options) { bytes[options + 3] &= 0x7F }
        return bytes
    }
}

/// A filter message rendered for comparison: `tcmsg` and `TCA_KIND` as bytes, the classifier's
/// options sorted by type, and its action list as a tree of action kinds and options. Two
/// differences between libnl and tc vanish in this form, and only these: libnl marks nested
/// attributes `NLA_F_NESTED` (tc does not; the kernel reads both alike), and libnl's u32 writes
/// `TCA_U32_SEL` before `TCA_U32_ACT` (tc after; attribute order carries no meaning).
enum FilterRendering {
    static func render(_ message: [UInt8], actionList: UInt16) -> String {
        var text = hexString(message[4..<8]) + "|" + hexString(message[16..<36])
        for (type, payload) in attributes(Array(message[36...])) {
            if type == TCA.options {
                let children = attributes(payload).sorted { $0.type < $1.type }
                text +=
                    "|options{"
                    + children.map { child in
                        child.type == actionList
                            ? "\(child.type):actions[\(actions(child.payload))]" : "\(child.type):\(hexString(child.payload))"
                    }.joined(separator: ",") + "}"
            } else {
                text += "|\(type):\(hexString(payload))"
            }
        }
        return text
    }

    private static func actions(_ payload: [UInt8]) -> String {
        attributes(payload).map { entry in
            "\(entry.type):"
                + attributes(entry.payload).map { part in
                    part.type == 2
                        ? "options{" + attributes(part.payload).map { "\($0.type):\(hexString($0.payload))" }.joined(separator: ",") + "}"
                        : "\(part.type):\(hexString(part.payload))"
                }.joined(separator: ",")
        }.joined(separator: ";")
    }

    static func attributes(_ bytes: [UInt8]) -> [(type: UInt16, payload: [UInt8])] {
        var result: [(type: UInt16, payload: [UInt8])] = []
        var offset = 0
        while offset + 4 <= bytes.count {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            guard length >= 4, offset + length <= bytes.count else { break }
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & 0x3FFF
            result.append((type, Array(bytes[(offset + 4)..<(offset + length)])))
            offset += (length + 3) & ~3
        }
        return result
    }
}
