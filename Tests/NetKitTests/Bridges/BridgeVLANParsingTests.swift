@testable import NetKit
import Testing

/// Decoding `bridge vlan show` dump replies and printing them as iproute2 does.
@Suite("Bridge VLAN dump parsing and text")
struct BridgeVLANParsingTests {
    /// An `AF_BRIDGE` `RTM_NEWLINK` as the kernel sends it for a port in a dump, laid out with the
    /// request builder (the same TLV format).
    static func reply(index: Int32, name: String, master: Int32?, entries: [(UInt16, UInt16)]) throws -> [UInt8] {
        var message = NetlinkRequest(.newLink, flags: [], operation: "test")
        message.appendHeader(InterfaceInfoHeader(family: 7, index: index))
        message.appendAttribute(IFLA.ifname, string: name)
        if let master { message.appendAttribute(IFLA.master, uint32: UInt32(master)) }
        message.nested(IFLA.afSpec) { spec in
            for (flags, id) in entries {
                withUnsafeBytes(of: (flags.littleEndian, id.littleEndian)) { spec.appendAttribute(IFLA.BridgeAFSpec.vlanInfo, bytes: $0) }
            }
        }
        return try message.encoded(sequence: 1)
    }

    static func parse(_ bytes: [UInt8]) throws -> [BridgeVLANDevice] {
        var devices: [BridgeVLANDevice] = []
        try bytes.withUnsafeBytes { buffer in
            try NetlinkMessage.forEach(in: buffer) { if let device = try BridgeVLANDevice(message: $0) { devices.append(device) } }
        }
        return devices
    }

    @Test("single ids, flags and a compressed range decode into typed entries")
    func decode() throws {
        let bytes = try Self.reply(
            index: 4, name: "p1", master: 2,
            entries: [
                (0x04, 1), (0x06, 10), (0x08, 20), (0x10, 30), (0x04, 40),
            ])
        let device = try #require(try Self.parse(bytes).first)
        #expect(device.name == "p1" && device.index == 4 && device.masterIndex == 2)
        #expect(
            device.vlans == [
                BridgeVLAN(1, untagged: true), BridgeVLAN(10, pvid: true, untagged: true),
                BridgeVLAN(ids: 20...30), BridgeVLAN(40, untagged: true),
            ])
    }

    @Test("a bridge's own entries (BRIDGE_VLAN_INFO_BRENTRY) keep their flags; its master is nil")
    func bridgeItself() throws {
        let device = try #require(try Self.parse(try Self.reply(index: 2, name: "br0", master: 2, entries: [(0x26, 1), (0x20, 50)])).first)
        #expect(device.masterIndex == nil)
        #expect(device.vlans == [BridgeVLAN(1, pvid: true, untagged: true), BridgeVLAN(50)])
    }

    @Test("bridge vlan show's text, as iproute2 6.1 printed it in the kernel lane")
    func text() {
        let devices = [
            BridgeVLANDevice(name: "br0", index: 2, masterIndex: nil, vlans: [BridgeVLAN(1, pvid: true, untagged: true), BridgeVLAN(50)]),
            BridgeVLANDevice(
                name: "p1", index: 4, masterIndex: 2,
                vlans: [
                    BridgeVLAN(1, untagged: true), BridgeVLAN(10, pvid: true, untagged: true),
                    BridgeVLAN(ids: 20...30), BridgeVLAN(40, untagged: true),
                ]),
        ]
        #expect(
            BridgeVLANDevice.table(devices) == """
                port              vlan-id  
                br0               1 PVID Egress Untagged
                                  50
                p1                1 Egress Untagged
                                  10 PVID Egress Untagged
                                  20-30
                                  40 Egress Untagged
                """)
        #expect(BridgeVLAN(ids: 20...30).words == "vid 20-30")
        #expect(BridgeVLAN(7, pvid: true, untagged: true).words == "vid 7 pvid untagged")
        #expect(VLANProtocol.ieee8021ad.description == "802.1ad" && VLANProtocol.ieee8021Q.description == "802.1Q")
    }
}
