/// A VXLAN device's settings as the kernel reports them (`IFLA_INFO_DATA` as `IFLA_VXLAN_*`),
/// named and typed as ``VXLAN`` creates them; printed as `ip -d link show type vxlan` does.
public struct VXLANDetails: LinkDetails, LinkDetailsNamingDevices {
    public static var kind: LinkKind { .vxlan }
    /// The VXLAN network identifier (`id`).
    public var vni: UInt32
    /// The outer source address (`local`), nil when unset.
    public var local: IPAddress?
    /// The unicast remote (`remote`): `IFLA_VXLAN_GROUP` holding a unicast address.
    public var remote: IPAddress?
    /// The multicast group (`group`): `IFLA_VXLAN_GROUP` holding a multicast address.
    public var group: IPAddress?
    /// The destination UDP port (`dstport`).
    public var destinationPort: UInt16
    /// The outer UDP source ports (`srcport LOW HIGH`); nil when the kernel picks (`srcport 0 0`).
    public var sourcePortRange: ClosedRange<UInt16>?
    /// Remote MACs are learned from received packets (`nolearning` when off).
    public var learning: Bool
    /// The underlying device's index (`dev`), 0 when unbound.
    public var underlyingIndex: Int32
    /// The underlying device's name, when the listing could name it.
    public var underlyingDevice: InterfaceName?
    /// The outer TTL; 0 is `auto`.
    public var ttl: UInt8
    /// The outer TOS; 1 is `inherit`.
    public var tos: TunnelTOS
    /// Outer IPv4 UDP headers carry a checksum (`udpcsum`/`noudpcsum`).
    public var udpChecksum: Bool
    /// IPv6 UDP is sent with a zero checksum (`udp6zerocsumtx`).
    public var udp6ZeroChecksumTransmit: Bool
    /// IPv6 UDP with a zero checksum is accepted (`udp6zerocsumrx`).
    public var udp6ZeroChecksumReceive: Bool
    /// The Group Based Policy extension is on (`gbp`).
    public var groupBasedPolicy: Bool
    /// How long a learned entry lives (`ageing`, whole seconds).
    public var ageingTime: Duration
    /// Layer-2 misses are reported (`l2miss`).
    public var l2Miss: Bool
    /// Layer-3 misses are reported (`l3miss`).
    public var l3Miss: Bool
    /// ARP/NDP is answered locally for known remotes (`proxy`).
    public var proxy: Bool

    /// Details with these values; the defaults are a new `ip link add … type vxlan id VNI`'s.
    public init(
        vni: UInt32 = 0, local: IPAddress? = nil, remote: IPAddress? = nil, group: IPAddress? = nil,
        destinationPort: UInt16 = 8472, sourcePortRange: ClosedRange<UInt16>? = nil, learning: Bool = true,
        underlyingIndex: Int32 = 0, underlyingDevice: InterfaceName? = nil, ttl: UInt8 = 0, tos: TunnelTOS = 0,
        udpChecksum: Bool = true, udp6ZeroChecksumTransmit: Bool = false, udp6ZeroChecksumReceive: Bool = false,
        groupBasedPolicy: Bool = false, ageingTime: Duration = .seconds(300), l2Miss: Bool = false, l3Miss: Bool = false,
        proxy: Bool = false
    ) {
        self.vni = vni
        self.local = local
        self.remote = remote
        self.group = group
        self.destinationPort = destinationPort
        self.sourcePortRange = sourcePortRange
        self.learning = learning
        self.underlyingIndex = underlyingIndex
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
    }

