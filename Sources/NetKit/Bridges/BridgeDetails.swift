/// A bridge's options as the kernel reports them (`IFLA_INFO_DATA` as `IFLA_BR_*`), named and
/// typed as ``Bridge`` creates them; printed as the `bridge …` line of `ip -d link show`.
public struct BridgeDetails: LinkDetails {
    public static var kind: LinkKind { .bridge }
    /// Spanning tree (`IFLA_BR_STP_STATE`, `stp_state 0|1`).
    public var stp: Bool
    /// Time a port waits in listening/learning with STP (`IFLA_BR_FORWARD_DELAY`, kept by the
    /// kernel in hundredths of a second: `forward_delay 1500` is 15 s).
    public var forwardDelay: Duration
    /// How long a learned MAC stays in the forwarding database (`IFLA_BR_AGEING_TIME`,
    /// `ageing_time 30000` is 300 s).
    public var ageingTime: Duration
    /// 802.1Q VLAN filtering (`IFLA_BR_VLAN_FILTERING`, `vlan_filtering 0|1`).
    public var vlanFiltering: Bool
    /// The tag protocol of VLAN filtering (`IFLA_BR_VLAN_PROTOCOL`, `vlan_protocol 802.1Q`);
    /// nil from a kernel without `CONFIG_BRIDGE_VLAN_FILTERING`, which does not report it.
    public var vlanProtocol: VLANProtocol?
    /// The untagged PVID new ports get (`IFLA_BR_VLAN_DEFAULT_PVID`, `vlan_default_pvid 1`);
    /// nil from a kernel without `CONFIG_BRIDGE_VLAN_FILTERING`.
    public var defaultPVID: UInt16?

    /// Details with these values.
    public init(
        stp: Bool, forwardDelay: Duration, ageingTime: Duration, vlanFiltering: Bool,
        vlanProtocol: VLANProtocol? = nil, defaultPVID: UInt16? = nil
    ) {
        self.stp = stp
        self.forwardDelay = forwardDelay
        self.ageingTime = ageingTime
        self.vlanFiltering = vlanFiltering
        self.vlanProtocol = vlanProtocol
        self.defaultPVID = defaultPVID
    }

    /// The `bridge …` line of `ip -d link show`, with the options NetKit reads, in iproute2's
    /// order (times in hundredths of a second, as it prints them).
    public var description: String {
        let delay = Bridge.centiseconds(forwardDelay) ?? 0, ageing = Bridge.centiseconds(ageingTime) ?? 0
        return "bridge forward_delay \(delay) ageing_time \(ageing) stp_state \(stp ? 1 : 0) vlan_filtering \(vlanFiltering ? 1 : 0)"
            + (vlanProtocol.map { " vlan_protocol \($0)" } ?? "") + (defaultPVID.map { " vlan_default_pvid \($0)" } ?? "")
    }

    init(infoData attributes: NetlinkAttributes) {
        self.init(stp: false, forwardDelay: .zero, ageingTime: .zero, vlanFiltering: false)
        for attribute in attributes {
            switch attribute.type {
            case IFLA.Bridge.stpState: stp = (attribute.uint32 ?? 0) != 0
            case IFLA.Bridge.forwardDelay: forwardDelay = Bridge.duration(centiseconds: attribute.uint32 ?? 0)
            case IFLA.Bridge.ageingTime: ageingTime = Bridge.duration(centiseconds: attribute.uint32 ?? 0)
            case IFLA.Bridge.vlanFiltering: vlanFiltering = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgeVLANOption.vlanProtocol: vlanProtocol = attribute.uint16BigEndian.map(VLANProtocol.init(rawValue:))
            case IFLA.BridgeVLANOption.defaultPVID: defaultPVID = attribute.uint16
            default: break
            }
        }
    }
}

/// A bridge port's STP state (`IFLA_BRPORT_STATE`, `BR_STATE_*`), printed as iproute2's word.
public struct BridgePortState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `BR_STATE_*` value.
    public var rawValue: UInt8
    /// The state with this `BR_STATE_*` value.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `BR_STATE_DISABLED`: the port is down or administratively disabled.
    public static let disabled = BridgePortState(rawValue: 0)
    /// `BR_STATE_LISTENING`: STP is deciding; nothing is learned or forwarded.
    public static let listening = BridgePortState(rawValue: 1)
    /// `BR_STATE_LEARNING`: addresses are learned, frames not yet forwarded.
    public static let learning = BridgePortState(rawValue: 2)
    /// `BR_STATE_FORWARDING`: the port learns and forwards.
    public static let forwarding = BridgePortState(rawValue: 3)
    /// `BR_STATE_BLOCKING`: STP blocked the port to break a loop.
    public static let blocking = BridgePortState(rawValue: 4)

    /// iproute2's word (`disabled` … `blocking`), or the number for a state it has no word for.
    public var description: String {
        ["disabled", "listening", "learning", "forwarding", "blocking"].dropFirst(Int(rawValue)).first ?? String(rawValue)
    }
}

/// A bridge port's options (`IFLA_INFO_SLAVE_DATA` of kind `bridge`, `IFLA_BRPORT_*`), as
/// `bridge -d link` shows them; printed as the `bridge_slave …` line of `ip -d link show`.
public struct BridgePortDetails: LinkDetails {
    public static var kind: LinkKind { .bridge }
    /// The STP port state (`IFLA_BRPORT_STATE`, `state forwarding`).
    public var state: BridgePortState
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

    /// Details with these values.
    public init(state: BridgePortState, portNumber: UInt16, hairpin: Bool, isolated: Bool, learning: Bool, unicastFlood: Bool) {
        self.state = state
        self.portNumber = portNumber
        self.hairpin = hairpin
        self.isolated = isolated
        self.learning = learning
        self.unicastFlood = unicastFlood
    }

    /// The `bridge_slave …` line of `ip -d link show`, with the options NetKit reads, in
    /// iproute2's order (`port_no` in hex, as it prints it).
    public var description: String {
        func onOff(_ value: Bool) -> String { value ? "on" : "off" }
        return "bridge_slave state \(state) hairpin \(onOff(hairpin)) learning \(onOff(learning)) flood \(onOff(unicastFlood))"
            + " port_no 0x\(String(portNumber, radix: 16)) isolated \(onOff(isolated))"
    }

    init(infoData attributes: NetlinkAttributes) {
        self.init(state: .disabled, portNumber: 0, hairpin: false, isolated: false, learning: false, unicastFlood: false)
        for attribute in attributes {
            switch attribute.type {
            case IFLA.BridgePort.state: state = BridgePortState(rawValue: attribute.uint8 ?? 0)
            case IFLA.BridgePort.portNumber: portNumber = attribute.uint16 ?? 0
            case IFLA.BridgePort.mode: hairpin = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgePort.isolated: isolated = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgePort.learning: learning = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgePort.unicastFlood: unicastFlood = (attribute.uint8 ?? 0) != 0
            default: break
            }
        }
    }
}
