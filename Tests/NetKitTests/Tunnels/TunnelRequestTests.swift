@testable import NetKit
import Testing

/// GRE, SIT and ip6tnl requests byte for byte against iproute2's (`TunnelCaptures`).
@Suite("Tunnel request bytes match what iproute2 sends")
struct TunnelRequestTests {
    static func expectSame(_ specification: some LinkSpecification, as command: String) throws {
        let expected = try #require(TunnelCaptures.expected(command), "no capture for \(command)")
        #expect(hexString(try TunnelCaptures.sent(specification)) == hexString(expected), "\(command)")
    }

    @Test("gre: addresses, ttl and one key for both directions")
    func greKey() throws {
        try Self.expectSame(
            GRETunnel(name: "g1", local: "10.0.0.1", remote: "10.0.0.2", ttl: 64, key: 42),
            as: "ip link add g1 type gre local 10.0.0.1 remote 10.0.0.2 ttl 64 key 42")
    }

    @Test("gre: separate keys, checksums, sequence numbers, tos and the underlying device")
    func greFlags() throws {
        var tunnel = GRETunnel(
            name: "g2", local: "10.0.0.1", remote: "10.0.0.2", tos: 0x10, inputKey: 1, outputKey: 2,
            inputChecksum: true, outputChecksum: true, inputSequencing: true, outputSequencing: true,
            underlyingDevice: "d0")
        tunnel.underlyingIndex = 7
        try Self.expectSame(
            tunnel, as: "ip link add g2 type gre remote 10.0.0.2 local 10.0.0.1 ikey 1 okey 2 icsum ocsum iseq oseq tos 0x10 dev d0")
    }

    @Test("gre: nopmtudisc, no local, an MTU (sent before the name, as iproute2 sends it)")
    func greNoPMTUDiscovery() throws {
        try Self.expectSame(
            GRETunnel(name: "g3", remote: "10.0.0.9", pathMTUDiscovery: false, options: LinkOptions(mtu: 1400)),
            as: "ip link add g3 mtu 1400 type gre remote 10.0.0.9 nopmtudisc")
    }

    @Test("gretap")
    func gretap() throws {
        try Self.expectSame(
            GRETunnel(name: "gt1", variant: .gretap, local: "10.0.0.1", remote: "10.0.0.2", key: 7),
            as: "ip link add gt1 type gretap local 10.0.0.1 remote 10.0.0.2 key 7")
    }

    @Test("ip6gre: hop limit, encapsulation limit, traffic class and flow label in FLOWINFO")
    func ip6gre() throws {
        try Self.expectSame(
            GRETunnel(
                name: "g6", variant: .ip6gre, local: "fd00::1", remote: "fd00::2", ttl: 32, tos: 0x20, key: 5,
                encapsulationLimit: 2, flowLabel: 0x12345),
            as: "ip link add g6 type ip6gre local fd00::1 remote fd00::2 hoplimit 32 encaplimit 2 tclass 0x20 flowlabel 0x12345 key 5")
    }

    @Test("ip6gretap: encaplimit none, tclass and flowlabel inherit are flags")
    func ip6gretapInherit() throws {
        var tunnel = GRETunnel(
            name: "g6t", variant: .ip6gretap, local: "fd00::1", remote: "fd00::2", tos: .inherit,
            encapsulationLimit: TunnelEncapsulationLimit.none, flowLabel: .inherit, underlyingDevice: "d0")
        tunnel.underlyingIndex = 7
        try Self.expectSame(
            tunnel,
            as: "ip link add g6t type ip6gretap local fd00::1 remote fd00::2 encaplimit none tclass inherit flowlabel inherit dev d0")
    }

    @Test("sit: mode ip6ip with addresses and ttl")
    func sit() throws {
        try Self.expectSame(
            SITTunnel(name: "s1", mode: .ip6ip, local: "10.0.0.1", remote: "10.0.0.2", ttl: 64),
            as: "ip link add s1 type sit local 10.0.0.1 remote 10.0.0.2 ttl 64 mode ip6ip")
    }

    @Test("sit: isatap")
    func sitISATAP() throws {
        try Self.expectSame(
            SITTunnel(name: "s2", mode: .any, local: "10.0.0.1", isatap: true),
            as: "ip link add s2 type sit local 10.0.0.1 mode any isatap")
    }

    @Test("sit: tos, nopmtudisc, the underlying device")
    func sitDevice() throws {
        var tunnel = SITTunnel(name: "s3", remote: "10.0.0.2", tos: 0x10, pathMTUDiscovery: false, underlyingDevice: "d0")
        tunnel.underlyingIndex = 7
        try Self.expectSame(tunnel, as: "ip link add s3 type sit remote 10.0.0.2 tos 0x10 nopmtudisc dev d0")
    }

    @Test("ip6tnl: mode ip6ip6 with every outer-header setting")
    func ip6tnl() throws {
        var tunnel = IP6Tunnel(
            name: "t1", mode: .ip6ip6, local: "fd00::1", remote: "fd00::2", hopLimit: 32, encapsulationLimit: 5,
            trafficClass: 0x20, flowLabel: 0x12345, underlyingDevice: "d0")
        tunnel.underlyingIndex = 7
        try Self.expectSame(
            tunnel,
            as:
                "ip link add t1 type ip6tnl local fd00::1 remote fd00::2 mode ip6ip6 hoplimit 32 encaplimit 5 tclass 0x20 flowlabel 0x12345 dev d0"
        )
    }

    @Test("ip6tnl: mode ipip6, encaplimit none")
    func ip6tnlIPv4Inside() throws {
        try Self.expectSame(
            IP6Tunnel(name: "t2", mode: .ipip6, local: "fd00::1", remote: "fd00::2", encapsulationLimit: TunnelEncapsulationLimit.none),
            as: "ip link add t2 type ip6tnl local fd00::1 remote fd00::2 mode ipip6 encaplimit none")
    }

    @Test("ip6tnl: iproute2's defaults (mode any, hoplimit 64, encaplimit 4)")
    func ip6tnlDefaults() throws {
        try Self.expectSame(IP6Tunnel(name: "t3", remote: "fd00::2"), as: "ip link add t3 type ip6tnl remote fd00::2")
    }

    @Test("every capture has a test above")
    func everyCaptureUsed() {
        #expect(TunnelCaptures.messages.count == 12)
    }
}
