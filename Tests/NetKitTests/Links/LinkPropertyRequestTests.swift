import CNetlink
@testable import NetKit
import Testing

/// `ip link set`, `ip link property` and `ip link show dev ALT` requests compared with what
/// iproute2 6.1 sends, captured with `strace -f -e trace=sendmsg -xx -s 4096 ip -n NS …` on a
/// bridge at index 2.
@Suite("Link property request bytes")
struct LinkPropertyRequestTests {
    static func bytes(_ request: NetlinkRequest) throws -> [UInt8] {
        var request = request
        request.flags.insert(.ack)
        return try request.encoded(sequence: 0)
    }

    static func set(flags: LinkFlags = [], change: LinkFlags = [], _ attributes: (inout NetlinkRequest) -> Void = { _ in })
        -> NetlinkRequest
    {
        NetlinkHandle.linkSetRequest(index: 2, operation: "test", object: "dev br0", flags: flags, change: change, attributes)
    }

    @Test("ip link set dev br0 txqueuelen 500")
    func transmitQueueLength() throws {
        let expected =
            netlinkHeader(length: 40, type: 0x10, flags: 0x5)
            + hexBytes(
                #"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x0d\x00\xf4\x01\x00\x00"#)
        #expect(try Self.bytes(Self.set { $0.appendAttribute(IFLA.txqlen, uint32: 500) }) == expected)
    }

    @Test("ip link set dev br0 allmulticast on|off")
    func allMulticast() throws {
        let on =
            netlinkHeader(length: 32, type: 0x10, flags: 0x5)
            + hexBytes(#"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00"#)
        let off =
            netlinkHeader(length: 32, type: 0x10, flags: 0x5)
            + hexBytes(#"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00"#)
        #expect(try Self.bytes(Self.set(flags: .allMulticast, change: .allMulticast)) == on)
        #expect(try Self.bytes(Self.set(change: .allMulticast)) == off)
    }

    @Test("ip link set dev br0 arp off|on: NOARP set or cleared")
    func arp() throws {
        let off =
            netlinkHeader(length: 32, type: 0x10, flags: 0x5)
            + hexBytes(#"\x00\x00\x00\x00\x02\x00\x00\x00\x80\x00\x00\x00\x80\x00\x00\x00"#)
        let on =
            netlinkHeader(length: 32, type: 0x10, flags: 0x5)
            + hexBytes(#"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x80\x00\x00\x00"#)
        #expect(try Self.bytes(Self.set(flags: .noARP, change: .noARP)) == off)
        #expect(try Self.bytes(Self.set(change: .noARP)) == on)
    }

    static let altnameBody = hexBytes(
        #"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14\x00\x34\x80\x10\x00\x35\x00\x62\x72\x69\x64\x67\x65\x2d\x7a\x65\x72\x6f\x00"#
    )

    @Test("ip link property add|del dev br0 altname bridge-zero")
    func alternativeNames() throws {
        let add = NetlinkHandle.alternativeNameRequest(.newLinkProperty, "bridge-zero", index: 2, operation: "test", object: "")
        let del = NetlinkHandle.alternativeNameRequest(.delLinkProperty, "bridge-zero", index: 2, operation: "test", object: "")
        #expect(try Self.bytes(add) == netlinkHeader(length: 52, type: 0x6c, flags: 0xe05) + Self.altnameBody)
        #expect(try Self.bytes(del) == netlinkHeader(length: 52, type: 0x6d, flags: 0x5) + Self.altnameBody)
    }

    /// `ip link show dev bridge-zero-long-name` (21 bytes) first looks the name up
    /// (`ll_name_to_index`): this request. Its capture has flags `0x01`, as iproute2's
    /// `rtnl_talk` asks for no ACK when it waits for an answer; NetKit sets `NLM_F_ACK` on every
    /// request that is not a dump (`0x05`), and the kernel answers the same `RTM_NEWLINK` either
    /// way. For a name of up to 15 bytes iproute2 sends `IFLA_IFNAME` (type 3) in place of
    /// `IFLA_ALT_IFNAME` (type 0x35), `ip link show dev brzero` capturing
    /// `\x0b\x00\x03\x00brzero\x00\x00`; NetKit sends `IFLA_ALT_IFNAME` for every length, which
    /// the kernel's `rtnl_dev_get` resolves through the same `__dev_get_by_name`.
    @Test("ip link show dev bridge-zero-long-name: IFLA_EXT_MASK 9, then IFLA_ALT_IFNAME")
    func alternativeNameLookup() throws {
        let expected =
            netlinkHeader(length: 68, type: 0x12, flags: 0x5)
            + hexBytes(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x1d\x00\x09\x00\x00\x00\x1a\x00\x35\x00"#
                    + #"\x62\x72\x69\x64\x67\x65\x2d\x7a\x65\x72\x6f\x2d\x6c\x6f\x6e\x67\x2d\x6e\x61\x6d\x65\x00\x00\x00"#)
        #expect(try Self.bytes(NetlinkHandle.alternativeNameLookupRequest("bridge-zero-long-name")) == expected)
    }

    @Test(
        "alternative names: up to 127 bytes, none of / : or white space",
        arguments: [
            ("", false), ("a", true), (String(repeating: "x", count: 127), true), (String(repeating: "x", count: 128), false),
            ("a/b", false), ("a:b", false), ("a b", false), (".", false), ("..", false), ("node-eth0.long-name", true),
        ])
    func alternativeNameValidation(_ name: String, _ valid: Bool) {
        let result = Result { try NetlinkHandle.validateAlternativeName(name, operation: "test") }
        #expect(((try? result.get()) != nil) == valid, "\(name)")
    }

    @Test("constants match linux/if_link.h and linux/rtnetlink.h; NETNSA_* from linux/net_namespace.h")
    func constants() {
        #expect(IFLA.stats64 == UInt16(IFLA_STATS64))
        #expect(IFLA.propList == UInt16(IFLA_PROP_LIST))
        #expect(IFLA.altIfname == UInt16(IFLA_ALT_IFNAME))
        #expect(IFLA.vfFilter == UInt32(RTEXT_FILTER_VF))
        #expect(MessageType.newLinkProperty.rawValue == UInt16(RTM_NEWLINKPROP))
        #expect(MessageType.delLinkProperty.rawValue == UInt16(RTM_DELLINKPROP))
        #expect(MessageType.newNSID.rawValue == UInt16(RTM_NEWNSID) && MessageType.getNSID.rawValue == UInt16(RTM_GETNSID))
        #expect(MessageType.newLinkProperty.description == "RTM_NEWLINKPROP")
        // linux/net_namespace.h is not in CNetlink; its enum: NETNSA_NSID 1, PID 2, FD 3,
        // TARGET_NSID 4, CURRENT_NSID 5, NETNSA_NSID_NOT_ASSIGNED -1.
        #expect([NETNSA.nsid, NETNSA.pid, NETNSA.fd, NETNSA.targetNsid, NETNSA.currentNsid] == [1, 2, 3, 4, 5])
        #expect(NETNSA.notAssigned == -1)
        #expect(MemoryLayout<rtnl_link_stats64>.size >= LinkStatistics.fields.count * 8 - 8)
        #expect(MemoryLayout<rtnl_link_stats64>.offset(of: \rtnl_link_stats64.rx_nohandler) == 23 * 8)
    }
}
