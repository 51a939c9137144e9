/// A GRE tunnel's parameters as the kernel reports them (`IFLA_GRE_*` in `IFLA_INFO_DATA` of a
/// `gre`, `gretap`, `ip6gre` or `ip6gretap` link, and of the fallback devices `gre0`, `gretap0`,
/// `ip6gre0`, `erspan0`), with ``GRETunnel``'s names and units.
public struct GRETunnelDetails: LinkDetails, TunnelDetailsNamingUnderlyingDevice {
    /// `gre`; the same type reads ``variant``'s other kinds.
    public static var kind: LinkKind { .gre }
    /// The kind the link reports (`gre`, `gretap`, `ip6gre`, `ip6gretap`; `erspan` and
    /// `ip6erspan` for ERSPAN devices, which NetKit reads but does not create).
    public var variant: GRETunnel.Variant
    /// The outer source address (`IFLA_GRE_LOCAL`); nil is any.
    public var local: IPAddress?
    /// The outer destination (`IFLA_GRE_REMOTE`); nil is any (a collect-all tunnel).
    public var remote: IPAddress?
    /// The outer TTL or hop limit (`IFLA_GRE_TTL`); 0 is inherit.
    public var ttl: UInt8 = 0
    /// The outer TOS (IPv4) or traffic class (IPv6).
    public var tos: TunnelTOS = 0
    /// The received-packet key (`ikey`), nil without `GRE_KEY` in `IFLA_GRE_IFLAGS`.
    public var inputKey: UInt32?
    /// The sent-packet key (`okey`), nil without `GRE_KEY` in `IFLA_GRE_OFLAGS`.
    public var outputKey: UInt32?
    /// `icsum`: received packets must carry a checksum.
    public var inputChecksum = false
    /// `ocsum`: sent packets carry a checksum.
    public var outputChecksum = false
    /// `iseq`: received packets out of sequence are dropped.
    public var inputSequencing = false
    /// `oseq`: sent packets are numbered.
    public var outputSequencing = false
    /// IPv4: DF and path-MTU tracking (`IFLA_GRE_PMTUDISC`). Always true for the IPv6 variants.
    public var pathMTUDiscovery = true
    /// IPv4: DF is ignored on the inner packets (`IFLA_GRE_IGNORE_DF`, `ignore-df`).
    public var ignoresDontFragment = false
    /// IPv6: the encapsulation limit (`IFLA_GRE_ENCAP_LIMIT`, `encaplimit`).
    public var encapsulationLimit: TunnelEncapsulationLimit = 4
    /// IPv6: the outer flow label (in `IFLA_GRE_FLOWINFO`).
    public var flowLabel: TunnelFlowLabel = 0
    /// The outer packets' firewall mark (`IFLA_GRE_FWMARK`); 0 is none.
    public var firewallMark: UInt32 = 0
    /// A metadata-driven (flow-based) tunnel (`IFLA_GRE_COLLECT_METADATA`, `external`).
    public var external = false
    /// The underlying device's name, when the listing could name it (`dev eth1`).
    public var underlyingDevice: InterfaceName?
    /// The underlying device's index (`IFLA_GRE_LINK`); 0 when unbound.
    public var underlyingIndex: Int32 = 0
    /// IPv6 flags beyond the three typed values (dscp inherit, allow-localremote …).
    var ipv6Flags: UInt32 = 0
    var encapsulation = TunnelEncapsulation()
    /// ERSPAN devices' `IFLA_GRE_ERSPAN_*`, printed as iproute2 prints them.
    var erspan: [UInt16: UInt32] = [:]

    /// The parameters of a `variant` link with nothing set.
    public init(variant: GRETunnel.Variant) { self.variant = variant }

