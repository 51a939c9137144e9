/// Bridge options (`IFLA_BR_*`) as `ip -d link show type bridge` prints them.
public struct BridgeAttributes: Sendable, Hashable, CustomStringConvertible {
    /// Spanning tree: `stp_state 0|1`.
    public var stpEnabled: Bool
    /// In hundredths of a second, as the kernel stores it (`forward_delay 1500` = 15 s).
    public var forwardDelay: UInt32
    /// In hundredths of a second (`ageing_time 30000` = 300 s).
    public var ageingTime: UInt32
    public var vlanFiltering: Bool

    public var description: String {
        "bridge forward_delay \(forwardDelay) ageing_time \(ageingTime) stp_state \(stpEnabled ? 1 : 0) vlan_filtering \(vlanFiltering ? 1 : 0)"
    }
}

/// Per-port bridge options (`IFLA_BRPORT_*`), as `bridge -d link` shows them.
public struct BridgePortAttributes: Sendable, Hashable, CustomStringConvertible {
    /// STP port state: 0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking.
    public var state: UInt8
    /// The port number `brctl showmacs` prints.
    public var portNumber: UInt16
    public var hairpin: Bool
    public var isolated: Bool
    public var learning: Bool
    public var unicastFlood: Bool

    public var stateName: String {
        ["disabled", "listening", "learning", "forwarding", "blocking"][safe: Int(state)] ?? "state \(state)"
    }

    public var description: String {
        "bridge_slave state \(stateName) port_no \(portNumber) hairpin \(hairpin ? "on" : "off") learning \(learning ? "on" : "off") flood \(unicastFlood ? "on" : "off") isolated \(isolated ? "on" : "off")"
    }
}

/// IPIP tunnel parameters (`IFLA_IPTUN_*`), as `ip -d link show type ipip` prints them.
public struct IPIPAttributes: Sendable, Hashable, CustomStringConvertible {
    /// `nil` means any (`0.0.0.0`).
    public var local: IPv4Address?
    /// `nil` means any: a collect-all tunnel like `tunl0`.
    public var remote: IPv4Address?
    /// 0 means inherit.
    public var ttl: UInt8
    /// 1 means inherit.
    public var tos: UInt8
    public var pathMTUDiscovery: Bool
    /// The underlying device's index, 0 when unbound.
    public var underlyingIndex: UInt32

    public var description: String {
        var text = "ipip remote \(remote.map(String.init(describing:)) ?? "any") local \(local.map(String.init(describing:)) ?? "any")"
        text += ttl == 0 ? " ttl inherit" : " ttl \(ttl)"
        if tos > 1 { text += " tos 0x\(String(tos, radix: 16))" } else if tos == 1 { text += " tos inherit" }
        text += pathMTUDiscovery ? "" : " nopmtudisc"
        return text
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
