import CNetlink
@testable import NetKit
import Testing

/// `ip link add … type vxlan|geneve` requests compared with what iproute2 6.1 sends, captured
/// with `strace -f -e trace=sendmsg -xx -s 4096 ip -n NS link add …` (the underlying `eth1` at
/// index 3; the host kernel refuses geneve, but the request is captured all the same), with
/// `NLA_F_NESTED` set on the nests as NetKit sends them; and `IFLA_INFO_DATA` decoded back.
@Suite("VXLAN and Geneve request bytes")
struct VXLANGeneveRequestTests {
    /// iproute2's body with `NLA_F_NESTED` set on the `IFLA_LINKINFO` and `IFLA_INFO_DATA` nests.
    static func body(_ capture: String) -> [UInt8] {
        var bytes = hexBytes(capture)
        // ifinfomsg (16) + IFLA_IFNAME (8 for a 3-byte name), then the linkinfo nest.
        bytes[27] |= 0x80
        let kindLength = (Int(bytes[28]) + 3) & ~3
        bytes[28 + kindLength + 3] |= 0x80
        return bytes
    }

    static func bytes(_ specification: some LinkSpecification) throws -> [UInt8] {
        var request = try NetlinkHandle.createRequest(specification)
        request.flags.insert(.ack)
        return try request.encoded(sequence: 0)
    }

    @Test("ip link add vx0 type vxlan id 42 dstport 4789")
    func vxlanMinimal() throws {
        let expected =
            netlinkHeader(length: 84, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x76\x78\x30\x00\x2c\x00\x12\x00\x09\x00\x01\x00\x76\x78\x6c\x61\x6e\x00\x00\x00\x1c\x00\x02\x00\x08\x00\x01\x00\x2a\x00\x00\x00\x05\x00\x07\x00\x01\x00\x00\x00\x06\x00\x0f\x00\x12\xb5\x00\x00"#
            )
        #expect(try Self.bytes(VXLAN(name: "vx0", vni: 42)) == expected)
    }

    @Test(
        "ip link add vx1 type vxlan id 4096 local … remote … dev eth1 dstport 8472 srcport 1000 2000 nolearning ttl 64 tos 0x10 noudpcsum udp6zerocsumtx udp6zerocsumrx gbp ageing 120 l2miss l3miss proxy"
    )
    func vxlanEveryOption() throws {
        var vxlan = VXLAN(
            name: "vx1", vni: 4096, local: "10.0.0.1", remote: "10.0.0.2", destinationPort: 8472, sourcePortRange: 1000...2000,
            learning: false, underlyingDevice: "eth1", ttl: 64, tos: 0x10, udpChecksum: false, udp6ZeroChecksumTransmit: true,
            udp6ZeroChecksumReceive: true, groupBasedPolicy: true, ageingTime: .seconds(120), l2Miss: true, l3Miss: true, proxy: true)
        vxlan.underlyingIndex = 3
        let expected =
            netlinkHeader(length: 192, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x76\x78\x31\x00\x98\x00\x12\x00\x09\x00\x01\x00\x76\x78\x6c\x61\x6e\x00\x00\x00\x88\x00\x02\x00\x08\x00\x03\x00\x03\x00\x00\x00\x08\x00\x0a\x00\x03\xe8\x07\xd0\x05\x00\x05\x00\x40\x00\x00\x00\x05\x00\x06\x00\x10\x00\x00\x00\x05\x00\x12\x00\x00\x00\x00\x00\x05\x00\x13\x00\x01\x00\x00\x00\x05\x00\x14\x00\x01\x00\x00\x00\x04\x00\x17\x00\x08\x00\x08\x00\x78\x00\x00\x00\x05\x00\x0d\x00\x01\x00\x00\x00\x05\x00\x0e\x00\x01\x00\x00\x00\x05\x00\x0b\x00\x01\x00\x00\x00\x08\x00\x01\x00\x00\x10\x00\x00\x08\x00\x04\x00\x0a\x00\x00\x01\x08\x00\x02\x00\x0a\x00\x00\x02\x05\x00\x07\x00\x00\x00\x00\x00\x06\x00\x0f\x00\x21\x18\x00\x00"#
            )
        #expect(try Self.bytes(vxlan) == expected)
    }

