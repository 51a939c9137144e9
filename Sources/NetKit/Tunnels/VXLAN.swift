/// A VXLAN device: `ip link add NAME type vxlan id VNI [local A] [remote B | group G] [dev DEV]
/// dstport P [srcport LOW HIGH] [nolearning] [ttl N] [tos T] [[no]udpcsum]
/// [[no]udp6zerocsumtx] [[no]udp6zerocsumrx] [gbp] [ageing S] [l2miss] [l3miss] [proxy]` —
/// the overlay of flannel's vxlan backend and Calico's vxlan mode, whose remotes are then
/// programmed as forwarding entries (`NetlinkHandle.appendForwardingEntry(_:dev:destination:port:vni:kind:)`).
public struct VXLAN: LinkSpecification {
    /// The device's name (`IFLA_IFNAME`), e.g. `flannel.1`, `vxlan.calico`.
    public var name: InterfaceName
    /// The VXLAN network identifier (`id`, `IFLA_VXLAN_ID`), 0–16777215.
    public var vni: UInt32
    /// The outer source address (`local`, `IFLA_VXLAN_LOCAL`/`LOCAL6`).
    public var local: IPAddress?
    /// The one unicast remote (`remote`, `IFLA_VXLAN_GROUP`/`GROUP6`); nil when remotes come
    /// from forwarding entries, as flannel and Calico run it.
    public var remote: IPAddress?
    /// A multicast group for flooding (`group`, the same attribute as `remote`); needs
    /// ``underlyingDevice``.
    public var group: IPAddress?
    /// The destination UDP port (`dstport`, `IFLA_VXLAN_PORT`): 4789 (IANA, Calico), flannel
    /// uses 8472 (the kernel's own default).
    public var destinationPort: UInt16
    /// The outer UDP source ports (`srcport LOW HIGH`, `IFLA_VXLAN_PORT_RANGE`); nil lets the
    /// kernel use its ephemeral range.
    public var sourcePortRange: ClosedRange<UInt16>?
    /// Learn remote MACs from received packets (`learning`/`nolearning`, `IFLA_VXLAN_LEARNING`);
    /// flannel and Calico turn it off and program the entries themselves.
    public var learning: Bool
    /// The device the encapsulated packets leave through (`dev`, `IFLA_VXLAN_LINK`), by name,
    /// looked up in the handle's namespace.
    public var underlyingDevice: InterfaceName?
    /// The outer TTL (`ttl`, `IFLA_VXLAN_TTL`); 0 is `auto`.
    public var ttl: UInt8
    /// The outer TOS (`tos`, `IFLA_VXLAN_TOS`): a value, or `.inherit` from the inner packet.
    public var tos: TunnelTOS
    /// Checksum outer IPv4 UDP headers (`udpcsum`/`noudpcsum`, `IFLA_VXLAN_UDP_CSUM`); nil keeps
    /// the kernel's default (on).
    public var udpChecksum: Bool?
    /// Send IPv6 UDP with a zero checksum (`udp6zerocsumtx`, `IFLA_VXLAN_UDP_ZERO_CSUM6_TX`).
    public var udp6ZeroChecksumTransmit: Bool?
    /// Accept IPv6 UDP with a zero checksum (`udp6zerocsumrx`, `IFLA_VXLAN_UDP_ZERO_CSUM6_RX`).
    public var udp6ZeroChecksumReceive: Bool?
    /// The Group Based Policy extension (`gbp`, `IFLA_VXLAN_GBP`), as Cilium's policy uses it.
    public var groupBasedPolicy: Bool
    /// How long a learned entry lives (`ageing`, `IFLA_VXLAN_AGEING`, whole seconds); nil keeps
    /// 300 s.
    public var ageingTime: Duration?
    /// Report layer-2 misses to user space (`l2miss`, `IFLA_VXLAN_L2MISS`).
    public var l2Miss: Bool
    /// Report layer-3 (neighbour) misses to user space (`l3miss`, `IFLA_VXLAN_L3MISS`).
    public var l3Miss: Bool
    /// Answer ARP/NDP for known remotes locally (`proxy`, `IFLA_VXLAN_PROXY`).
    public var proxy: Bool
    /// MTU, MAC, group, target namespace (`IFLA_MTU` …).
    public var options: LinkOptions
    /// Resolved index of ``underlyingDevice``; set by `NetlinkHandle.add(_:)`.
    var underlyingIndex: Int32?

    /// A VXLAN device; each default is `ip link add NAME type vxlan id VNI dstport 4789`'s.
    public init(
        name: InterfaceName, vni: UInt32, local: IPAddress? = nil, remote: IPAddress? = nil, group: IPAddress? = nil,
        destinationPort: UInt16 = 4789, sourcePortRange: ClosedRange<UInt16>? = nil, learning: Bool = true,
        underlyingDevice: InterfaceName? = nil, ttl: UInt8 = 0, tos: TunnelTOS = 0, udpChecksum: Bool? = nil,
        udp6ZeroChecksumTransmit: Bool? = nil, udp6ZeroChecksumReceive: Bool? = nil, groupBasedPolicy: Bool = false,
        ageingTime: Duration? = nil, l2Miss: Bool = false, l3Miss: Bool = false, proxy: Bool = false,
        options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.vni = vni
        self.local = local
        self.remote = remote
        self.group = group
        self.destinationPort = destinationPort
        self.sourcePortRange = sourcePortRange
        self.learning = learning
        self.underlyingDevice = underlyingDevice
        self.ttl = ttl
        self.tos = tos
        self.udpChecksum = udpChecksum
        self.udp6ZeroChecksumTransmit = udp6ZeroChecksumTransmit
        self.udp6ZeroChecksumReceive = udp6ZeroChecksumReceive
        self.groupBasedPolicy = groupBasedPolicy
        self.ageingTime = ageingTime
        self.l2Miss = l2Miss
        self.l3Miss = l3Miss
        self.proxy = proxy
        self.options = options
    }

