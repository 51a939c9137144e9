/// Bridge options (`IFLA_BR_*`) as `ip -d link show type bridge` prints them.
public struct BridgeAttributes: Sendable, Hashable, CustomStringConvertible {
    /// Spanning tree (`IFLA_BR_STP_STATE`): `stp_state 0|1`.
    public var stpEnabled: Bool
    /// In hundredths of a second, as the kernel stores it (`IFLA_BR_FORWARD_DELAY`,
    /// `forward_delay 1500` = 15 s).
    public var forwardDelay: UInt32
    /// In hundredths of a second (`IFLA_BR_AGEING_TIME`, `ageing_time 30000` = 300 s).
    public var ageingTime: UInt32
    /// 802.1Q VLAN filtering (`IFLA_BR_VLAN_FILTERING`): `vlan_filtering 0|1`.
    public var vlanFiltering: Bool
    /// The tag protocol (`IFLA_BR_VLAN_PROTOCOL`, `vlan_protocol 802.1Q`); nil from a kernel
    /// without `CONFIG_BRIDGE_VLAN_FILTERING`.
    public var vlanProtocol: BridgeVLANProtocol? = nil
    /// The PVID new ports get (`IFLA_BR_VLAN_DEFAULT_PVID`, `vlan_default_pvid 1`); nil from a
    /// kernel without `CONFIG_BRIDGE_VLAN_FILTERING`.
    public var defaultPVID: UInt16? = nil

    /// The `bridge …` line of `ip -d link show`, with the options NetKit reads, in iproute2's order.
    public var description: String {
        "bridge forward_delay \(forwardDelay) ageing_time \(ageingTime) stp_state \(stpEnabled ? 1 : 0) vlan_filtering \(vlanFiltering ? 1 : 0)"
            + (vlanProtocol.map { " vlan_protocol \($0)" } ?? "") + (defaultPVID.map { " vlan_default_pvid \($0)" } ?? "")
    }
}

/// Per-port bridge options (`IFLA_BRPORT_*`), as `bridge -d link` shows them.
public struct BridgePortAttributes: Sendable, Hashable, CustomStringConvertible {
    /// STP port state (`IFLA_BRPORT_STATE`): 0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking.
    public var state: UInt8
    /// The port number `brctl showmacs` prints (`IFLA_BRPORT_NO`, `port_no`).
    public var portNumber: UInt16
    /// Frames may leave through the port they came in on (`IFLA_BRPORT_MODE`, `hairpin on`).
    public var hairpin: Bool
    /// The port talks only to non-isolated ports (`IFLA_BRPORT_ISOLATED`, `isolated on`).
    public var isolated: Bool
    /// Source MACs seen on the port are learned into the FDB (`IFLA_BRPORT_LEARNING`, `learning on`).
    public var learning: Bool
    /// Unknown-unicast frames are flooded to the port (`IFLA_BRPORT_UNICAST_FLOOD`, `flood on`).
    public var unicastFlood: Bool

    /// The STP state's name, as `ip -d link` prints it after `state`.
    public var stateName: String {
        ["disabled", "listening", "learning", "forwarding", "blocking"][safe: Int(state)] ?? "state \(state)"
    }

    /// The `bridge_slave …` line of `ip -d link show`, with the options NetKit reads, in
    /// iproute2's order (`port_no` in hex, as it prints it).
    public var description: String {
        func onOff(_ value: Bool) -> String { value ? "on" : "off" }
        return "bridge_slave state \(stateName) hairpin \(onOff(hairpin)) learning \(onOff(learning)) flood \(onOff(unicastFlood))"
            + " port_no 0x\(String(portNumber, radix: 16)) isolated \(onOff(isolated))"
    }
}

/// IPIP tunnel parameters (`IFLA_IPTUN_*`), as `ip -d link show type ipip` prints them.
public struct IPIPAttributes: Sendable, Hashable, CustomStringConvertible {
    /// The outer source address (`IFLA_IPTUN_LOCAL`, `local`); `nil` means any (`0.0.0.0`).
    public var local: IPv4Address?
    /// The outer destination (`IFLA_IPTUN_REMOTE`, `remote`); `nil` means any: a collect-all
    /// tunnel like `tunl0`.
    public var remote: IPv4Address?
    /// The outer TTL (`IFLA_IPTUN_TTL`, `ttl`); 0 means inherit.
    public var ttl: UInt8
    /// The outer TOS (`IFLA_IPTUN_TOS`, `tos`); 1 means inherit.
    public var tos: UInt8
    /// Path MTU discovery: the outer header carries DF (`IFLA_IPTUN_PMTUDISC`, `pmtudisc` /
    /// `nopmtudisc`).
    public var pathMTUDiscovery: Bool
    /// The underlying device's index (`IFLA_IPTUN_LINK`, `dev`), 0 when unbound.
    public var underlyingIndex: UInt32
    /// The underlying device's name, when the listing could name it (`dev eth1`).
    public var underlyingName: String? = nil
    /// The inner protocol the tunnel accepts (`IFLA_IPTUN_PROTO`, `ip link add … type ipip mode
    /// M`): 4 `ipip`, 137 `mplsip`, 0 `any` (both; what the kernel uses when none is asked for);
    /// `nil` when the kernel did not say.
    public var tunnelProtocol: UInt8? = nil

    /// ``tunnelProtocol`` as iproute2 names it (`ipip`, `ip6ip`, `mplsip`, `any`).
    public var modeWord: String? {
        switch tunnelProtocol {
        case 4: "ipip"
        case 41: "ip6ip"
        case 137: "mplsip"
        case 0: "any"
        default: nil
        }
    }

    /// The kind line of `ip -d link show`, in iproute2's order.
    public var description: String {
        var text = "ipip " + (modeWord.map { "\($0) " } ?? "") + "remote \(remote.map(String.init(describing:)) ?? "any") local \(local.map(String.init(describing:)) ?? "any")"
        if underlyingIndex != 0 { text += " dev \(underlyingName ?? "if\(underlyingIndex)")" }
        text += ttl == 0 ? " ttl inherit" : " ttl \(ttl)"
        if tos > 1 { text += " tos 0x\(String(tos, radix: 16))" } else if tos == 1 { text += " tos inherit" }
        text += pathMTUDiscovery ? " pmtudisc" : " nopmtudisc"
        return text
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
