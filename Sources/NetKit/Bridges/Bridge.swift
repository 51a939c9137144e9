/// A Linux bridge: `ip link add NAME type bridge [stp_state 0|1] [forward_delay N]
/// [ageing_time N] [vlan_filtering 0|1] [vlan_protocol 802.1Q|802.1ad] [vlan_default_pvid N]`
/// (or `brctl addbr NAME`).
public struct Bridge: LinkSpecification {
    /// The bridge's name (`IFLA_IFNAME`), e.g. `cni0`, `docker0`.
    public var name: InterfaceName
    /// MTU, MAC, group (`IFLA_MTU`, `IFLA_ADDRESS`, `IFLA_GROUP`).
    public var options: LinkOptions
    /// Spanning tree protocol (`stp_state`, `IFLA_BR_STP_STATE`); off by default, as docker0
    /// and cni0 run. `false` is sent as `stp_state 0`.
    public var stp: Bool?
    /// Time a port waits in listening/learning with STP (`forward_delay`,
    /// `IFLA_BR_FORWARD_DELAY`, 2–30 s).
    public var forwardDelay: Duration?
    /// How long a learned MAC stays in the forwarding database (`ageing_time`,
    /// `IFLA_BR_AGEING_TIME`, default 300 s).
    public var ageingTime: Duration?
    /// 802.1Q VLAN filtering (`vlan_filtering 1`, `IFLA_BR_VLAN_FILTERING`); needs
    /// `CONFIG_BRIDGE_VLAN_FILTERING`, and is a typed missing feature without it.
    public var vlanFiltering: Bool?
    /// The tag protocol of VLAN filtering (`vlan_protocol`, `IFLA_BR_VLAN_PROTOCOL`); a kernel
    /// without `CONFIG_BRIDGE_VLAN_FILTERING` ignores it.
    public var vlanProtocol: VLANProtocol?
    /// The untagged PVID new ports get (`vlan_default_pvid`, `IFLA_BR_VLAN_DEFAULT_PVID`,
    /// 1 by default, 0 for none); a kernel without `CONFIG_BRIDGE_VLAN_FILTERING` ignores it.
    public var defaultPVID: UInt16?

    /// A bridge called `name`; each nil option keeps the kernel's default.
    public init(
        name: InterfaceName, options: LinkOptions = LinkOptions(), stp: Bool? = nil,
        forwardDelay: Duration? = nil, ageingTime: Duration? = nil, vlanFiltering: Bool? = nil,
        vlanProtocol: VLANProtocol? = nil, defaultPVID: UInt16? = nil
    ) {
        self.name = name
        self.options = options
        self.stp = stp
        self.forwardDelay = forwardDelay
        self.ageingTime = ageingTime
        self.vlanFiltering = vlanFiltering
        self.vlanProtocol = vlanProtocol
        self.defaultPVID = defaultPVID
    }

    var command: String {
        var text = "\(name)\(options.words) type bridge"
        if let stp { text += " stp_state \(stp ? 1 : 0)" }
        if let forwardDelay { text += " forward_delay \(Self.centiseconds(forwardDelay) ?? 0)" }
        if let ageingTime { text += " ageing_time \(Self.centiseconds(ageingTime) ?? 0)" }
        return text + BridgeVLANOptions(vlanFiltering: vlanFiltering, vlanProtocol: vlanProtocol, defaultPVID: defaultPVID).words
    }

    var kernelFeature: String? { "CONFIG_BRIDGE (module bridge)" }

    /// "Unknown device type" is the bridge itself; otherwise an EOPNOTSUPP while asking for VLAN
    /// filtering is that option, and a bare one (no extended ack) without it is the bridge.
    func missingFeature(for error: NetKitError) -> String? {
        if error.kernelMessage?.contains("Unknown device type") == true { return kernelFeature }
        if vlanFiltering == true { return "CONFIG_BRIDGE_VLAN_FILTERING" }
        return error.kernelMessage == nil ? kernelFeature : nil
    }

    /// The kernel keeps bridge times in clock_t (USER_HZ = 100 ticks a second).
    static func centiseconds(_ duration: Duration) -> UInt32? {
        let (seconds, attoseconds) = duration.components
        let ticks = seconds * 100 + attoseconds / 10_000_000_000_000_000
        return ticks >= 0 && ticks <= Int64(UInt32.max) ? UInt32(ticks) : nil
    }

    /// A kernel bridge time (clock_t, hundredths of a second) as a `Duration`.
    static func duration(centiseconds: UInt32) -> Duration { .milliseconds(Int64(centiseconds) * 10) }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        // Off is the default at creation; sending 0 would fail on kernels without
        // CONFIG_BRIDGE_VLAN_FILTERING, which reject the attribute whatever its value.
        let vlanOptions = BridgeVLANOptions(
            vlanFiltering: vlanFiltering == true ? true : nil, vlanProtocol: vlanProtocol, defaultPVID: defaultPVID)
        try vlanOptions.validate(operation: "ip link add", object: command)
        var data: [(UInt16, UInt32)] = []
        if let forwardDelay {
            guard let ticks = Self.centiseconds(forwardDelay), ticks >= 200, ticks <= 3000 else {
                throw NetKitError.invalidInput("forward delay \(forwardDelay) is outside 2–30 s", operation: "ip link add", object: command)
            }
            data.append((IFLA.Bridge.forwardDelay, ticks))
        }
        if let ageingTime {
            guard let ticks = Self.centiseconds(ageingTime) else {
                throw NetKitError.invalidInput("ageing time \(ageingTime) is out of range", operation: "ip link add", object: command)
            }
            data.append((IFLA.Bridge.ageingTime, ticks))
        }
        if let stp { data.append((IFLA.Bridge.stpState, stp ? 1 : 0)) }
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "bridge")
            info.nested(IFLA.Info.data) { nested in
                for (type, value) in data { nested.appendAttribute(type, uint32: value) }
                vlanOptions.encode(into: &nested)
            }
        }
    }
}