    var command: String {
        var text = "\(name)\(options.words) type vxlan id \(vni)"
        if let local { text += " local \(local)" }
        if let remote { text += " remote \(remote)" }
        if let group { text += " group \(group)" }
        if let underlyingDevice { text += " dev \(underlyingDevice)" }
        text += " dstport \(destinationPort)"
        if let range = sourcePortRange { text += " srcport \(range.lowerBound) \(range.upperBound)" }
        if !learning { text += " nolearning" }
        if ttl != 0 { text += " ttl \(ttl)" }
        text += TunnelWords.tos(tos)
        text += TunnelWords.udpChecksums(udpChecksum, udp6ZeroChecksumTransmit, udp6ZeroChecksumReceive)
        if groupBasedPolicy { text += " gbp" }
        if let ageingTime { text += " ageing \(ageingTime.components.seconds)" }
        if l2Miss { text += " l2miss" }
        if l3Miss { text += " l3miss" }
        if proxy { text += " proxy" }
        return text
    }

    var kernelFeature: String? { "CONFIG_VXLAN (module vxlan)" }

    /// Checks what the kernel would refuse, or silently take otherwise.
    func validate() throws(NetKitError) {
        func refuse(_ why: String) -> NetKitError { .invalidInput(why, operation: "ip link add", object: command) }
        if vni >= 1 << 24 { throw refuse("VNI \(vni) does not fit in 24 bits (0–16777215)") }
        if remote != nil && group != nil { throw refuse("give a remote or a group, not both: they are the same attribute") }
        if let remote, remote.isMulticast { throw refuse("remote \(remote) is a multicast address; use group") }
        if let group, !group.isMulticast { throw refuse("group \(group) is not a multicast address; use remote") }
        if let local, local.isMulticast { throw refuse("local \(local) is a multicast address") }
        if let local, let peer = remote ?? group, local.family != peer.family {
            throw refuse("local \(local) and \(remote != nil ? "remote" : "group") \(peer) are of different address families")
        }
        if let ageingTime, ageingTime < .zero || ageingTime.components.seconds > Int64(UInt32.max) {
            throw refuse("ageing \(ageingTime) is out of range")
        }
    }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        try validate()
        // iproute2's order: the options, then id, local, remote/group, learning and dstport.
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "vxlan")
            info.nested(IFLA.Info.data) { data in
                if let underlyingIndex { data.appendAttribute(IFLA.VXLAN.link, uint32: UInt32(bitPattern: underlyingIndex)) }
                if let range = sourcePortRange {
                    data.appendAttribute(
                        IFLA.VXLAN.portRange, bytes: Self.bigEndianBytes(range.lowerBound) + Self.bigEndianBytes(range.upperBound))
                }
                if ttl != 0 { data.appendAttribute(IFLA.VXLAN.ttl, uint8: ttl) }
                if tos != 0 { data.appendAttribute(IFLA.VXLAN.tos, uint8: tos.ipv4Value) }
                if let udpChecksum { data.appendAttribute(IFLA.VXLAN.udpChecksum, uint8: udpChecksum ? 1 : 0) }
                if let tx = udp6ZeroChecksumTransmit { data.appendAttribute(IFLA.VXLAN.udpZeroChecksum6Transmit, uint8: tx ? 1 : 0) }
                if let rx = udp6ZeroChecksumReceive { data.appendAttribute(IFLA.VXLAN.udpZeroChecksum6Receive, uint8: rx ? 1 : 0) }
                if groupBasedPolicy { data.appendFlagAttribute(IFLA.VXLAN.gbp) }
                if let ageingTime { data.appendAttribute(IFLA.VXLAN.ageing, uint32: UInt32(ageingTime.components.seconds)) }
                if l2Miss { data.appendAttribute(IFLA.VXLAN.l2miss, uint8: 1) }
                if l3Miss { data.appendAttribute(IFLA.VXLAN.l3miss, uint8: 1) }
                if proxy { data.appendAttribute(IFLA.VXLAN.proxy, uint8: 1) }
                data.appendAttribute(IFLA.VXLAN.id, uint32: vni)
                if let local {
                    data.appendAttribute(local.family == .ipv4 ? IFLA.VXLAN.local : IFLA.VXLAN.local6, bytes: local.networkBytes)
                }
                if let peer = remote ?? group {
                    data.appendAttribute(peer.family == .ipv4 ? IFLA.VXLAN.group : IFLA.VXLAN.group6, bytes: peer.networkBytes)
                }
                data.appendAttribute(IFLA.VXLAN.learning, uint8: learning ? 1 : 0)
                data.appendAttribute(IFLA.VXLAN.port, uint16BigEndian: destinationPort)
            }
        }
    }

    static func bigEndianBytes(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
}

extension NetlinkHandle {
    /// `ip link add NAME type vxlan id VNI …`: resolves `dev` in this namespace
    /// (`RTM_GETLINK`), then creates the device (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// `IFLA_VXLAN_*` in `IFLA_INFO_DATA`), in ``LinkOptions/namespace`` when set. A second
    /// device with the same VNI, port and local address throws `EEXIST`; a kernel without
    /// VXLAN throws ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming `CONFIG_VXLAN`.
    public func add(_ vxlan: VXLAN) throws(NetKitError) {
        var vxlan = vxlan
        if let device = vxlan.underlyingDevice { vxlan.underlyingIndex = try interfaceIndex(of: device, operation: "ip link add") }
        try create(vxlan)
    }
}