    /// The kind line of `ip -d link show`, in iproute2's order: `vxlan id 42 remote 10.0.0.2
    /// local 10.0.0.1 dev eth1 srcport 0 0 dstport 4789 nolearning ttl auto ageing 300 udpcsum
    /// noudp6zerocsumtx noudp6zerocsumrx`.
    public var description: String {
        var text = "vxlan id \(vni)"
        if let group { text += " group \(group)" }
        if let remote { text += " remote \(remote)" }
        if let local { text += " local \(local)" }
        if underlyingIndex != 0 { text += " dev \(underlyingDevice?.rawValue ?? "if\(underlyingIndex)")" }
        text += " srcport \(sourcePortRange?.lowerBound ?? 0) \(sourcePortRange?.upperBound ?? 0)"
        text += " dstport \(destinationPort)"
        if !learning { text += " nolearning" }
        if proxy { text += " proxy" }
        if l2Miss { text += " l2miss" }
        if l3Miss { text += " l3miss" }
        text += TunnelWords.tos(tos)
        text += TunnelWords.ttl(ttl)
        text += " ageing \(ageingTime.components.seconds)"
        text += TunnelWords.udpChecksums(udpChecksum, udp6ZeroChecksumTransmit, udp6ZeroChecksumReceive)
        if groupBasedPolicy { text += " gbp" }
        return text
    }

    func resolvingNames(_ lookup: (Int32) -> InterfaceName?) -> Self {
        var details = self
        if underlyingIndex != 0 { details.underlyingDevice = lookup(underlyingIndex) }
        return details
    }

    init(infoData attributes: NetlinkAttributes?) {
        self.init()
        var peer: IPAddress?
        for attribute in attributes ?? .empty {
            switch attribute.type {
            case IFLA.VXLAN.id: vni = attribute.uint32 ?? 0
            case IFLA.VXLAN.group: peer = IPAddress(family: .ipv4, networkBytes: attribute.value)
            case IFLA.VXLAN.group6: peer = IPAddress(family: .ipv6, networkBytes: attribute.value)
            case IFLA.VXLAN.local: local = IPAddress(family: .ipv4, networkBytes: attribute.value)
            case IFLA.VXLAN.local6: local = IPAddress(family: .ipv6, networkBytes: attribute.value)
            case IFLA.VXLAN.link: underlyingIndex = attribute.int32 ?? 0
            case IFLA.VXLAN.port: destinationPort = attribute.uint16BigEndian ?? 0
            case IFLA.VXLAN.portRange where attribute.value.count >= 4:
                let low = UInt16(attribute.value[0]) << 8 | UInt16(attribute.value[1])
                let high = UInt16(attribute.value[2]) << 8 | UInt16(attribute.value[3])
                sourcePortRange = low == 0 && high == 0 || high < low ? nil : low...high
            case IFLA.VXLAN.learning: learning = attribute.uint8 != 0
            case IFLA.VXLAN.ttl: ttl = attribute.uint8 ?? 0
            case IFLA.VXLAN.tos: tos = TunnelTOS(ipv4Value: attribute.uint8 ?? 0)
            case IFLA.VXLAN.udpChecksum: udpChecksum = attribute.uint8 != 0
            case IFLA.VXLAN.udpZeroChecksum6Transmit: udp6ZeroChecksumTransmit = attribute.uint8 != 0
            case IFLA.VXLAN.udpZeroChecksum6Receive: udp6ZeroChecksumReceive = attribute.uint8 != 0
            case IFLA.VXLAN.gbp: groupBasedPolicy = true
            case IFLA.VXLAN.ageing: ageingTime = .seconds(attribute.uint32 ?? 0)
            case IFLA.VXLAN.l2miss: l2Miss = attribute.uint8 != 0
            case IFLA.VXLAN.l3miss: l3Miss = attribute.uint8 != 0
            case IFLA.VXLAN.proxy: proxy = attribute.uint8 != 0
            default: break
            }
        }
        // The kernel reports 0.0.0.0 / :: for an unset address.
        if let address = local, address.networkBytes.allSatisfy({ $0 == 0 }) { local = nil }
        if let peer, !peer.networkBytes.allSatisfy({ $0 == 0 }) {
            if peer.isMulticast { group = peer } else { remote = peer }
        }
    }
}
