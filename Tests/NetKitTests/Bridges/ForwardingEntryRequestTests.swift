@testable import NetKit
import Testing

/// `bridge fdb` requests compared with what iproute2 6.1 sends, captured with `strace -f -e
/// trace=sendmsg -xx -s 4096 bridge -n NS fdb …` (vxlan device at index 3, bridge port p1 at
/// index 6), and vxlan entries decoded as `bridge fdb show` receives them.
@Suite("Forwarding entry request bytes")
struct ForwardingEntryRequestTests {
    static func bytes(_ request: ForwardingEntryRequest, _ type: MessageType, _ flags: MessageFlags, index: Int32 = 3) throws -> [UInt8] {
        var message = request.encode(type, flags: flags, index: index, operation: "test")
        message.flags.insert(.ack)
        return try message.encoded(sequence: 0)
    }

    static func vxlan(
        _ mac: MACAddress, _ destination: IPAddress?, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind? = .permanent
    ) -> ForwardingEntryRequest {
        ForwardingEntryRequest(mac: mac, dev: "vx0", isSelf: true, kind: kind, destination: destination, destinationPort: port, vni: vni)
    }

    static let header = #"\x07\x00\x00\x00\x03\x00\x00\x00\xc0\x00\x02\x00\x0a\x00\x02\x00"#

