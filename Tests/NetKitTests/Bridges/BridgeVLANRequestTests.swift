@testable import NetKit
import Testing

/// Bridge VLAN requests compared with what iproute2 6.1 sends, captured with
/// `strace -e trace=sendmsg,sendto -s 4096 -xx bridge -n NS vlan add …` and
/// `… ip -n NS link set br0 type bridge …` (br0 has index 2, its port p1 index 4; strace shows the
/// bytes even where the kernel refuses them). As in ``LinkRequestTests``, iproute2 leaves
/// `NLA_F_NESTED` off its nests and NetKit sets it: the captures below have that one bit
/// (0x80 in the type's high byte) set on each nest.
@Suite("Bridge VLAN request bytes")
struct BridgeVLANRequestTests {
    static let p1: Int32 = 4
    static let br0: Int32 = 2

    func encoded(_ type: MessageType, _ vlan: BridgeVLAN, index: Int32 = p1, target: BridgeVLANTarget? = nil) throws -> [UInt8] {
        var request = try NetlinkHandle.bridgeVLANRequest(type, vlan, index: index, target: target, operation: "bridge vlan", object: "")
        request.flags.insert(.ack)
        return try request.encoded(sequence: 0)
    }

    @Test("bridge vlan add vid 10 dev p1")
    func addSingle() throws {
        #expect(
            try encoded(.setLink, BridgeVLAN(10)) == netlinkHeader(length: 44, type: 0x13, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x1a\x80\x08\x00\x02\x00\x00\x00\x0a\x00"#))
    }

    @Test("bridge vlan add vid 10 pvid untagged dev p1")
    func addPVIDUntagged() throws {
        #expect(
            try encoded(.setLink, BridgeVLAN(10, pvid: true, untagged: true)) == netlinkHeader(length: 44, type: 0x13, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x1a\x80\x08\x00\x02\x00\x06\x00\x0a\x00"#))
    }

    @Test("bridge vlan add vid 20-30 dev p1: a RANGE_BEGIN and a RANGE_END entry")
    func addRange() throws {
        #expect(
            try encoded(.setLink, BridgeVLAN(ids: 20...30)) == netlinkHeader(length: 52, type: 0x13, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14\x00\x1a\x80\x08\x00\x02\x00\x08\x00\x14\x00\x08\x00\x02\x00\x10\x00\x1e\x00"#
                ))
    }

    @Test("bridge vlan add vid 10 dev br0 self: IFLA_BRIDGE_FLAGS = BRIDGE_FLAGS_SELF")
    func addSelf() throws {
        #expect(
            try encoded(.setLink, BridgeVLAN(10), index: Self.br0, target: .device) == netlinkHeader(length: 52, type: 0x13, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14\x00\x1a\x80\x06\x00\x00\x00\x02\x00\x00\x00\x08\x00\x02\x00\x00\x00\x0a\x00"#
                ))
    }

