/// Parses `NLMSG_ERROR`: a negative errno (0 for an ACK), the echoed request header, and — with
/// `NETLINK_EXT_ACK` — TLVs carrying the kernel's message (`NLMSGERR_ATTR_MSG`).
/// The errno a reply carries as a negative number; `Int32.min` (which has no positive
/// counterpart, and only a broken peer would send) saturates instead of trapping.
func replyErrno(_ code: Int32) -> Errno {
    Errno(rawValue: code == .min ? .max : abs(code))
}

enum NetlinkErrorReply {
    static let messageAttribute: UInt16 = 1  // NLMSGERR_ATTR_MSG

    /// `nil` for an ACK (error 0), otherwise the kernel's error with its extended-ack text.
    static func parse(_ message: NetlinkMessage) throws -> NetKitError? {
        let payload = message.payload
        guard payload.count >= 4 + NetlinkRequest.headerSize else {
            throw NetKitError(.malformedMessage("NLMSG_ERROR of \(payload.count) bytes"), operation: "netlink receive")
        }
        let code = payload.loadUnaligned(as: Int32.self)
        guard code != 0 else { return nil }
        var kernelMessage: String?
        if message.flags.contains(.ackTLVs) {
            var offset = 4 + NetlinkRequest.headerSize
            if !message.flags.contains(.capped) {
                let originalLength = Int(payload.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                offset = 4 + ((originalLength + 3) & ~3)
            }
            if offset < payload.count {
                let tlvs = NetlinkAttributes(UnsafeRawBufferPointer(rebasing: payload[offset...]))
                kernelMessage = tlvs.first { $0.type == messageAttribute }?.string
            }
        }
        let errno = replyErrno(code)
        return NetKitError(
            .kernel(errno), operation: "", kernelMessage: kernelMessage,
            hint: CapabilityHint.forPermissionDenied(errno))
    }
}