    /// Decodes `IFLA_INFO_DATA` of a GRE-family link.
    init(variant: GRETunnel.Variant, infoData: NetlinkAttributes?) {
        self.init(variant: variant)
        let family = variant.outerFamily
        var inputFlags: UInt16 = 0, outputFlags: UInt16 = 0, keys: (UInt32, UInt32) = (0, 0)
        var encapLimit: UInt8 = 4, flowinfo: UInt32 = 0, flags: UInt32 = 0, tos: UInt8 = 0
        for attribute in infoData ?? .empty {
            if encapsulation.read(attribute, first: IFLA.GRE.encapType) { continue }
            switch attribute.type {
            case IFLA.GRE.local: local = TunnelText.address(attribute.value, family: family)
            case IFLA.GRE.remote: remote = TunnelText.address(attribute.value, family: family)
            case IFLA.GRE.link: underlyingIndex = attribute.int32 ?? 0
            case IFLA.GRE.ttl: ttl = attribute.uint8 ?? 0
            case IFLA.GRE.tos: tos = attribute.uint8 ?? 0
            case IFLA.GRE.pmtudisc: pathMTUDiscovery = (attribute.uint8 ?? 1) != 0
            case IFLA.GRE.ignoreDF: ignoresDontFragment = (attribute.uint8 ?? 0) != 0
            case IFLA.GRE.inputFlags: inputFlags = attribute.uint16BigEndian ?? 0
            case IFLA.GRE.outputFlags: outputFlags = attribute.uint16BigEndian ?? 0
            case IFLA.GRE.inputKey: keys.0 = attribute.uint32BigEndian ?? 0
            case IFLA.GRE.outputKey: keys.1 = attribute.uint32BigEndian ?? 0
            case IFLA.GRE.encapLimit: encapLimit = attribute.uint8 ?? 4
            case IFLA.GRE.flowinfo: flowinfo = attribute.uint32BigEndian ?? 0
            case IFLA.GRE.flags: flags = attribute.uint32 ?? 0
            case IFLA.GRE.fwmark: firewallMark = attribute.uint32 ?? 0
            case IFLA.GRE.collectMetadata: external = true
            case IFLA.GRE.erspanIndex: erspan[attribute.type] = attribute.uint32
            case IFLA.GRE.erspanVersion, IFLA.GRE.erspanDirection: erspan[attribute.type] = attribute.uint8.map(UInt32.init)
            case IFLA.GRE.erspanHardwareID: erspan[attribute.type] = attribute.uint16.map(UInt32.init)
            default: break
            }
        }
        inputKey = inputFlags & IFLA.GRE.keyFlag != 0 ? keys.0 : nil
        outputKey = outputFlags & IFLA.GRE.keyFlag != 0 ? keys.1 : nil
        inputChecksum = inputFlags & IFLA.GRE.checksumFlag != 0
        outputChecksum = outputFlags & IFLA.GRE.checksumFlag != 0
        inputSequencing = inputFlags & IFLA.GRE.sequenceFlag != 0
        outputSequencing = outputFlags & IFLA.GRE.sequenceFlag != 0
        if family == .ipv6 {
            let header = IPv6TunnelHeader(limit: encapLimit, flowinfo: flowinfo, flags: flags)
            (encapsulationLimit, self.tos, flowLabel, ipv6Flags) = (
                header.encapsulationLimit, header.trafficClass, header.flowLabel, header.otherFlags
            )
        } else {
            self.tos = TunnelTOS(ipv4Value: tos)
        }
    }

    /// The kind line of `ip -d link show`, in iproute2's order (link_gre.c, link_gre6.c).
    public var description: String {
        var words = [variant.rawValue]
        if external { words.append("external") }
        words.append(TunnelText.endpoints(remote: remote, local: local))
        if let device = TunnelText.device(name: underlyingDevice, index: underlyingIndex) { words.append(device) }
        words.append(TunnelText.ttl(ttl, word: variant.ttlWord))
        let ipv6 = IPv6TunnelHeader(encapsulationLimit: encapsulationLimit, trafficClass: tos, flowLabel: flowLabel, otherFlags: ipv6Flags)
        if variant.outerFamily == .ipv6 {
            words += ipv6.words
        } else {
            if let tos = tos.ipv4Words { words.append(tos) }
            if !pathMTUDiscovery { words.append("nopmtudisc") }
            if ignoresDontFragment { words.append("ignore-df") }
        }
        if let inputKey { words.append("ikey \(IPv4Address(rawValue: inputKey))") }
        if let outputKey { words.append("okey \(IPv4Address(rawValue: outputKey))") }
        for (flag, word) in [(inputSequencing, "iseq"), (outputSequencing, "oseq"), (inputChecksum, "icsum"), (outputChecksum, "ocsum")]
        where flag {
            words.append(word)
        }
        if variant.outerFamily == .ipv6 {
            words += ipv6.trailingWords(firewallMark: firewallMark)
        } else if firewallMark != 0 {
            words.append("fwmark 0x" + String(firewallMark, radix: 16))
        }
        words += erspanWords
        words += encapsulation.words
        return words.joined(separator: " ")
    }

    private var erspanWords: [String] {
        var words: [String] = []
        if let index = erspan[IFLA.GRE.erspanIndex] { words.append("erspan_index \(index)") }
        if let version = erspan[IFLA.GRE.erspanVersion] { words.append("erspan_ver \(version)") }
        if let direction = erspan[IFLA.GRE.erspanDirection] { words.append("erspan_dir " + (direction == 0 ? "ingress" : "egress")) }
        if let hardwareID = erspan[IFLA.GRE.erspanHardwareID] { words.append("erspan_hwid 0x" + String(hardwareID, radix: 16)) }
        return words
    }
}
