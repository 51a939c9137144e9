@testable import NetKit

/// `request` as NetKit's socket sends it: with `NLM_F_ACK` added and sequence 0, for comparing
/// with the bytes iproute2 sends.
func sentBytes(_ request: NetlinkRequest) throws -> [UInt8] {
    var message = request
    message.flags.insert(.ack)
    return try message.encoded(sequence: 0)
}

/// Encodes `request` as if the kernel had sent it and decodes each message with `parse` (the
/// address, neighbour and rule parsers), so parsing is tested without privilege.
func decodeEach<T>(_ request: NetlinkRequest, _ parse: (NetlinkMessage) throws -> T?) throws -> [T?] {
    var results: [T?] = []
    try request.encoded(sequence: 1).withUnsafeBytes { buffer in
        try NetlinkMessage.forEach(in: buffer) { results.append(try parse($0)) }
    }
    return results
}
