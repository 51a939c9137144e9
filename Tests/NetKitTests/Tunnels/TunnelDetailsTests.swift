@testable import NetKit
import Testing

/// Decoding `IFLA_INFO_DATA` of the tunnel kinds, and the kind lines `ip -d link show` prints.
/// The captured iproute2 requests serve as input: the kernel reports the same attributes.
@Suite("Tunnel details: decoding and kind lines")
struct TunnelDetailsTests {
    /// `IFLA_INFO_DATA`'s payload in the capture of `command`.
    static func infoData(_ command: String) throws -> [UInt8] {
        let message = try #require(TunnelCaptures.expected(command))
        return try #require(TLV.linkRequest(message).first(IFLA.linkinfo)?.nested.first(IFLA.Info.data)).value
    }

    static func gre(_ variant: GRETunnel.Variant, _ bytes: [UInt8]) -> GRETunnelDetails {
        bytes.withUnsafeBytes { GRETunnelDetails(variant: variant, infoData: NetlinkAttributes($0)) }
    }

    static func sit(_ bytes: [UInt8]) -> SITTunnelDetails { bytes.withUnsafeBytes { SITTunnelDetails(infoData: NetlinkAttributes($0)) } }
    static func ip6tnl(_ bytes: [UInt8]) -> IP6TunnelDetails { bytes.withUnsafeBytes { IP6TunnelDetails(infoData: NetlinkAttributes($0)) } }

    /// Attributes built one by one, as the kernel's `fill_info` sends them.
    static func attributes(_ build: (inout NetlinkRequest) -> Void) throws -> [UInt8] {
        var request = NetlinkRequest(.newLink, flags: [], operation: "test")
        build(&request)
        return Array(try request.encoded(sequence: 0).dropFirst(16))
    }

