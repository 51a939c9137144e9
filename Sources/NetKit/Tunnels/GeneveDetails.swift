/// A Geneve device's settings as the kernel reports them (`IFLA_INFO_DATA` as
/// `IFLA_GENEVE_*`), named and typed as ``Geneve`` creates them; printed as `ip -d link show
/// type geneve` does.
public struct GeneveDetails: LinkDetails {
    public static var kind: LinkKind { .geneve }
    /// The virtual network identifier (`id`).
    public var vni: UInt32
    /// The remote endpoint (`remote`); nil for a collect-metadata (`external`) device.
    public var remote: IPAddress?
    /// The destination UDP port (`dstport`).
    public var destinationPort: UInt16
    /// The outer TTL; 0 is `auto`.
    public var ttl: UInt8
    /// The outer TOS; 1 is `inherit`.
    public var tos: TunnelTOS
    /// IPv4 UDP checksums (`udpcsum`/`noudpcsum`); the kernel reports it for an IPv4 remote.
    public var udpChecksum: Bool?
    /// IPv6 zero-checksum sending (`udp6zerocsumtx`); reported for an IPv6 remote.
    public var udp6ZeroChecksumTransmit: Bool?
    /// IPv6 zero-checksum receiving (`udp6zerocsumrx`).
    public var udp6ZeroChecksumReceive: Bool?

    /// Details with these values.
    public init(
        vni: UInt32 = 0, remote: IPAddress? = nil, destinationPort: UInt16 = 6081, ttl: UInt8 = 0, tos: TunnelTOS = 0,
        udpChecksum: Bool? = nil, udp6ZeroChecksumTransmit: Bool? = nil, udp6ZeroChecksumReceive: Bool? = nil
    ) {
        self.vni = vni
        self.remote = remote
        self.destinationPort = destinationPort
        self.ttl = ttl
        self.tos = tos
        self.udpChecksum = udpChecksum
        self.udp6ZeroChecksumTransmit = udp6ZeroChecksumTransmit
        self.udp6ZeroChecksumReceive = udp6ZeroChecksumReceive
    }

    /// The kind line of `ip -d link show`: `geneve id 42 remote 10.0.0.2 ttl auto dstport 6081
    /// noudpcsum udp6zerocsumrx`.
    public var description: String {
        var text = "geneve id \(vni)"
        if let remote { text += " remote \(remote)" }
        text += TunnelWords.ttl(ttl)
        text += TunnelWords.tos(tos)
        text += " dstport \(destinationPort)"
        return text + TunnelWords.udpChecksums(udpChecksum, udp6ZeroChecksumTransmit, udp6ZeroChecksumReceive)
    }

    init(infoData attributes: NetlinkAttributes?) {
        self.init()
        for attribute in attributes ?? .empty {
            switch attribute.type {
            case IFLA.Geneve.id: vni = attribute.uint32 ?? 0
            case IFLA.Geneve.remote: remote = IPAddress(family: .ipv4, networkBytes: attribute.value)
            case IFLA.Geneve.remote6: remote = IPAddress(family: .ipv6, networkBytes: attribute.value)
            case IFLA.Geneve.port: destinationPort = attribute.uint16BigEndian ?? 0
            case IFLA.Geneve.ttl: ttl = attribute.uint8 ?? 0
            case IFLA.Geneve.tos: tos = TunnelTOS(ipv4Value: attribute.uint8 ?? 0)
            case IFLA.Geneve.udpChecksum: udpChecksum = attribute.uint8 != 0
            case IFLA.Geneve.udpZeroChecksum6Transmit: udp6ZeroChecksumTransmit = attribute.uint8 != 0
            case IFLA.Geneve.udpZeroChecksum6Receive: udp6ZeroChecksumReceive = attribute.uint8 != 0
            default: break
            }
        }
    }
}
