/// A GRE tunnel: `ip link add NAME type {gre|gretap|ip6gre|ip6gretap} [local A] [remote B]
/// [ttl N] [tos T] [ikey K] [okey K] [icsum] [ocsum] [iseq] [oseq] [nopmtudisc] [encaplimit E]
/// [flowlabel L] [dev UNDERLYING]`.
///
/// One type for the four kinds: ``variant`` picks IPv4 or IPv6 outside, and an IP (`gre`,
/// `ip6gre`) or an Ethernet (`gretap`, `ip6gretap`) device inside. Once `ip_gre` is loaded every
/// namespace holds the fallback devices `gre0`, `gretap0` and `erspan0`; `ip6_gre` adds `ip6gre0`.
/// They are collect-all tunnels (no local, no remote): creating another any/any tunnel of the same
/// kind without a key fails with `EEXIST`.
public struct GRETunnel: LinkSpecification {
    /// Which of the four GRE kinds (`IFLA_INFO_KIND`).
    public struct Variant: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The kind word: `gre`, `gretap`, `ip6gre` or `ip6gretap`.
        public var rawValue: String
        /// The variant with this kind word.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// IPv4 outside, IP packets inside (`type gre`).
        public static let gre = Variant(rawValue: "gre")
        /// IPv4 outside, Ethernet frames inside (`type gretap`): the device can join a bridge.
        public static let gretap = Variant(rawValue: "gretap")
        /// IPv6 outside, IP packets inside (`type ip6gre`).
        public static let ip6gre = Variant(rawValue: "ip6gre")
        /// IPv6 outside, Ethernet frames inside (`type ip6gretap`).
        public static let ip6gretap = Variant(rawValue: "ip6gretap")
        /// ERSPAN over IPv4 (`erspan`, e.g. the fallback device `erspan0`): read, not created.
        public static let erspan = Variant(rawValue: "erspan")
        /// ERSPAN over IPv6 (`ip6erspan`): read, not created.
        public static let ip6erspan = Variant(rawValue: "ip6erspan")

        /// The link kind (`IFLA_INFO_KIND`).
        public var kind: LinkKind { LinkKind(rawValue: rawValue) }

