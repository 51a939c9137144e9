import Foundation
@testable import NetKit
import Testing

/// What the tunnel kinds refuse before anything is sent, the kernel feature each names when the
/// kernel lacks it, and their attribute numbers against the kernel's own header.
@Suite("Tunnel kinds: validation, missing features, constants")
struct TunnelValidationTests {
    static func refused(_ specification: some LinkSpecification) -> String? {
        do {
            _ = try NetlinkHandle.createRequest(specification)
            return nil
        } catch let error as NetKitError {
            guard case .invalidInput(let why) = error.reason else { return "\(error)" }
            return why
        } catch { return "\(error)" }
    }

    @Test("addresses of the other family, a kind that is not GRE, IPv4-only and IPv6-only settings")
    func greValidation() {
        #expect(Self.refused(GRETunnel(name: "g", local: "fd00::1"))?.contains("not an IPv4 address") == true)
        #expect(Self.refused(GRETunnel(name: "g", variant: .ip6gre, remote: "10.0.0.1"))?.contains("not an IPv6 address") == true)
        #expect(Self.refused(GRETunnel(name: "g", variant: GRETunnel.Variant(rawValue: "erspan")))?.contains("not a GRE kind") == true)
        #expect(Self.refused(GRETunnel(name: "g", variant: .ip6gre, pathMTUDiscovery: false))?.contains("nopmtudisc") == true)
        #expect(Self.refused(GRETunnel(name: "g", flowLabel: 1))?.contains("ip6gre") == true)
        #expect(Self.refused(GRETunnel(name: "g", variant: .ip6gretap, flowLabel: 0x100000))?.contains("20 bits") == true)
        #expect(Self.refused(GRETunnel(name: "g", remote: "239.1.1.1"))?.contains("multicast remote needs a local") == true)
        #expect(Self.refused(GRETunnel(name: "g", variant: .ip6gre, local: "fd00::1", remote: "fd00::2")) == nil)
    }

    @Test("sit and ip6tnl: a fixed TTL without PMTU discovery, a 21-bit flow label, a multicast local")
    func sitAndIP6TunnelValidation() {
        #expect(Self.refused(SITTunnel(name: "s", ttl: 64, pathMTUDiscovery: false))?.contains("nopmtudisc") == true)
        #expect(Self.refused(SITTunnel(name: "s", local: "224.0.0.1"))?.contains("multicast") == true)
        #expect(Self.refused(IP6Tunnel(name: "t", flowLabel: 0x100000))?.contains("20 bits") == true)
        #expect(Self.refused(IP6Tunnel(name: "t", local: "ff02::1"))?.contains("multicast") == true)
        #expect(Self.refused(IP6Tunnel(name: "t", remote: "fd00::2", trafficClass: .inherit, flowLabel: .inherit)) == nil)
    }

