import Foundation
@testable import NetKit

/// The `RTM_NEWLINK` requests iproute2 6.1 sent for the commands of `tunnel-commands.txt`,
/// captured with `strace -f -e trace=sendmsg -e write=3` by `capture-tunnels.sh` (on a kernel
/// without these kinds: strace records the request before the kernel refuses it), in a scratch
/// namespace whose veth `d0` had index 7 (`tunnel-captures.txt`: a command line, then its message
/// in hex).
enum TunnelCaptures {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("tunnel-captures.txt")

    static let messages = captureFile(file, commandPrefix: "ip ")

    /// The captured message for `command` as NetKit sends it: sequence number and port zeroed,
    /// and `NLA_F_NESTED` set on `IFLA_LINKINFO` and `IFLA_INFO_DATA` (iproute2 leaves the flag
    /// off; the kernel reads both alike and NetKit sets it on every nest).
    static func expected(_ command: String) -> [UInt8]? {
        guard var bytes = messages[command], bytes.count > 32 else { return nil }
        for i in 8..<16 { bytes[i] = 0 }
        func attributes(in range: Range<Int>) -> [(type: UInt16, offset: Int, end: Int)] {
            var result: [(UInt16, Int, Int)] = []
            var offset = range.lowerBound
            while range.upperBound - offset >= 4 {
                let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
                guard length >= 4, offset + length <= range.upperBound else { break }
                result.append((UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3] & 0x3F) << 8, offset, offset + length))
                offset += (length + 3) & ~3
            }
            return result
        }
        for info in attributes(in: 32..<bytes.count) where info.type == IFLA.linkinfo {
            bytes[info.offset + 3] |= 0x80
            for data in attributes(in: (info.offset + 4)..<info.end) where data.type == IFLA.Info.data {
                bytes[data.offset + 3] |= 0x80
            }
        }
        return bytes
    }

    /// What NetKit sends for `specification`: its `RTM_NEWLINK` with `NLM_F_ACK`, as the socket
    /// sends it, sequence 0.
    static func sent(_ specification: some LinkSpecification) throws -> [UInt8] {
        var request = try NetlinkHandle.createRequest(specification)
        request.flags.insert(.ack)
        return try request.encoded(sequence: 0)
    }
}
