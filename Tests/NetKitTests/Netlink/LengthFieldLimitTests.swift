@testable import NetKit
import Testing

/// A netlink attribute's length is a 16-bit field (`nla_len`), a message's a 32-bit one
/// (`nlmsg_len`). A request that does not fit must be refused before it is sent: a wrapped
/// length makes the kernel read the rest of the attribute as top-level attributes.
@Suite("Netlink: an attribute or message longer than its length field is refused")
struct LengthFieldLimitTests {
    /// One IPv4 next hop in RTA_MULTIPATH: an 8-byte `rtnexthop` and an 8-byte `RTA_GATEWAY`.
    static let ipv4HopBytes = 16

    private func multipathRequest(hops: Int) throws -> NetlinkRequest {
        let nextHops = try (0..<hops).map { (i: Int) throws(NetKitError) -> NextHop in
            try NextHop(via: .v4(IPv4Address(rawValue: 0x0A00_0000 | UInt32(i + 1))), dev: "d0")
        }
        let route = try Route("10.200.0.0/16", nextHops: nextHops)
        return try route.request(.add) { (_: InterfaceName) throws(NetKitError) -> Int32 in 3 }
    }

    /// The length field of the last top-level attribute (RTA_MULTIPATH is written last), and its real size.
    private func multipathLength(_ bytes: [UInt8], hops: Int) -> (field: Int, real: Int) {
        let real = 4 + hops * Self.ipv4HopBytes
        let offset = bytes.count - real
        return (Int(bytes[offset]) | Int(bytes[offset + 1]) << 8, real)
    }

    @Test("4,095 IPv4 next hops fit RTA_MULTIPATH's 16-bit length (65,524 bytes)")
    func largestMultipathFits() throws {
        let request = try multipathRequest(hops: 4095)
        let bytes = try request.encoded(sequence: 1)
        let length = multipathLength(bytes, hops: 4095)
        #expect(length.real == 65_524)
        #expect(length.field == length.real)
    }

    @Test("4,096 IPv4 next hops (65,540 bytes) are refused with invalidInput, not sent with a wrapped length")
    func oversizedMultipathRefused() throws {
        let request = try multipathRequest(hops: 4096)
        do {
            let bytes = try request.encoded(sequence: 1)
            let length = multipathLength(bytes, hops: 4096)
            Issue.record("encoded: RTA_MULTIPATH of \(length.real) bytes carries length field \(length.field)")
        } catch let error as NetKitError {
            guard case .invalidInput(let why) = error.reason else { Issue.record("\(error)"); return }
            #expect(why.contains("65540"), "\(why)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("a nested attribute longer than 65,535 bytes is refused")
    func oversizedNestedRefused() {
        var request = NetlinkRequest(.newLink, flags: [], operation: "ip link add")
        request.nested(IFLA.linkinfo) { info in
            for _ in 0..<40 { info.appendAttribute(IFLA.Info.kind, bytes: [UInt8](repeating: 0x61, count: 2000)) }
        }
        #expect(throws: NetKitError.self) { _ = try request.encoded(sequence: 1) }
    }
}