    @Test("gre: keys print as dotted quads, flags as iseq/oseq/icsum/ocsum, the device by index until named")
    func gre() throws {
        var details = Self.gre(
            .gre,
            try Self.infoData("ip link add g2 type gre remote 10.0.0.2 local 10.0.0.1 ikey 1 okey 2 icsum ocsum iseq oseq tos 0x10 dev d0"))
        #expect(details.local == "10.0.0.1" && details.remote == "10.0.0.2" && details.tos == 0x10 && details.ttl == 0)
        #expect(details.inputKey == 1 && details.outputKey == 2 && details.underlyingIndex == 7 && details.pathMTUDiscovery)
        #expect(details.inputChecksum && details.outputChecksum && details.inputSequencing && details.outputSequencing)
        #expect(
            details.description
                == "gre remote 10.0.0.2 local 10.0.0.1 dev if7 ttl inherit tos 0x10 ikey 0.0.0.1 okey 0.0.0.2 iseq oseq icsum ocsum")
        details.underlyingDevice = "d0"
        #expect(details.description.contains(" dev d0 ttl inherit "))
    }

    @Test("gre without keys, any local, nopmtudisc; gretap has the same parameters")
    func greDefaults() throws {
        let details = Self.gre(.gre, try Self.infoData("ip link add g3 mtu 1400 type gre remote 10.0.0.9 nopmtudisc"))
        #expect(details.inputKey == nil && details.outputKey == nil && details.local == nil && !details.pathMTUDiscovery)
        #expect(details.description == "gre remote 10.0.0.9 local any ttl inherit nopmtudisc")
        let tap = Self.gre(.gretap, try Self.infoData("ip link add gt1 type gretap local 10.0.0.1 remote 10.0.0.2 key 7"))
        #expect(tap.description == "gretap remote 10.0.0.2 local 10.0.0.1 ttl inherit ikey 0.0.0.7 okey 0.0.0.7")
        #expect(tap.variant.carriesEthernet && tap.variant.outerFamily == .ipv4)
    }

    @Test("ip6gre: hoplimit, encaplimit, tclass and flowlabel from FLOWINFO; inherit and none from the flags")
    func ip6gre() throws {
        let details = Self.gre(
            .ip6gre,
            try Self.infoData(
                "ip link add g6 type ip6gre local fd00::1 remote fd00::2 hoplimit 32 encaplimit 2 tclass 0x20 flowlabel 0x12345 key 5"))
        #expect(
            details.local == "fd00::1" && details.ttl == 32 && details.encapsulationLimit == 2 && details.tos == 0x20
                && details.flowLabel == 0x12345)
        #expect(
            details.description
                == "ip6gre remote fd00::2 local fd00::1 hoplimit 32 encaplimit 2 tclass 0x20 flowlabel 0x12345 ikey 0.0.0.5 okey 0.0.0.5 erspan_ver 1"
        )
        let inherit = Self.gre(
            .ip6gretap,
            try Self.infoData(
                "ip link add g6t type ip6gretap local fd00::1 remote fd00::2 encaplimit none tclass inherit flowlabel inherit dev d0"))
        #expect(inherit.encapsulationLimit == TunnelEncapsulationLimit.none && inherit.tos == .inherit && inherit.flowLabel == .inherit)
        #expect(
            inherit.description
                == "ip6gretap remote fd00::2 local fd00::1 dev if7 hoplimit 64 encaplimit none tclass inherit flowlabel inherit erspan_ver 1"
        )
    }

    @Test("the fallback devices: gre0 is any/any nopmtudisc, erspan0 prints its ERSPAN version, external and FOU show")
    func greFallbacks() throws {
        let gre0 = try Self.attributes { data in
            for type in [IFLA.GRE.link, IFLA.GRE.fwmark] { data.appendAttribute(type, uint32: 0) }
            for type in [IFLA.GRE.inputFlags, IFLA.GRE.outputFlags] { data.appendAttribute(type, uint16: 0) }
            for type in [IFLA.GRE.inputKey, IFLA.GRE.outputKey, IFLA.GRE.local, IFLA.GRE.remote] { data.appendAttribute(type, uint32: 0) }
            for type in [IFLA.GRE.ttl, IFLA.GRE.tos, IFLA.GRE.pmtudisc, IFLA.GRE.ignoreDF] { data.appendAttribute(type, uint8: 0) }
            TunnelEncapsulation.appendNone(into: &data, first: IFLA.GRE.encapType, flags: 0)
        }
        #expect(Self.gre(.gre, gre0).description == "gre remote any local any ttl inherit nopmtudisc")
        let erspan = Self.gre(
            GRETunnel.Variant(rawValue: "erspan"), gre0 + (try Self.attributes { $0.appendAttribute(IFLA.GRE.erspanVersion, uint8: 1) }))
        #expect(erspan.description == "erspan remote any local any ttl inherit nopmtudisc erspan_ver 1")
        let flowBased = try Self.attributes { data in
            data.appendFlagAttribute(IFLA.GRE.collectMetadata)
            data.appendAttribute(IFLA.GRE.pmtudisc, uint8: 1)
            data.appendAttribute(IFLA.GRE.ignoreDF, uint8: 1)
            data.appendAttribute(IFLA.GRE.fwmark, uint32: 0x10)
            data.appendAttribute(IFLA.GRE.encapType, uint16: 1)
            data.appendAttribute(IFLA.GRE.encapFlags, uint16: 1)
            data.appendAttribute(IFLA.GRE.encapDestinationPort, uint16BigEndian: 5555)
        }
        #expect(
            Self.gre(.gretap, flowBased).description
                == "gretap external remote any local any ttl inherit ignore-df fwmark 0x10 encap fou encap-sport auto encap-dport 5555 encap-csum noencap-csum6 noencap-remcsum"
        )
    }

    @Test("sit: mode word, isatap, and the 6RD prefix the kernel gives every sit tunnel")
    func sit() throws {
        let s1 = Self.sit(try Self.infoData("ip link add s1 type sit local 10.0.0.1 remote 10.0.0.2 ttl 64 mode ip6ip"))
        #expect(s1.mode == .ip6ip && s1.local == "10.0.0.1" && s1.remote == "10.0.0.2" && s1.ttl == 64 && s1.pathMTUDiscovery && !s1.isatap)
        #expect(s1.description == "sit ip6ip remote 10.0.0.2 local 10.0.0.1 ttl 64 pmtudisc")
        let s2 = Self.sit(try Self.infoData("ip link add s2 type sit local 10.0.0.1 mode any isatap"))
        #expect(s2.isatap && s2.description == "sit any remote any local 10.0.0.1 ttl inherit pmtudisc isatap")
        let s3 = Self.sit(try Self.infoData("ip link add s3 type sit remote 10.0.0.2 tos 0x10 nopmtudisc dev d0"))
        #expect(s3.description == "sit any remote 10.0.0.2 local any dev if7 ttl inherit tos 0x10 nopmtudisc")
        let sixRD = try Self.attributes { data in
            data.appendAttribute(IFLA.IPTunnel.proto, uint8: 41)
            data.appendAttribute(IFLA.IPTunnel.ttl, uint8: 64)
            data.appendAttribute(IFLA.IPTunnel.pmtudisc, uint8: 0)
            data.appendAttribute(IFLA.IPTunnel.sixRDPrefix, address: "2002::")
            data.appendAttribute(IFLA.IPTunnel.sixRDPrefixLength, uint16: 16)
            data.appendAttribute(IFLA.IPTunnel.sixRDRelayPrefix, uint32BigEndian: 0)
            data.appendAttribute(IFLA.IPTunnel.sixRDRelayPrefixLength, uint16: 0)
        }
        let sit0 = Self.sit(sixRD)
        #expect(sit0.sixRDPrefix?.description == "2002::/16" && sit0.sixRDRelayPrefix == nil)
        #expect(sit0.description == "sit ip6ip remote any local any ttl 64 nopmtudisc 6rd-prefix 2002::/16")
    }

    @Test("ip6tnl: the mode words, hoplimit, the IPv6 outer-header settings and the flags NetKit only reads")
    func ip6tnl() throws {
        let t1 = Self.ip6tnl(
            try Self.infoData(
                "ip link add t1 type ip6tnl local fd00::1 remote fd00::2 mode ip6ip6 hoplimit 32 encaplimit 5 tclass 0x20 flowlabel 0x12345 dev d0"
            ))
        #expect(t1.mode == .ip6ip6 && t1.hopLimit == 32 && t1.encapsulationLimit == 5 && t1.trafficClass == 0x20 && t1.flowLabel == 0x12345)
        #expect(
            t1.description == "ip6tnl ip6ip6 remote fd00::2 local fd00::1 dev if7 hoplimit 32 encaplimit 5 tclass 0x20 flowlabel 0x12345")
        let t2 = Self.ip6tnl(try Self.infoData("ip link add t2 type ip6tnl local fd00::1 remote fd00::2 mode ipip6 encaplimit none"))
        #expect(t2.description == "ip6tnl ipip6 remote fd00::2 local fd00::1 hoplimit 64 encaplimit none tclass 0x00 flowlabel 0x00000")
        let flags = try Self.attributes { data in
            data.appendAttribute(IFLA.IPTunnel.proto, uint8: 41)
            data.appendAttribute(IFLA.IPTunnel.ttl, uint8: 0)
            data.appendAttribute(IFLA.IPTunnel.encapLimit, uint8: 0)
            data.appendAttribute(IFLA.IPTunnel.flowinfo, uint32BigEndian: 0)
            data.appendAttribute(
                IFLA.IPTunnel.flags,
                uint32: IP6TunnelFlag.receiveDSCPCopy | IP6TunnelFlag.mobileIPv6
                    | IP6TunnelFlag.allowLocalRemote | IP6TunnelFlag.useOriginalFirewallMark)
        }
        #expect(
            Self.ip6tnl(flags).description
                == "ip6tnl ip6ip6 remote any local any hoplimit inherit encaplimit 0 tclass 0x00 flowlabel 0x00000 dscp inherit mip6 allow-localremote fwmark inherit"
        )
    }

    @Test("typed values print iproute2's words")
    func typedValues() {
        #expect(IP6TunnelMode.ipip6.description == "ipip6" && IP6TunnelMode.any.description == "any")
        #expect(TunnelTOS.inherit.description == "inherit" && TunnelTOS.value(0x8).description == "0x08")
        #expect(TunnelTOS(ipv4Value: 1) == .inherit && TunnelTOS.inherit.ipv4Value == 1)
        #expect(TunnelFlowLabel.value(0x12).description == "0x00012" && TunnelEncapsulationLimit.none.description == "none")
    }

    @Test("IPv6 tunnels' link-layer addresses print as IPv6 addresses after link/tunnel6 and link/gre6")
    func ipv6LinkLayer() {
        let bytes = IPv6Address("fd00::1").networkBytes
        #expect(HardwareType.gre6.name == "gre6" && HardwareType.tunnel6.name == "tunnel6")
        #expect(Link.format(bytes, type: .gre6) == "fd00::1" && Link.format(bytes, type: .tunnel6) == "fd00::1")
        #expect(Link.format([10, 0, 0, 1], type: .gre) == "10.0.0.1" && Link.format([10, 0, 0, 1], type: .sit) == "10.0.0.1")
    }
}
