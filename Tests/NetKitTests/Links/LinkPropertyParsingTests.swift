@testable import NetKit
import Testing

/// `IFLA_PROP_LIST` (alternative names) and `IFLA_STATS64` in an `RTM_NEWLINK`, decoded by
/// `Link(message:)`, and the lines `ip -d link` and `ip -s link` print for them.
@Suite("Link properties and statistics decoding")
struct LinkPropertyParsingTests {
    @Test("alternative names come back in order and print as altname lines after the alias")
    func alternativeNames() throws {
        let link = try LinkParsingTests.decode(
            LinkParsingTests.message(
                name: "eth0",
                { request in
                    request.appendAttribute(IFLA.ifalias, string: "uplink")
                    request.nested(IFLA.propList) { list in
                        list.appendAttribute(IFLA.altIfname, string: "enp0s3")
                        list.appendAttribute(IFLA.altIfname, string: "node-uplink-with-a-name-longer-than-fifteen")
                    }
                }
            ) { $0.appendAttribute(IFLA.Info.kind, unterminatedString: "veth") })
        #expect(link.alternativeNames == ["enp0s3", "node-uplink-with-a-name-longer-than-fifteen"])
        #expect(
            link.description.hasSuffix("\n    alias uplink\n    altname enp0s3\n    altname node-uplink-with-a-name-longer-than-fifteen"))
    }

    @Test("IFLA_STATS64: every counter in struct order; a shorter struct leaves the rest 0")
    func statistics() throws {
        let values = (1...25).map { UInt64($0) * 1000 + 7 }
        var bytes: [UInt8] = []
        for value in values { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        let link = try LinkParsingTests.decode(
            LinkParsingTests.message(name: "eth0", { $0.appendAttribute(IFLA.stats64, bytes: bytes) }) { _ in })
        let stats = try #require(link.statistics)
        #expect(LinkStatistics.fields.map { stats[keyPath: $0] } == values)
        #expect(stats.receivedPackets == 1007 && stats.transmittedBytes == 4007 && stats.receiveMissedErrors == 16007)
        #expect(stats.receiveOtherHostDropped == 25007)

        let short = try LinkParsingTests.decode(
            LinkParsingTests.message(name: "eth0", { $0.appendAttribute(IFLA.stats64, bytes: bytes.prefix(23 * 8)) }) { _ in })
        #expect(short.statistics?.transmittedCompressed == 23007)
        #expect(short.statistics?.receiveNoHandler == 0 && short.statistics?.receiveOtherHostDropped == 0)
        #expect(try LinkParsingTests.decode(LinkParsingTests.message(name: "eth0") { _ in }).statistics == nil)
    }

    @Test("counters are carried but not compared: two reads of a link that only saw traffic are equal")
    func statisticsOutsideEquality() throws {
        var busy = LinkStatistics()
        busy.receivedPackets = 10
        var a = try LinkParsingTests.decode(LinkParsingTests.message(name: "eth0") { _ in })
        var b = a
        a.statistics = LinkStatistics()
        b.statistics = busy
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(b.statistics?.receivedPackets == 10)
        b.mtu = 9000
        #expect(a != b)
    }

    @Test("the ip -s link lines, aligned as iproute2 6.1 prints them")
    func statisticsText() {
        var stats = LinkStatistics()
        stats.receivedBytes = 1234567; stats.receivedPackets = 89; stats.multicast = 3
        stats.transmittedBytes = 42; stats.transmittedPackets = 1; stats.collisions = 0
        #expect(
            stats.description == """
                    RX:  bytes packets errors dropped  missed   mcast
                       1234567      89      0       0       0       3
                    TX:  bytes packets errors dropped carrier collsns
                            42       1      0       0       0       0
                """)
    }
}