    @Test("ip link add vx2 type vxlan id 7 group 239.1.1.1 dev eth1 dstport 4789")
    func vxlanGroup() throws {
        var vxlan = VXLAN(name: "vx2", vni: 7, group: "239.1.1.1", underlyingDevice: "eth1")
        vxlan.underlyingIndex = 3
        let expected =
            netlinkHeader(length: 100, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x76\x78\x32\x00\x3c\x00\x12\x00\x09\x00\x01\x00\x76\x78\x6c\x61\x6e\x00\x00\x00\x2c\x00\x02\x00\x08\x00\x03\x00\x03\x00\x00\x00\x08\x00\x01\x00\x07\x00\x00\x00\x08\x00\x02\x00\xef\x01\x01\x01\x05\x00\x07\x00\x01\x00\x00\x00\x06\x00\x0f\x00\x12\xb5\x00\x00"#
            )
        #expect(try Self.bytes(vxlan) == expected)
    }

    @Test("ip link add vx3 type vxlan id 8 local 2001:db8::1 remote 2001:db8::2 dstport 4789 udpcsum")
    func vxlanIPv6() throws {
        let expected =
            netlinkHeader(length: 132, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x76\x78\x33\x00\x5c\x00\x12\x00\x09\x00\x01\x00\x76\x78\x6c\x61\x6e\x00\x00\x00\x4c\x00\x02\x00\x05\x00\x12\x00\x01\x00\x00\x00\x08\x00\x01\x00\x08\x00\x00\x00\x14\x00\x11\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x14\x00\x10\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x05\x00\x07\x00\x01\x00\x00\x00\x06\x00\x0f\x00\x12\xb5\x00\x00"#
            )
        #expect(try Self.bytes(VXLAN(name: "vx3", vni: 8, local: "2001:db8::1", remote: "2001:db8::2", udpChecksum: true)) == expected)
    }

    @Test("ip link add gn0 type geneve id 42 remote 10.0.0.2")
    func geneveMinimal() throws {
        let expected =
            netlinkHeader(length: 100, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x67\x6e\x30\x00\x3c\x00\x12\x00\x0a\x00\x01\x00\x67\x65\x6e\x65\x76\x65\x00\x00\x2c\x00\x02\x00\x08\x00\x01\x00\x2a\x00\x00\x00\x08\x00\x02\x00\x0a\x00\x00\x02\x08\x00\x0b\x00\x00\x00\x00\x00\x05\x00\x03\x00\x00\x00\x00\x00\x05\x00\x04\x00\x00\x00\x00\x00"#
            )
        #expect(try Self.bytes(Geneve(name: "gn0", vni: 42, remote: "10.0.0.2")) == expected)
    }