        /// The family of the outer header: IPv6 for `ip6gre` and `ip6gretap`.
        public var outerFamily: AddressFamily { rawValue.hasPrefix("ip6") ? .ipv6 : .ipv4 }
        /// Whether the tunnel carries Ethernet frames (`gretap`, `ip6gretap`, the ERSPAN kinds).
        public var carriesEthernet: Bool { rawValue.hasSuffix("tap") || rawValue.hasSuffix("erspan") }
        /// The kernel option the variant needs.
        var kernelFeature: String {
            outerFamily == .ipv6 ? "CONFIG_IPV6_GRE (module ip6_gre)" : "CONFIG_NET_IPGRE (module ip_gre)"
        }
        /// The word before the hop limit on the kind line.
        var ttlWord: String { outerFamily == .ipv6 ? "hoplimit" : "ttl" }
        /// The same as ``rawValue``.
        public var description: String { rawValue }
    }

    /// The tunnel's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// Which GRE kind.
    public var variant: Variant
    /// The outer source address (`local A`, `IFLA_GRE_LOCAL`), of the variant's family; nil is any.
    public var local: IPAddress?
    /// The outer destination (`remote B`, `IFLA_GRE_REMOTE`), of the variant's family; nil is any.
    public var remote: IPAddress?
    /// The outer TTL or hop limit (`ttl N` / `hoplimit N`, `IFLA_GRE_TTL`); 0 inherits the inner one.
    public var ttl: UInt8
    /// The outer TOS (`tos`, `IFLA_GRE_TOS`) or traffic class (`tclass`, in `IFLA_GRE_FLOWINFO`).
    public var tos: TunnelTOS
    /// The key expected on received packets (`ikey K`, `IFLA_GRE_IKEY` with `GRE_KEY` in
    /// `IFLA_GRE_IFLAGS`); nil accepts only packets without a key.
    public var inputKey: UInt32?
    /// The key put on sent packets (`okey K`, `IFLA_GRE_OKEY` with `GRE_KEY` in `IFLA_GRE_OFLAGS`).
    public var outputKey: UInt32?
    /// Received packets must carry a checksum (`icsum`, `GRE_CSUM` in `IFLA_GRE_IFLAGS`).
    public var inputChecksum: Bool
    /// Sent packets carry a checksum (`ocsum`, `GRE_CSUM` in `IFLA_GRE_OFLAGS`).
    public var outputChecksum: Bool
    /// Received packets out of sequence are dropped (`iseq`, `GRE_SEQ` in `IFLA_GRE_IFLAGS`).
    public var inputSequencing: Bool
    /// Sent packets are numbered (`oseq`, `GRE_SEQ` in `IFLA_GRE_OFLAGS`).
    public var outputSequencing: Bool
    /// IPv4 variants: DF on the outer header and path-MTU tracking (`pmtudisc`, the default, or
    /// `nopmtudisc`: `IFLA_GRE_PMTUDISC`). The IPv6 variants always discover the path MTU.
    public var pathMTUDiscovery: Bool
    /// IPv6 variants: the encapsulation limit (`encaplimit`, `IFLA_GRE_ENCAP_LIMIT`); default 4.
    public var encapsulationLimit: TunnelEncapsulationLimit
    /// IPv6 variants: the outer flow label (`flowlabel`, in `IFLA_GRE_FLOWINFO`).
    public var flowLabel: TunnelFlowLabel
    /// The firewall mark of the outer packets (`fwmark`, `IFLA_GRE_FWMARK`); 0 is none.
    public var firewallMark: UInt32
    /// The device the encapsulated packets must leave through (`dev`, `IFLA_GRE_LINK`), by name,
    /// resolved in the handle's namespace.
    public var underlyingDevice: InterfaceName?
    /// MTU, MAC, group, namespace (`IFLA_MTU` …).
    public var options: LinkOptions
    /// Resolved index of ``underlyingDevice``; set by `NetlinkHandle.add(_:)`.
    var underlyingIndex: Int32?

    /// A tunnel called `name`; the defaults are `ip link add NAME type VARIANT`'s (TTL inherit for
    /// IPv4, hop limit 64 for IPv6). `key` sets both ``inputKey`` and ``outputKey`` (`key K`).
    public init(
        name: InterfaceName, variant: Variant = .gre, local: IPAddress? = nil, remote: IPAddress? = nil,
        ttl: UInt8? = nil, tos: TunnelTOS = 0, key: UInt32? = nil, inputKey: UInt32? = nil, outputKey: UInt32? = nil,
        inputChecksum: Bool = false, outputChecksum: Bool = false, inputSequencing: Bool = false, outputSequencing: Bool = false,
        pathMTUDiscovery: Bool = true, encapsulationLimit: TunnelEncapsulationLimit = 4, flowLabel: TunnelFlowLabel = 0,
        firewallMark: UInt32 = 0, underlyingDevice: InterfaceName? = nil, options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.variant = variant
        self.local = local
        self.remote = remote
        self.ttl = ttl ?? (variant.outerFamily == .ipv6 ? 64 : 0)
        self.tos = tos
        self.inputKey = inputKey ?? key
        self.outputKey = outputKey ?? key
        self.inputChecksum = inputChecksum
        self.outputChecksum = outputChecksum
        self.inputSequencing = inputSequencing
        self.outputSequencing = outputSequencing
        self.pathMTUDiscovery = pathMTUDiscovery
        self.encapsulationLimit = encapsulationLimit
        self.flowLabel = flowLabel
        self.firewallMark = firewallMark
        self.underlyingDevice = underlyingDevice
        self.options = options
    }

    var command: String {
        var words = ["\(name)\(options.words) type \(variant)"]
        if let local { words.append("local \(local)") }
        if let remote { words.append("remote \(remote)") }
        if let inputKey { words.append("ikey \(inputKey)") }
        if let outputKey { words.append("okey \(outputKey)") }
        for (flag, word) in [(inputChecksum, "icsum"), (outputChecksum, "ocsum"), (inputSequencing, "iseq"), (outputSequencing, "oseq")]
        where flag {
            words.append(word)
        }
        if ttl != (variant.outerFamily == .ipv6 ? 64 : 0) { words.append(TunnelText.ttl(ttl, word: variant.ttlWord)) }
        if variant.outerFamily == .ipv6 {
            if tos != 0 { words.append("tclass \(tos)") }
            if encapsulationLimit != 4 { words.append("encaplimit \(encapsulationLimit)") }
            if flowLabel != 0 { words.append("flowlabel \(flowLabel)") }
        } else {
            if let tos = tos.ipv4Words { words.append(tos) }
            if !pathMTUDiscovery { words.append("nopmtudisc") }
        }
        if firewallMark != 0 { words.append("fwmark \(firewallMark)") }
        if let underlyingDevice { words.append("dev \(underlyingDevice)") }
        return words.joined(separator: " ")
    }

    var kernelFeature: String? { variant.kernelFeature }

    func hint(for error: NetKitError) -> String? {
        // ip6gretap has no fallback device.
        guard let device: InterfaceName = ["gre": "gre0", "gretap": "gretap0", "ip6gre": "ip6gre0"][variant.rawValue] else { return nil }
        return TunnelText.fallbackHint(
            error, kind: variant.rawValue, device: device,
            anyAny: local == nil && remote == nil && inputKey == nil && outputKey == nil)
    }

    /// `IFLA_GRE_IFLAGS` / `IFLA_GRE_OFLAGS`: `GRE_KEY`, `GRE_CSUM`, `GRE_SEQ`.
    static func flags(key: UInt32?, checksum: Bool, sequencing: Bool) -> UInt16 {
        (key == nil ? 0 : IFLA.GRE.keyFlag) | (checksum ? IFLA.GRE.checksumFlag : 0) | (sequencing ? IFLA.GRE.sequenceFlag : 0)
    }

    func validate() throws(NetKitError) {
        let known: Set<Variant> = [.gre, .gretap, .ip6gre, .ip6gretap]
        func invalid(_ what: String) -> NetKitError { .invalidInput(what, operation: "ip link add", object: command) }
        guard known.contains(variant) else { throw invalid("\(variant) is not a GRE kind; use gre, gretap, ip6gre or ip6gretap") }
        for (word, address) in [("local", local), ("remote", remote)] {
            if let address, address.family != variant.outerFamily {
                throw invalid("\(word) \(address) is not an \(variant.outerFamily == .ipv6 ? "IPv6" : "IPv4") address, as \(variant) needs")
            }
        }
        try TunnelText.validate(local: local, ttl: ttl, pathMTUDiscovery: true, command: command)
        if remote?.isMulticast == true && local == nil { throw invalid("a multicast remote needs a local address") }
        if variant.outerFamily == .ipv6 {
            if !pathMTUDiscovery { throw invalid("nopmtudisc applies only to IPv4 GRE; \(variant) always discovers the path MTU") }
            try IPv6TunnelHeader(encapsulationLimit: encapsulationLimit, trafficClass: tos, flowLabel: flowLabel)
                .validate(operation: "ip link add", object: command)
        } else if encapsulationLimit != 4 || flowLabel != 0 {
            throw invalid("encaplimit and flowlabel apply only to ip6gre and ip6gretap")
        }
    }

    /// The attributes in iproute2's order (`ip link add … type gre`, link_gre.c / link_gre6.c).
    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        try validate()
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: variant.rawValue)
            info.nested(IFLA.Info.data) { data in
                data.appendAttribute(IFLA.GRE.inputKey, uint32BigEndian: inputKey ?? 0)
                data.appendAttribute(IFLA.GRE.outputKey, uint32BigEndian: outputKey ?? 0)
                data.appendAttribute(
                    IFLA.GRE.inputFlags, uint16BigEndian: Self.flags(key: inputKey, checksum: inputChecksum, sequencing: inputSequencing))
                data.appendAttribute(
                    IFLA.GRE.outputFlags,
                    uint16BigEndian: Self.flags(key: outputKey, checksum: outputChecksum, sequencing: outputSequencing))
                if let local { data.appendAttribute(IFLA.GRE.local, bytes: local.networkBytes) }
                if let remote { data.appendAttribute(IFLA.GRE.remote, bytes: remote.networkBytes) }
                if variant.outerFamily == .ipv6 { encodeIPv6(into: &data) } else { encodeIPv4(into: &data) }
                TunnelEncapsulation.appendNone(into: &data, first: IFLA.GRE.encapType, flags: variant.outerFamily == .ipv6 ? 2 : 0)
            }
        }
    }

    private func encodeIPv4(into data: inout NetlinkRequest) {
        data.appendAttribute(IFLA.GRE.pmtudisc, uint8: pathMTUDiscovery ? 1 : 0)
        data.appendAttribute(IFLA.GRE.tos, uint8: tos.ipv4Value)
        if let underlyingIndex { data.appendAttribute(IFLA.GRE.link, uint32: UInt32(bitPattern: underlyingIndex)) }
        data.appendAttribute(IFLA.GRE.ttl, uint8: ttl)
        data.appendAttribute(IFLA.GRE.fwmark, uint32: firewallMark)
    }

    private func encodeIPv6(into data: inout NetlinkRequest) {
        let header = IPv6TunnelHeader(encapsulationLimit: encapsulationLimit, trafficClass: tos, flowLabel: flowLabel)
        if let underlyingIndex { data.appendAttribute(IFLA.GRE.link, uint32: UInt32(bitPattern: underlyingIndex)) }
        data.appendAttribute(IFLA.GRE.ttl, uint8: ttl)
        data.appendAttribute(IFLA.GRE.encapLimit, uint8: header.limitValue)
        data.appendAttribute(IFLA.GRE.flowinfo, uint32BigEndian: header.flowinfo)
        data.appendAttribute(IFLA.GRE.flags, uint32: header.flags)
        data.appendAttribute(IFLA.GRE.fwmark, uint32: firewallMark)
        // iproute2 sends ERSPAN version 1 for every ip6gre kind; the kernel uses it for ip6erspan only.
        data.appendAttribute(IFLA.GRE.erspanVersion, uint8: 1)
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type {gre|gretap|ip6gre|ip6gretap} …`: resolves `dev` in this namespace
    /// (`RTM_GETLINK`), then creates the tunnel (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// `IFLA_GRE_*` in `IFLA_INFO_DATA`). On a kernel without the kind this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming `CONFIG_NET_IPGRE` (gre, gretap) or
    /// `CONFIG_IPV6_GRE` (ip6gre, ip6gretap).
    public func add(_ tunnel: GRETunnel) throws(NetKitError) {
        var tunnel = tunnel
        if let device = tunnel.underlyingDevice { tunnel.underlyingIndex = try linkIndex(of: device) }
        try create(tunnel)
    }
}