    @Test("bridge fdb append 00:00:00:00:00:00 dst 10.0.0.2 dev vx0 self")
    func append() throws {
        let expected =
            netlinkHeader(length: 48, type: 0x1c, flags: 0xc05)
            + hexBytes(Self.header + #"\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x02"#)
        #expect(try Self.bytes(Self.vxlan("00:00:00:00:00:00", "10.0.0.2"), .newNeighbour, [.create, .append]) == expected)
    }

    /// A batch's remote becomes the request `bridge fdb append … self` sends, byte for byte.
    @Test("ForwardingRemote: the same request and words as bridge fdb … self")
    func remoteRequest() throws {
        let remote = ForwardingRemote("00:00:00:00:00:00", destination: "10.0.0.2")
        let expected =
            netlinkHeader(length: 48, type: 0x1c, flags: 0xc05)
            + hexBytes(Self.header + #"\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x02"#)
        #expect(try Self.bytes(remote.request(dev: "vx0", kind: .permanent), .newNeighbour, [.create, .append]) == expected)
        #expect(remote.description == "00:00:00:00:00:00 dst 10.0.0.2")
        let full = ForwardingRemote("02:00:00:00:00:06", destination: "10.0.0.4", port: 8472, vni: 43)
        #expect(full.description == "02:00:00:00:00:06 dst 10.0.0.4 port 8472 vni 43")
        #expect(full.request(dev: "vx0", kind: nil) == Self.vxlan("02:00:00:00:00:06", "10.0.0.4", port: 8472, vni: 43, kind: nil))
    }

    @Test("bridge fdb add 02:00:00:00:00:06 dst 10.0.0.4 port 8472 vni 43 dev vx0 self permanent")
    func addWithPortAndVNI() throws {
        let expected =
            netlinkHeader(length: 64, type: 0x1c, flags: 0x605)
            + hexBytes(
                Self.header
                    + #"\x02\x00\x00\x00\x00\x06\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x04\x06\x00\x06\x00\x21\x18\x00\x00\x08\x00\x07\x00\x2b\x00\x00\x00"#
            )
        #expect(
            try Self.bytes(Self.vxlan("02:00:00:00:00:06", "10.0.0.4", port: 8472, vni: 43), .newNeighbour, [.create, .exclusive])
                == expected)
    }

    @Test("bridge fdb add 02:00:00:00:00:07 dst 2001:db8::1 dev vx0 self")
    func addIPv6() throws {
        let expected =
            netlinkHeader(length: 60, type: 0x1c, flags: 0x605)
            + hexBytes(
                Self.header
                    + #"\x02\x00\x00\x00\x00\x07\x00\x00\x14\x00\x01\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"#)
        #expect(try Self.bytes(Self.vxlan("02:00:00:00:00:07", "2001:db8::1"), .newNeighbour, [.create, .exclusive]) == expected)
    }

    @Test("bridge fdb replace 02:00:00:00:00:05 dst 10.0.0.9 dev vx0 self permanent")
    func replace() throws {
        let expected =
            netlinkHeader(length: 48, type: 0x1c, flags: 0x505)
            + hexBytes(Self.header + #"\x02\x00\x00\x00\x00\x05\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x09"#)
        #expect(try Self.bytes(Self.vxlan("02:00:00:00:00:05", "10.0.0.9"), .newNeighbour, [.create, .replace]) == expected)
    }

    @Test("bridge fdb del 00:00:00:00:00:00 dst 10.0.0.2 dev vx0 self")
    func delete() throws {
        let expected =
            netlinkHeader(length: 48, type: 0x1d, flags: 0x5)
            + hexBytes(Self.header + #"\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x02"#)
        #expect(try Self.bytes(Self.vxlan("00:00:00:00:00:00", "10.0.0.2", kind: nil), .delNeighbour, []) == expected)
    }

    @Test("bridge fdb add|del MAC dev p1 master static|permanent")
    func master() throws {
        func entry(_ kind: ForwardingEntryKind?, _ last: UInt8) -> ForwardingEntryRequest {
            ForwardingEntryRequest(mac: MACAddress(bytes: [2, 0, 0, 0, 0xaa, last])!, dev: "p1", isSelf: false, kind: kind)
        }
        let body = #"\x07\x00\x00\x00\x06\x00\x00\x00"#
        #expect(
            try Self.bytes(entry(.static, 1), .newNeighbour, [.create, .exclusive], index: 6) == netlinkHeader(
                length: 40, type: 0x1c, flags: 0x605)
                + hexBytes(body + #"\x42\x00\x04\x00\x0a\x00\x02\x00\x02\x00\x00\x00\xaa\x01\x00\x00"#))
        #expect(
            try Self.bytes(entry(.permanent, 2), .newNeighbour, [.create, .exclusive], index: 6) == netlinkHeader(
                length: 40, type: 0x1c, flags: 0x605)
                + hexBytes(body + #"\xc0\x00\x04\x00\x0a\x00\x02\x00\x02\x00\x00\x00\xaa\x02\x00\x00"#))
        #expect(
            try Self.bytes(entry(nil, 1), .delNeighbour, [], index: 6) == netlinkHeader(length: 40, type: 0x1d, flags: 0x5)
                + hexBytes(body + #"\xc0\x00\x04\x00\x0a\x00\x02\x00\x02\x00\x00\x00\xaa\x01\x00\x00"#))
    }

    /// Both dumps captured in a namespace whose bridge br0 had index 2 and vxlan0 index 3.
    /// `bridge fdb show dev` puts the device in `ndm_ifindex` with no attribute; the kernel's
    /// `valid_fdb_dump_strict` filters by it as by `NDA_IFINDEX`.
    @Test("bridge fdb show dev vxlan0 | br br0: RTM_GETNEIGH dumps, the device in ndm_ifindex, the bridge in NDA_MASTER")
    func dumps() throws {
        let dev = netlinkHeader(length: 28, type: 0x1e, flags: 0x301) + hexBytes(#"\x07\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00"#)
        let bridge =
            netlinkHeader(length: 36, type: 0x1e, flags: 0x301)
            + hexBytes(#"\x07\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x09\x00\x02\x00\x00\x00"#)
        #expect(try sentBytes(NetlinkHandle.forwardingDumpRequest(port: 3, object: ""), dump: true) == dev)
        #expect(try sentBytes(NetlinkHandle.forwardingDumpRequest(bridge: 2, object: ""), dump: true) == bridge)
    }

    @Test("a VNI wider than 24 bits and VLAN 0 are refused before sending")
    func validation() {
        #expect(throws: NetKitError.self) { try Self.vxlan("02:00:00:00:00:01", "10.0.0.1", vni: 1 << 24).validate(operation: "test") }
        #expect(throws: NetKitError.self) {
            try ForwardingEntryRequest(mac: "02:00:00:00:00:01", dev: "p1", isSelf: false, kind: .static, vlan: 0).validate(
                operation: "test")
        }
        #expect(throws: Never.self) { try Self.vxlan("02:00:00:00:00:01", "10.0.0.1", vni: (1 << 24) - 1).validate(operation: "test") }
    }

    @Test("a vxlan entry read back: dst, port, vni, via, printed in bridge fdb show's order")
    func decodeVXLANEntry() throws {
        var message = NetlinkRequest(.newNeighbour, flags: [], operation: "test")
        message.appendHeader(NeighbourHeader(family: BridgeFDB.family, index: 3, state: 0xc0, flags: BridgeFDB.flagSelf))
        message.appendAttribute(NDA.linkLayerAddress, bytes: [2, 0, 0, 0, 0, 6])
        message.appendAttribute(NDA.destination, bytes: [10, 0, 0, 4])
        message.appendAttribute(NDA.port, uint16BigEndian: 8472)
        message.appendAttribute(NDA.vni, uint32: 43)
        message.appendAttribute(NDA.ifindex, uint32: 1)
        let entry = try #require(try ForwardingDatabaseEntryTests.decode(message, names: [1: "lo", 3: "vx0"]))
        #expect(entry.destination == "10.0.0.4" && entry.destinationPort == 8472 && entry.vni == 43)
        #expect(entry.viaIndex == 1 && entry.viaName == "lo" && entry.isSelf && entry.kind == .local)
        #expect(entry.description == "02:00:00:00:00:06 dev vx0 dst 10.0.0.4 port 8472 vni 43 via lo self permanent")
    }
}
