/// A Geneve device: `ip link add NAME type geneve id VNI remote ADDR [ttl N] [tos T]
/// [dstport P] [[no]udpcsum] [[no]udp6zerocsumtx] [[no]udp6zerocsumrx]` — the overlay OVN and
/// Antrea use.
public struct Geneve: LinkSpecification {
    /// The device's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The virtual network identifier (`id`, `IFLA_GENEVE_ID`), 0–16777215.
    public var vni: UInt32
    /// The remote endpoint (`remote`, `IFLA_GENEVE_REMOTE`/`REMOTE6`).
    public var remote: IPAddress
    /// The destination UDP port (`dstport`, `IFLA_GENEVE_PORT`); 6081 is IANA's and the kernel's
    /// default.
    public var destinationPort: UInt16
    /// The outer TTL (`ttl`, `IFLA_GENEVE_TTL`); 0 is `auto`.
    public var ttl: UInt8
    /// The outer TOS (`tos`, `IFLA_GENEVE_TOS`): a value, or `.inherit` from the inner packet.
    public var tos: TunnelTOS
    /// Checksum outer UDP headers (`udpcsum`/`noudpcsum`, `IFLA_GENEVE_UDP_CSUM`); nil keeps the
    /// kernel's default (off for IPv4).
    public var udpChecksum: Bool?
    /// Send IPv6 UDP with a zero checksum (`udp6zerocsumtx`, `IFLA_GENEVE_UDP_ZERO_CSUM6_TX`).
    public var udp6ZeroChecksumTransmit: Bool?
    /// Accept IPv6 UDP with a zero checksum (`udp6zerocsumrx`, `IFLA_GENEVE_UDP_ZERO_CSUM6_RX`).
    public var udp6ZeroChecksumReceive: Bool?
    /// MTU, MAC, group, target namespace (`IFLA_MTU` …).
    public var options: LinkOptions

    /// A Geneve device; each default is `ip link add NAME type geneve id VNI remote ADDR`'s.
    public init(
        name: InterfaceName, vni: UInt32, remote: IPAddress, destinationPort: UInt16 = 6081, ttl: UInt8 = 0, tos: TunnelTOS = 0,
        udpChecksum: Bool? = nil, udp6ZeroChecksumTransmit: Bool? = nil, udp6ZeroChecksumReceive: Bool? = nil,
        options: LinkOptions = LinkOptions()
    ) {
        self.name = name
        self.vni = vni
        self.remote = remote
        self.destinationPort = destinationPort
        self.ttl = ttl
        self.tos = tos
        self.udpChecksum = udpChecksum
        self.udp6ZeroChecksumTransmit = udp6ZeroChecksumTransmit
        self.udp6ZeroChecksumReceive = udp6ZeroChecksumReceive
        self.options = options
    }

    var command: String {
        var text = "\(name)\(options.words) type geneve id \(vni) remote \(remote)"
        if ttl != 0 { text += " ttl \(ttl)" }
        text += TunnelWords.tos(tos)
        if destinationPort != 6081 { text += " dstport \(destinationPort)" }
        return text + TunnelWords.udpChecksums(udpChecksum, udp6ZeroChecksumTransmit, udp6ZeroChecksumReceive)
    }

    var kernelFeature: String? { "CONFIG_GENEVE (module geneve)" }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        if vni >= 1 << 24 {
            throw NetKitError.invalidInput("VNI \(vni) does not fit in 24 bits (0–16777215)", operation: "ip link add", object: command)
        }
        if remote.isMulticast || remote.networkBytes.allSatisfy({ $0 == 0 }) {
            throw NetKitError.invalidInput("remote \(remote) must be a unicast address", operation: "ip link add", object: command)
        }
        // iproute2's order: id, remote, flow label, ttl and tos (always), then the options given.
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "geneve")
            info.nested(IFLA.Info.data) { data in
                data.appendAttribute(IFLA.Geneve.id, uint32: vni)
                data.appendAttribute(remote.family == .ipv4 ? IFLA.Geneve.remote : IFLA.Geneve.remote6, bytes: remote.networkBytes)
                data.appendAttribute(IFLA.Geneve.label, uint32: 0)
                data.appendAttribute(IFLA.Geneve.ttl, uint8: ttl)
                data.appendAttribute(IFLA.Geneve.tos, uint8: tos.ipv4Value)
                if destinationPort != 6081 { data.appendAttribute(IFLA.Geneve.port, uint16BigEndian: destinationPort) }
                if let udpChecksum { data.appendAttribute(IFLA.Geneve.udpChecksum, uint8: udpChecksum ? 1 : 0) }
                if let tx = udp6ZeroChecksumTransmit { data.appendAttribute(IFLA.Geneve.udpZeroChecksum6Transmit, uint8: tx ? 1 : 0) }
                if let rx = udp6ZeroChecksumReceive { data.appendAttribute(IFLA.Geneve.udpZeroChecksum6Receive, uint8: rx ? 1 : 0) }
            }
        }
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type geneve id VNI remote ADDR …` (`RTM_NEWLINK` with
    /// `NLM_F_CREATE|NLM_F_EXCL`, `IFLA_GENEVE_*` in `IFLA_INFO_DATA`), in
    /// ``LinkOptions/namespace`` when set. A kernel without Geneve throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming `CONFIG_GENEVE`.
    public func add(_ geneve: Geneve) throws(NetKitError) { try create(geneve) }
}
