/// Words `ip link add … type vxlan|geneve` takes and `ip -d link` prints for both kinds.
enum TunnelWords {
    /// ` tos 0x10`, ` tos inherit`, or nothing for 0.
    static func tos(_ tos: TunnelTOS) -> String {
        tos.ipv4Words.map { " " + $0 } ?? ""
    }

    /// ` ttl 64`, or ` ttl auto` for 0.
    static func ttl(_ ttl: UInt8) -> String { ttl == 0 ? " ttl auto" : " ttl \(ttl)" }

    /// ` [no]udpcsum [no]udp6zerocsumtx [no]udp6zerocsumrx`, each only when set.
    static func udpChecksums(_ checksum: Bool?, _ zeroTransmit: Bool?, _ zeroReceive: Bool?) -> String {
        var text = ""
        if let checksum { text += checksum ? " udpcsum" : " noudpcsum" }
        if let zeroTransmit { text += zeroTransmit ? " udp6zerocsumtx" : " noudp6zerocsumtx" }
        if let zeroReceive { text += zeroReceive ? " udp6zerocsumrx" : " noudp6zerocsumrx" }
        return text
    }
}
