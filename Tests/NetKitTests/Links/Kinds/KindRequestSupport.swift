@testable import NetKit
import Testing

/// The body (after the 16-byte `nlmsghdr`) of the `RTM_NEWLINK` NetKit sends for
/// `specification`, in hex, its `NLM_F_REQUEST|ACK|EXCL|CREATE` flags checked; compared with
/// `strace -f -e trace=sendmsg -e write=all -xx -s 4096 ip link add …` captures (iproute2 6.1,
/// parent `p0` at index 3). iproute2 leaves `NLA_F_NESTED` off its nests; the expected strings
/// have it set (`…80`) where NetKit sets it, as in ``LinkRequestTests``.
func linkRequestBody(_ specification: some LinkSpecification) throws -> String {
    let request = try NetlinkHandle.createRequest(specification)
    #expect(request.type == .newLink && request.flags.union(.ack).rawValue == 0x605)
    return hexString(try request.encoded(sequence: 0).dropFirst(16))
}

/// An `RTM_NEWLINK` dump entry of kind `kind` whose `IFLA_INFO_DATA` is filled in by `data`,
/// decoded by `Link(message:)`.
func decodedLink(kind: String, parentIndex: Int32? = 3, _ data: @escaping (inout NetlinkRequest) -> Void) throws -> Link {
    try LinkParsingTests.decode(
        LinkParsingTests.message(
            name: "k0",
            { request in
                if let parentIndex { request.appendAttribute(IFLA.link, int32: parentIndex) }
            }
        ) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: kind)
            info.nested(IFLA.Info.data, data)
        })
}