    @Test("ip link add gn1 type geneve id 4096 remote 10.0.0.3 ttl 64 tos 0x10 dstport 6082 noudpcsum udp6zerocsumtx udp6zerocsumrx")
    func geneveEveryOption() throws {
        let geneve = Geneve(
            name: "gn1", vni: 4096, remote: "10.0.0.3", destinationPort: 6082, ttl: 64, tos: 0x10, udpChecksum: false,
            udp6ZeroChecksumTransmit: true, udp6ZeroChecksumReceive: true)
        let expected =
            netlinkHeader(length: 132, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x67\x6e\x31\x00\x5c\x00\x12\x00\x0a\x00\x01\x00\x67\x65\x6e\x65\x76\x65\x00\x00\x4c\x00\x02\x00\x08\x00\x01\x00\x00\x10\x00\x00\x08\x00\x02\x00\x0a\x00\x00\x03\x08\x00\x0b\x00\x00\x00\x00\x00\x05\x00\x03\x00\x40\x00\x00\x00\x05\x00\x04\x00\x10\x00\x00\x00\x06\x00\x05\x00\x17\xc2\x00\x00\x05\x00\x08\x00\x00\x00\x00\x00\x05\x00\x09\x00\x01\x00\x00\x00\x05\x00\x0a\x00\x01\x00\x00\x00"#
            )
        #expect(try Self.bytes(geneve) == expected)
        #expect(
            geneve.command == "gn1 type geneve id 4096 remote 10.0.0.3 ttl 64 tos 0x10 dstport 6082 noudpcsum udp6zerocsumtx udp6zerocsumrx"
        )
    }

    @Test("ip link add gn2 type geneve id 7 remote 2001:db8::2 udpcsum")
    func geneveIPv6() throws {
        let expected =
            netlinkHeader(length: 120, type: 0x10, flags: 0x605)
            + Self.body(
                #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x03\x00\x67\x6e\x32\x00\x50\x00\x12\x00\x0a\x00\x01\x00\x67\x65\x6e\x65\x76\x65\x00\x00\x40\x00\x02\x00\x08\x00\x01\x00\x07\x00\x00\x00\x14\x00\x07\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x08\x00\x0b\x00\x00\x00\x00\x00\x05\x00\x03\x00\x00\x00\x00\x00\x05\x00\x04\x00\x00\x00\x00\x00\x05\x00\x08\x00\x01\x00\x00\x00"#
            )
        #expect(try Self.bytes(Geneve(name: "gn2", vni: 7, remote: "2001:db8::2", udpChecksum: true)) == expected)
    }

    @Test("refused before sending: a wide VNI, remote and group together, a unicast group, mixed families")
    func validation() {
        let invalid: [VXLAN] = [
            VXLAN(name: "v", vni: 1 << 24),
            VXLAN(name: "v", vni: 1, remote: "10.0.0.2", group: "239.1.1.1"),
            VXLAN(name: "v", vni: 1, group: "10.0.0.2"),
            VXLAN(name: "v", vni: 1, remote: "239.1.1.1"),
            VXLAN(name: "v", vni: 1, local: "2001:db8::1", remote: "10.0.0.2"),
        ]
        for vxlan in invalid { #expect(throws: NetKitError.self, "\(vxlan.command)") { try NetlinkHandle.createRequest(vxlan) } }
        #expect(throws: NetKitError.self) { try NetlinkHandle.createRequest(Geneve(name: "g", vni: 1 << 24, remote: "10.0.0.2")) }
        #expect(throws: NetKitError.self) { try NetlinkHandle.createRequest(Geneve(name: "g", vni: 1, remote: "239.0.0.1")) }
    }

    @Test("IFLA_INFO_DATA of a vxlan and a geneve link decode to their details and print ip -d link's kind line")
    func decode() throws {
        let vxlan = try LinkParsingTests.decode(
            LinkParsingTests.message(name: "vx1") { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "vxlan")
                info.nested(IFLA.Info.data) { data in
                    data.appendAttribute(IFLA.VXLAN.id, uint32: 4096)
                    data.appendAttribute(IFLA.VXLAN.group, bytes: [10, 0, 0, 2])
                    data.appendAttribute(IFLA.VXLAN.local, bytes: [10, 0, 0, 1])
                    data.appendAttribute(IFLA.VXLAN.link, uint32: 3)
                    data.appendAttribute(IFLA.VXLAN.portRange, bytes: [0x03, 0xe8, 0x07, 0xd0])
                    data.appendAttribute(IFLA.VXLAN.port, uint16BigEndian: 8472)
                    data.appendAttribute(IFLA.VXLAN.learning, uint8: 0)
                    data.appendAttribute(IFLA.VXLAN.proxy, uint8: 1)
                    data.appendAttribute(IFLA.VXLAN.l2miss, uint8: 1)
                    data.appendAttribute(IFLA.VXLAN.l3miss, uint8: 1)
                    data.appendAttribute(IFLA.VXLAN.tos, uint8: 0x10)
                    data.appendAttribute(IFLA.VXLAN.ttl, uint8: 64)
                    data.appendAttribute(IFLA.VXLAN.ageing, uint32: 120)
                    data.appendAttribute(IFLA.VXLAN.udpChecksum, uint8: 0)
                    data.appendAttribute(IFLA.VXLAN.udpZeroChecksum6Transmit, uint8: 1)
                    data.appendAttribute(IFLA.VXLAN.udpZeroChecksum6Receive, uint8: 1)
                    data.appendFlagAttribute(IFLA.VXLAN.gbp)
                }
            }
        ).details(as: VXLANDetails.self)
        #expect(
            vxlan
                == VXLANDetails(
                    vni: 4096, local: "10.0.0.1", remote: "10.0.0.2", destinationPort: 8472, sourcePortRange: 1000...2000,
                    learning: false, underlyingIndex: 3, ttl: 64, tos: 0x10, udpChecksum: false, udp6ZeroChecksumTransmit: true,
                    udp6ZeroChecksumReceive: true, groupBasedPolicy: true, ageingTime: .seconds(120), l2Miss: true, l3Miss: true,
                    proxy: true))
        #expect(
            vxlan?.description
                == "vxlan id 4096 remote 10.0.0.2 local 10.0.0.1 dev if3 srcport 1000 2000 dstport 8472 nolearning proxy l2miss l3miss tos 0x10 ttl 64 ageing 120 noudpcsum udp6zerocsumtx udp6zerocsumrx gbp"
        )

        let geneve = try LinkParsingTests.decode(
            LinkParsingTests.message(name: "gn0") { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "geneve")
                info.nested(IFLA.Info.data) { data in
                    data.appendAttribute(IFLA.Geneve.id, uint32: 42)
                    data.appendAttribute(IFLA.Geneve.remote, bytes: [10, 0, 0, 2])
                    data.appendAttribute(IFLA.Geneve.udpChecksum, uint8: 0)
                    data.appendAttribute(IFLA.Geneve.ttl, uint8: 0)
                    data.appendAttribute(IFLA.Geneve.tos, uint8: 0)
                    data.appendAttribute(IFLA.Geneve.port, uint16BigEndian: 6081)
                    data.appendAttribute(IFLA.Geneve.udpZeroChecksum6Receive, uint8: 1)
                }
            }
        ).details(as: GeneveDetails.self)
        #expect(geneve == GeneveDetails(vni: 42, remote: "10.0.0.2", udpChecksum: false, udp6ZeroChecksumReceive: true))
        // As the lane's iproute2 prints `ip -d link show` of this device.
        #expect(geneve?.description == "geneve id 42 remote 10.0.0.2 ttl auto dstport 6081 noudpcsum udp6zerocsumrx")
    }

    @Test("IFLA_VXLAN_* and IFLA_GENEVE_* match linux/if_link.h")
    func constants() {
        #expect(
            [
                IFLA.VXLAN.id, IFLA.VXLAN.group, IFLA.VXLAN.link, IFLA.VXLAN.local, IFLA.VXLAN.ttl, IFLA.VXLAN.tos, IFLA.VXLAN.learning,
                IFLA.VXLAN.ageing, IFLA.VXLAN.portRange, IFLA.VXLAN.proxy, IFLA.VXLAN.l2miss, IFLA.VXLAN.l3miss, IFLA.VXLAN.port,
                IFLA.VXLAN.group6, IFLA.VXLAN.local6, IFLA.VXLAN.udpChecksum, IFLA.VXLAN.udpZeroChecksum6Transmit,
                IFLA.VXLAN.udpZeroChecksum6Receive, IFLA.VXLAN.gbp,
            ]
                == [
                    IFLA_VXLAN_ID, IFLA_VXLAN_GROUP, IFLA_VXLAN_LINK, IFLA_VXLAN_LOCAL, IFLA_VXLAN_TTL, IFLA_VXLAN_TOS, IFLA_VXLAN_LEARNING,
                    IFLA_VXLAN_AGEING, IFLA_VXLAN_PORT_RANGE, IFLA_VXLAN_PROXY, IFLA_VXLAN_L2MISS, IFLA_VXLAN_L3MISS, IFLA_VXLAN_PORT,
                    IFLA_VXLAN_GROUP6, IFLA_VXLAN_LOCAL6, IFLA_VXLAN_UDP_CSUM, IFLA_VXLAN_UDP_ZERO_CSUM6_TX,
                    IFLA_VXLAN_UDP_ZERO_CSUM6_RX, IFLA_VXLAN_GBP,
                ].map { UInt16($0) })
        #expect(
            [
                IFLA.Geneve.id, IFLA.Geneve.remote, IFLA.Geneve.ttl, IFLA.Geneve.tos, IFLA.Geneve.port, IFLA.Geneve.remote6,
                IFLA.Geneve.udpChecksum, IFLA.Geneve.udpZeroChecksum6Transmit, IFLA.Geneve.udpZeroChecksum6Receive, IFLA.Geneve.label,
            ]
                == [
                    IFLA_GENEVE_ID, IFLA_GENEVE_REMOTE, IFLA_GENEVE_TTL, IFLA_GENEVE_TOS, IFLA_GENEVE_PORT, IFLA_GENEVE_REMOTE6,
                    IFLA_GENEVE_UDP_CSUM, IFLA_GENEVE_UDP_ZERO_CSUM6_TX, IFLA_GENEVE_UDP_ZERO_CSUM6_RX, IFLA_GENEVE_LABEL,
                ].map { UInt16($0) })
    }
}
