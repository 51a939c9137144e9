@testable import NetKit
import Testing

@Suite("NetlinkRequest storage")
struct NetlinkRequestStorageTests {
    /// A request with a header, a 32-bit attribute and an odd-length attribute (padded).
    static func build(into request: inout NetlinkRequest) {
        request.appendHeader(RouteHeader())
        request.appendAttribute(RTA.oif, uint32: 7)
        request.appendAttribute(RTA.dst, bytes: [10, 1, 2])
    }

    @Test("a restarted request holds, compares and hashes as a fresh one with the same content")
    func restartedEqualsFresh() {
        var fresh = NetlinkRequest(.newRoute, flags: [.create], operation: "RTM_NEWROUTE (ip route add)")
        Self.build(into: &fresh)
        // A longer message first, so the reused storage holds bytes beyond the new message.
        var reused = NetlinkRequest(.newRoute, flags: [.create], operation: "RTM_NEWROUTE (ip route add)")
        Self.build(into: &reused)
        reused.appendAttribute(RTA.table, uint32: 1000)
        reused.appendAttribute(RTA.priority, uint32: 5)
        reused.restart(.newRoute, flags: [.create], operation: "RTM_NEWROUTE (ip route add)")
        Self.build(into: &reused)
        #expect(reused.length == 16 + 12 + 8 + 8)
        #expect(reused.bytes == fresh.bytes)
        #expect(Array(reused.message) == fresh.bytes)
        #expect(reused == fresh)
        #expect(reused.hashValue == fresh.hashValue)
        // The odd attribute: length 7, then three bytes and one of padding, all zero.
        #expect(Array(reused.bytes.suffix(8)) == [7, 0, 1, 0, 10, 1, 2, 0])
    }

    @Test("a request grows past its first allocation")
    func grows() throws {
        var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (ip link add)")
        let payload = [UInt8](repeating: 0xAB, count: 1000)
        request.appendAttribute(1, bytes: payload)
        request.appendAttribute(2, uint32: 0x0102_0304)
        #expect(request.length == 16 + 1004 + 8)
        #expect(Array(request.bytes[20..<1020]) == payload)
        #expect(Array(request.bytes.suffix(4)) == [4, 3, 2, 1])
        let encoded = try request.encoded(sequence: 9)
        #expect(encoded.count == request.length)
        #expect(encoded[0] == UInt8(request.length & 0xFF) && encoded[8] == 9)
    }
}