    @Test("bridge vlan add vid 10 dev p1 master: IFLA_BRIDGE_FLAGS = BRIDGE_FLAGS_MASTER")
    func addMaster() throws {
        #expect(
            try encoded(.setLink, BridgeVLAN(10), target: .master) == netlinkHeader(length: 52, type: 0x13, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14\x00\x1a\x80\x06\x00\x00\x00\x01\x00\x00\x00\x08\x00\x02\x00\x00\x00\x0a\x00"#
                ))
    }

    @Test("bridge vlan del vid 1 dev p1 and vid 20-30: RTM_DELLINK with the same AF_SPEC")
    func delete() throws {
        #expect(
            try encoded(.delLink, BridgeVLAN(1)) == netlinkHeader(length: 44, type: 0x11, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x1a\x80\x08\x00\x02\x00\x00\x00\x01\x00"#))
        #expect(
            try encoded(.delLink, BridgeVLAN(ids: 20...30)) == netlinkHeader(length: 52, type: 0x11, flags: 0x05)
                + hexBytes(
                    #"\x07\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14\x00\x1a\x80\x08\x00\x02\x00\x08\x00\x14\x00\x08\x00\x02\x00\x10\x00\x1e\x00"#
                ))
    }

    @Test("bridge vlan show: an AF_BRIDGE RTM_GETLINK dump with RTEXT_FILTER_BRVLAN (or _COMPRESSED)")
    func dump() throws {
        let plain = try NetlinkHandle.bridgeVLANDumpRequest(compressed: false).encoded(sequence: 0)
        #expect(
            Array(plain.dropFirst(16))
                == hexBytes(#"\x07\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x1d\x00\x02\x00\x00\x00"#))
        #expect(plain[4] == 0x12 && plain.count == 40)
        let compressed = try NetlinkHandle.bridgeVLANDumpRequest(compressed: true).encoded(sequence: 0)
        #expect(TLV.linkRequest(compressed).first(IFLA.extMask)?.uint32 == 4)
    }

    @Test(
        "ids outside 1–4094 and a PVID range are refused before anything is sent",
        arguments: [BridgeVLAN(0), BridgeVLAN(4095), BridgeVLAN(ids: 4000...4095), BridgeVLAN(ids: 10...20, pvid: true)])
    func invalid(_ vlan: BridgeVLAN) {
        let error = #expect(throws: NetKitError.self) { try encoded(.setLink, vlan) }
        guard case .invalidInput? = error?.reason else { Issue.record("\(String(describing: error))"); return }
    }

    @Test("ip link set br0 type bridge vlan_filtering 1 (RTM_NEWLINK on the bridge's index)")
    func vlanFiltering() throws {
        var request = try NetlinkHandle.bridgeVLANOptionsRequest(BridgeVLANOptions(vlanFiltering: true), index: Self.br0, object: "")
        request.flags.insert(.ack)
        #expect(
            try request.encoded(sequence: 0) == netlinkHeader(length: 60, type: 0x10, flags: 0x05)
                + hexBytes(
                    #"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x12\x80\x0a\x00\x01\x00\x62\x72\x69\x64\x67\x65\x00\x00\x0c\x00\x02\x80\x05\x00\x07\x00\x01\x00\x00\x00"#
                ))
    }

    @Test("ip link set br0 type bridge vlan_filtering 1 vlan_protocol 802.1Q vlan_default_pvid 0")
    func vlanOptions() throws {
        let options = BridgeVLANOptions(vlanFiltering: true, vlanProtocol: .ieee8021Q, defaultPVID: 0)
        var request = try NetlinkHandle.bridgeVLANOptionsRequest(options, index: Self.br0, object: "")
        request.flags.insert(.ack)
        #expect(
            try request.encoded(sequence: 0) == netlinkHeader(length: 76, type: 0x10, flags: 0x05)
                + hexBytes(
                    #"\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x2c\x00\x12\x80\x0a\x00\x01\x00\x62\x72\x69\x64\x67\x65\x00\x00\x1c\x00\x02\x80\x05\x00\x07\x00\x01\x00\x00\x00\x06\x00\x08\x00\x81\x00\x00\x00\x06\x00\x27\x00\x00\x00\x00\x00"#
                ))
        #expect(options.words == " vlan_filtering 1 vlan_protocol 802.1Q vlan_default_pvid 0")
    }

    @Test("ip link add br1 type bridge vlan_filtering 1 vlan_protocol 802.1ad vlan_default_pvid 7")
    func createWithVLANOptions() throws {
        var request = try NetlinkHandle.createRequest(Bridge(name: "br1", vlanFiltering: true, vlanProtocol: .ieee8021ad, defaultPVID: 7))
        request.flags.insert(.ack)
        #expect(
            try request.encoded(sequence: 0) == netlinkHeader(length: 84, type: 0x10, flags: 0x0605)
                + hexBytes(
                    #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x62\x72\x31\x00\x2c\x00\x12\x80\x0a\x00\x01\x00\x62\x72\x69\x64\x67\x65\x00\x00\x1c\x00\x02\x80\x05\x00\x07\x00\x01\x00\x00\x00\x06\x00\x08\x00\x88\xa8\x00\x00\x06\x00\x27\x00\x07\x00\x00\x00"#
                ))
    }

    @Test("a default PVID above 4094 and an unknown protocol are refused before sending")
    func invalidOptions() {
        #expect(throws: NetKitError.self) {
            try NetlinkHandle.bridgeVLANOptionsRequest(BridgeVLANOptions(defaultPVID: 4095), index: 2, object: "")
        }
        #expect(throws: NetKitError.self) {
            try NetlinkHandle.bridgeVLANOptionsRequest(
                BridgeVLANOptions(vlanProtocol: VLANProtocol(rawValue: 0x0800)), index: 2, object: "")
        }
        #expect(throws: NetKitError.self) { try NetlinkHandle.createRequest(Bridge(name: "br1", defaultPVID: 5000)) }
    }
}
