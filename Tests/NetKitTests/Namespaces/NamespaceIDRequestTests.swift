@testable import NetKit
import Testing

/// `ip netns set` and `ip netns list-id` requests compared with what iproute2 6.1 sends, captured
/// with `strace -f -e trace=sendmsg,sendto -xx -s 4096 ip -n NS netns …` (the other namespace as
/// iproute2's file descriptor 6).
///
/// NetKit names a namespace by its own open descriptor, whatever number the process gave it: the
/// four bytes of the `NETNSA_FD` value (bytes 24..<28, the first attribute after the 4-byte
/// `rtgenmsg`) are zeroed on both sides, and NetKit's are checked separately to hold the
/// descriptor of the namespace it was given. Every other byte is compared.
@Suite("Namespace id request bytes")
struct NamespaceIDRequestTests {
    static let descriptorBytes = 24..<28

    /// `bytes` with the `NETNSA_FD` value zeroed.
    static func maskingDescriptor(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for i in descriptorBytes { bytes[i] = 0 }
        return bytes
    }

    /// NetKit's request for a real namespace, checked to carry that namespace's descriptor, with
    /// the descriptor masked.
    static func maskedRequest(_ build: (Int32) -> NetlinkRequest) throws -> [UInt8] {
        let namespace = try Namespace.initial()
        let bytes = try withExtendedLifetime(namespace) {
            let bytes = try sentBytes(build(namespace.fileDescriptor))
            #expect(Array(bytes[descriptorBytes]) == withUnsafeBytes(of: UInt32(namespace.fileDescriptor).littleEndian) { Array($0) })
            return bytes
        }
        return maskingDescriptor(bytes)
    }

    /// `auto` (a nil id) is `NETNSA_NSID` -1, `NETNSA_NSID_NOT_ASSIGNED`.
    @Test(
        "ip netns set NAME 7|auto: RTM_NEWNSID with NETNSA_FD and NETNSA_NSID",
        arguments: [(Int32?(7), #"\x07\x00\x00\x00"#), (nil, #"\xff\xff\xff\xff"#)])
    func setID(_ id: Int32?, _ capturedID: String) throws {
        let captured =
            netlinkHeader(length: 36, type: 0x58, flags: 0x5)
            + hexBytes(#"\x00\x00\x00\x00\x08\x00\x03\x00\x06\x00\x00\x00\x08\x00\x01\x00"# + capturedID)
        let request = try Self.maskedRequest { NetlinkHandle.namespaceIDRequest(id: id, fileDescriptor: $0, object: "") }
        #expect(request == Self.maskingDescriptor(captured))
    }

    /// `ip netns list` and `ip netns list-id` send this for each named namespace (iproute2's
    /// `get_netnsid_from_name`). iproute2's capture has flags `0x01`: its `rtnl_talk` asks for
    /// no ACK when it waits for an answer. NetKit sets `NLM_F_ACK` (`0x05`) on every request
    /// that is not a dump, to know where the transaction ends; the kernel's `rtnl_net_getid`
    /// answers the same `RTM_NEWNSID` either way, followed by the ACK.
    @Test("ip netns list-id, one namespace: RTM_GETNSID with NETNSA_FD")
    func lookup() throws {
        let captured =
            netlinkHeader(length: 28, type: 0x5a, flags: 0x1)
            + hexBytes(#"\x00\x00\x00\x00\x08\x00\x03\x00\x06\x00\x00\x00"#)
        var expected = Self.maskingDescriptor(captured)
        expected[6] |= 0x4
        let request = try Self.maskedRequest { NetlinkHandle.namespaceIDLookupRequest(fileDescriptor: $0, object: "") }
        #expect(request == expected)
    }

    @Test("ip netns list-id: RTM_GETNSID dump with an empty rtgenmsg")
    func dump() throws {
        let captured = netlinkHeader(length: 20, type: 0x5a, flags: 0x301) + hexBytes(#"\x00\x00\x00\x00"#)
        #expect(try sentBytes(NetlinkHandle.namespaceIDLookupRequest(), dump: true) == captured)
    }
}
