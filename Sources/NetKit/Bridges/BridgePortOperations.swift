/// Per-port bridge settings, as `bridge link set dev PORT hairpin on|off isolated on|off
/// learning on|off flood on|off` sets them. `nil` leaves a setting unchanged.
public struct BridgePortOptions: Sendable, Hashable {
    /// Reflect frames back out of the port they came in on (needed for a pod to reach itself
    /// through a service IP: CNI's `hairpinMode`). `hairpin on`, `IFLA_BRPORT_MODE`.
    public var hairpin: Bool?
    /// Isolated ports cannot talk to each other, only to non-isolated ones (`isolated on`,
    /// `IFLA_BRPORT_ISOLATED`).
    public var isolated: Bool?
    /// Learn source MACs seen on this port into the FDB (`learning on`, `IFLA_BRPORT_LEARNING`).
    public var learning: Bool?
    /// Flood unknown-unicast traffic to this port (`flood on`, `IFLA_BRPORT_UNICAST_FLOOD`).
    public var unicastFlood: Bool?

    /// Settings to change; nil ones are left as they are.
    public init(hairpin: Bool? = nil, isolated: Bool? = nil, learning: Bool? = nil, unicastFlood: Bool? = nil) {
        self.hairpin = hairpin
        self.isolated = isolated
        self.learning = learning
        self.unicastFlood = unicastFlood
    }

    var words: String {
        var text = ""
        func word(_ name: String, _ value: Bool?) { if let value { text += " \(name) \(value ? "on" : "off")" } }
        word("hairpin", hairpin); word("isolated", isolated); word("learning", learning); word("flood", unicastFlood)
        return text
    }
}

/// A bridge with its ports, as `brctl show` lists them: one entry of `bridges()`.
public struct BridgeWithPorts: Sendable, Hashable {
    /// The bridge itself.
    public var bridge: Link
    /// The links whose master is the bridge, by name in byte order.
    public var ports: [Link]

    /// A bridge and its ports.
    public init(bridge: Link, ports: [Link]) {
        self.bridge = bridge
        self.ports = ports
    }
}

extension NetlinkHandle {
    /// `brctl show BRIDGE` / `ip link show master BRIDGE`: the links whose master is `bridge`,
    /// by name in byte order, as the kernel compares names (`RTM_GETLINK` of the bridge, then an
    /// `RTM_GETLINK` dump).
    public func bridgePorts(bridge: InterfaceName) throws(NetKitError) -> [Link] {
        let bridgeLink = try link(named: bridge)
        guard bridgeLink.kind == .bridge else {
            throw NetKitError.invalidInput(
                "\(bridge) is a \(bridgeLink.kind) link, not a bridge", operation: "brctl show", object: bridge.rawValue)
        }
        return try links().filter { $0.masterIndex == bridgeLink.index }.sorted(by: Link.byteOrderOfNames)
    }

    /// `brctl show`: every bridge with its ports, by name in byte order (one `RTM_GETLINK` dump).
    public func bridges() throws(NetKitError) -> [BridgeWithPorts] {
        let all = try links()
        return all.filter { $0.kind == .bridge }.sorted(by: Link.byteOrderOfNames).map { bridge in
            BridgeWithPorts(bridge: bridge, ports: all.filter { $0.masterIndex == bridge.index }.sorted(by: Link.byteOrderOfNames))
        }
    }

    /// `ip link set dev PORT type bridge_slave hairpin on …` (`RTM_NEWLINK` with
    /// `IFLA_INFO_SLAVE_KIND bridge` and `IFLA_INFO_SLAVE_DATA`): changes per-port options.
    public func setBridgePortOptions(_ port: InterfaceName, to options: BridgePortOptions) throws(NetKitError) {
        try modifyLink(
            port, operation: "ip link set type bridge_slave", object: "dev \(port) type bridge_slave\(options.words)",
            hint: {
                $0.errno == .EOPNOTSUPP || $0.errno == .EINVAL
                    ? "\(port) must be a port of a bridge (ip link set dev \(port) master BRIDGE) first" : nil
            }
        ) { request in
            request.nested(IFLA.linkinfo) { info in
                info.appendAttribute(IFLA.Info.slaveKind, unterminatedString: "bridge")
                info.nested(IFLA.Info.slaveData) { data in
                    if let hairpin = options.hairpin { data.appendAttribute(IFLA.BridgePort.mode, uint8: hairpin ? 1 : 0) }
                    if let isolated = options.isolated { data.appendAttribute(IFLA.BridgePort.isolated, uint8: isolated ? 1 : 0) }
                    if let learning = options.learning { data.appendAttribute(IFLA.BridgePort.learning, uint8: learning ? 1 : 0) }
                    if let flood = options.unicastFlood { data.appendAttribute(IFLA.BridgePort.unicastFlood, uint8: flood ? 1 : 0) }
                }
            }
        }
    }
}