    @Test("an EOPNOTSUPP for an unknown kind names each kind's kernel option")
    func missingFeatures() {
        let refusal = NetKitError(
            .kernel(.EOPNOTSUPP), operation: "RTM_NEWLINK (ip link add)", object: "x", kernelMessage: "Unknown device type")
        #expect(GRETunnel(name: "g").featureError(for: refusal)?.reason == .kernelFeatureMissing("CONFIG_NET_IPGRE (module ip_gre)"))
        #expect(
            GRETunnel(name: "g", variant: .gretap).featureError(for: refusal)?.reason
                == .kernelFeatureMissing("CONFIG_NET_IPGRE (module ip_gre)"))
        #expect(
            GRETunnel(name: "g", variant: .ip6gre).featureError(for: refusal)?.reason
                == .kernelFeatureMissing("CONFIG_IPV6_GRE (module ip6_gre)"))
        #expect(
            GRETunnel(name: "g", variant: .ip6gretap).featureError(for: refusal)?.reason
                == .kernelFeatureMissing("CONFIG_IPV6_GRE (module ip6_gre)"))
        #expect(SITTunnel(name: "s").featureError(for: refusal)?.reason == .kernelFeatureMissing("CONFIG_IPV6_SIT (module sit)"))
        #expect(IP6Tunnel(name: "t").featureError(for: refusal)?.reason == .kernelFeatureMissing("CONFIG_IPV6_TUNNEL (module ip6_tunnel)"))
    }

    @Test("creating an any/any tunnel that exists points at the fallback device")
    func fallbackHints() {
        let exists = NetKitError(.kernel(.EEXIST), operation: "RTM_NEWLINK (ip link add)", object: "x")
        #expect(GRETunnel(name: "g").hint(for: exists)?.contains("gre0") == true)
        #expect(GRETunnel(name: "g", key: 1).hint(for: exists) == nil)
        #expect(SITTunnel(name: "s").hint(for: exists)?.contains("sit0") == true)
        #expect(IP6Tunnel(name: "t").hint(for: exists)?.contains("ip6tnl0") == true)
    }

    /// The members of the C enum whose first member is `first`, numbered as the compiler numbers
    /// them (the header's enums have no explicit values).
    static func enumMembers(_ header: String, first: String) -> [String: UInt16] {
        guard let start = header.range(of: first) else { return [:] }
        let body = header[start.lowerBound...].prefix { $0 != "}" }
        var result: [String: UInt16] = [:]
        for (index, member) in body.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }).enumerated()
        where !member.isEmpty {
            result[String(member.prefix { $0.isLetter || $0.isNumber || $0 == "_" })] = UInt16(index)
        }
        return result
    }

    @Test("IFLA_GRE_* and IFLA_IPTUN_* match linux/if_tunnel.h")
    func constants() throws {
        // The uapi header is not importable next to Glibc (CNetlink.h says why); its text is read.
        let header = try String(contentsOfFile: "/usr/include/linux/if_tunnel.h", encoding: .utf8)
        let gre = Self.enumMembers(header, first: "IFLA_GRE_UNSPEC")
        let expectedGRE: [(String, UInt16)] = [
            ("IFLA_GRE_LINK", IFLA.GRE.link), ("IFLA_GRE_IFLAGS", IFLA.GRE.inputFlags), ("IFLA_GRE_OFLAGS", IFLA.GRE.outputFlags),
            ("IFLA_GRE_IKEY", IFLA.GRE.inputKey), ("IFLA_GRE_OKEY", IFLA.GRE.outputKey), ("IFLA_GRE_LOCAL", IFLA.GRE.local),
            ("IFLA_GRE_REMOTE", IFLA.GRE.remote), ("IFLA_GRE_TTL", IFLA.GRE.ttl), ("IFLA_GRE_TOS", IFLA.GRE.tos),
            ("IFLA_GRE_PMTUDISC", IFLA.GRE.pmtudisc), ("IFLA_GRE_ENCAP_LIMIT", IFLA.GRE.encapLimit),
            ("IFLA_GRE_FLOWINFO", IFLA.GRE.flowinfo),
            ("IFLA_GRE_FLAGS", IFLA.GRE.flags), ("IFLA_GRE_ENCAP_TYPE", IFLA.GRE.encapType), ("IFLA_GRE_ENCAP_FLAGS", IFLA.GRE.encapFlags),
            ("IFLA_GRE_ENCAP_SPORT", IFLA.GRE.encapSourcePort), ("IFLA_GRE_ENCAP_DPORT", IFLA.GRE.encapDestinationPort),
            ("IFLA_GRE_COLLECT_METADATA", IFLA.GRE.collectMetadata), ("IFLA_GRE_IGNORE_DF", IFLA.GRE.ignoreDF),
            ("IFLA_GRE_FWMARK", IFLA.GRE.fwmark),
            ("IFLA_GRE_ERSPAN_INDEX", IFLA.GRE.erspanIndex), ("IFLA_GRE_ERSPAN_VER", IFLA.GRE.erspanVersion),
            ("IFLA_GRE_ERSPAN_DIR", IFLA.GRE.erspanDirection), ("IFLA_GRE_ERSPAN_HWID", IFLA.GRE.erspanHardwareID),
        ]
        for (name, value) in expectedGRE { #expect(gre[name] == value, "\(name)") }
        let tunnel = Self.enumMembers(header, first: "IFLA_IPTUN_UNSPEC")
        let expectedIPTunnel: [(String, UInt16)] = [
            ("IFLA_IPTUN_LINK", IFLA.IPTunnel.link), ("IFLA_IPTUN_LOCAL", IFLA.IPTunnel.local), ("IFLA_IPTUN_REMOTE", IFLA.IPTunnel.remote),
            ("IFLA_IPTUN_TTL", IFLA.IPTunnel.ttl), ("IFLA_IPTUN_TOS", IFLA.IPTunnel.tos),
            ("IFLA_IPTUN_ENCAP_LIMIT", IFLA.IPTunnel.encapLimit),
            ("IFLA_IPTUN_FLOWINFO", IFLA.IPTunnel.flowinfo), ("IFLA_IPTUN_FLAGS", IFLA.IPTunnel.flags),
            ("IFLA_IPTUN_PROTO", IFLA.IPTunnel.proto),
            ("IFLA_IPTUN_PMTUDISC", IFLA.IPTunnel.pmtudisc), ("IFLA_IPTUN_6RD_PREFIX", IFLA.IPTunnel.sixRDPrefix),
            ("IFLA_IPTUN_6RD_RELAY_PREFIX", IFLA.IPTunnel.sixRDRelayPrefix), ("IFLA_IPTUN_6RD_PREFIXLEN", IFLA.IPTunnel.sixRDPrefixLength),
            ("IFLA_IPTUN_6RD_RELAY_PREFIXLEN", IFLA.IPTunnel.sixRDRelayPrefixLength), ("IFLA_IPTUN_ENCAP_TYPE", IFLA.IPTunnel.encapType),
            ("IFLA_IPTUN_ENCAP_FLAGS", IFLA.IPTunnel.encapFlags), ("IFLA_IPTUN_ENCAP_SPORT", IFLA.IPTunnel.encapSourcePort),
            ("IFLA_IPTUN_ENCAP_DPORT", IFLA.IPTunnel.encapDestinationPort), ("IFLA_IPTUN_COLLECT_METADATA", IFLA.IPTunnel.collectMetadata),
            ("IFLA_IPTUN_FWMARK", IFLA.IPTunnel.fwmark),
        ]
        for (name, value) in expectedIPTunnel { #expect(tunnel[name] == value, "\(name)") }
        #expect(header.contains("#define GRE_CSUM\t__cpu_to_be16(0x8000)") && IFLA.GRE.checksumFlag == 0x8000)
        #expect(header.contains("#define GRE_KEY\t\t__cpu_to_be16(0x2000)") && IFLA.GRE.keyFlag == 0x2000)
        #expect(header.contains("#define GRE_SEQ\t\t__cpu_to_be16(0x1000)") && IFLA.GRE.sequenceFlag == 0x1000)
        #expect(header.contains("#define\tSIT_ISATAP\t0x0001") && IFLA.IPTunnel.isatapFlag == 1)
    }
}
