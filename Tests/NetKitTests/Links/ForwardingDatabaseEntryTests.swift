import CNetlink
@testable import NetKit
import Testing

/// `RTM_NEWNEIGH` messages of family `AF_BRIDGE` as `bridge fdb show` receives them, decoded by
/// `ForwardingDatabaseEntry(message:names:)`, and the lines they print.
@Suite("Forwarding database entries")
struct ForwardingDatabaseEntryTests {
    static let names: [Int32: InterfaceName] = [2: "br0", 4: "p1"]

    static func message(
        index: Int32 = 4, state: UInt16, flags: UInt8 = 0, family: UInt8 = BridgeFDB.family,
        mac: [UInt8]? = [2, 0, 0, 0, 0xaa, 1], master: Int32? = 2, vlan: UInt16? = nil,
        updatedTicks: UInt32? = nil
    ) -> NetlinkRequest {
        var request = NetlinkRequest(.newNeighbour, flags: [], operation: "test")
        request.appendHeader(NeighbourHeader(family: family, index: index, state: state, flags: flags))
        if let mac { request.appendAttribute(BridgeFDB.lladdr, bytes: mac) }
        if let vlan { request.appendAttribute(BridgeFDB.vlan, uint16: vlan) }
        if let updatedTicks {
            // struct nda_cacheinfo { confirmed, used, updated, refcnt }
            var info: [UInt8] = []
            for value in [UInt32(10), 20, updatedTicks, 1] { withUnsafeBytes(of: value.littleEndian) { info += $0 } }
            request.appendAttribute(BridgeFDB.cacheinfo, bytes: info)
        }
        if let master { request.appendAttribute(BridgeFDB.master, int32: master) }
        return request
    }

    static func decode(_ request: NetlinkRequest, names: [Int32: InterfaceName] = names) throws -> ForwardingDatabaseEntry? {
        var entry: ForwardingDatabaseEntry?
        try request.encoded(sequence: 0).withUnsafeBytes { buffer in
            try NetlinkMessage.forEach(in: buffer) { entry = try ForwardingDatabaseEntry(message: $0, names: names) }
        }
        return entry
    }

    @Test("a learned entry: NUD_REACHABLE, vlan, ageing timer from nda_cacheinfo.updated")
    func learned() throws {
        let entry = try #require(try Self.decode(Self.message(state: 0x02, vlan: 10, updatedTicks: 1234)))
        #expect(entry.kind == .learned && !entry.isLocal && !entry.isSelf)
        #expect(entry.macAddress == "02:00:00:00:aa:01")
        #expect(entry.portIndex == 4 && entry.portName == "p1")
        #expect(entry.bridgeIndex == 2 && entry.bridgeName == "br0")
        #expect(entry.vlan == 10)
        #expect(entry.secondsSinceUpdate == 12.34)
        #expect(entry.description == "02:00:00:00:aa:01 dev p1 vlan 10 master br0")
    }

    @Test("NUD_NOARP is static, NUD_PERMANENT is local; neither has an ageing timer")
    func staticAndPermanent() throws {
        let fixed = try #require(try Self.decode(Self.message(state: BridgeFDB.stateNoARP, updatedTicks: 500)))
        #expect(fixed.kind == .static && fixed.secondsSinceUpdate == nil)
        #expect(fixed.description == "02:00:00:00:aa:01 dev p1 master br0 static")
        let local = try #require(try Self.decode(Self.message(state: BridgeFDB.statePermanent, updatedTicks: 500)))
        #expect(local.kind == .local && local.isLocal && local.secondsSinceUpdate == nil)
        #expect(local.description == "02:00:00:00:aa:01 dev p1 master br0 permanent")
    }

    @Test("a self entry (NTF_SELF, no NDA_MASTER) prints self and no master")
    func selfEntry() throws {
        let entry = try #require(
            try Self.decode(
                Self.message(
                    index: 2, state: BridgeFDB.statePermanent, flags: BridgeFDB.flagSelf,
                    mac: [0x33, 0x33, 0, 0, 0, 1], master: nil)))
        #expect(entry.isSelf && entry.bridgeIndex == nil && entry.portName == "br0")
        #expect(entry.description == "33:33:00:00:00:01 dev br0 self permanent")
    }

    @Test("unnamed indices print as ifN, as bridge fdb show does for an index it cannot name")
    func unnamed() throws {
        let entry = try #require(try Self.decode(Self.message(state: BridgeFDB.stateNoARP), names: [:]))
        #expect(entry.bridgeName == nil)
        #expect(entry.description == "02:00:00:00:aa:01 dev if4 master if2 static")
    }

    @Test("other families and entries without a MAC are not bridge FDB entries")
    func notEntries() throws {
        #expect(try Self.decode(Self.message(state: 0x02, family: 2)) == nil)
        #expect(try Self.decode(Self.message(state: 0x02, mac: nil)) == nil)
    }

    @Test("BridgeFDB constants match linux/neighbour.h and AF_BRIDGE")
    func constants() {
        #expect(BridgeFDB.family == UInt8(AF_BRIDGE))
        #expect(BridgeFDB.lladdr == UInt16(NDA_LLADDR))
        #expect(BridgeFDB.cacheinfo == UInt16(NDA_CACHEINFO))
        #expect(BridgeFDB.vlan == UInt16(NDA_VLAN))
        #expect(BridgeFDB.master == UInt16(NDA_MASTER))
        #expect(BridgeFDB.statePermanent == UInt16(NUD_PERMANENT))
        #expect(BridgeFDB.stateNoARP == UInt16(NUD_NOARP))
        #expect(BridgeFDB.flagSelf == UInt8(NTF_SELF))
        #expect(BridgeFDB.flagMaster == UInt8(NTF_MASTER))
        #expect(BridgeFDB.flagExternallyLearned == UInt8(NTF_EXT_LEARNED))
    }
}
