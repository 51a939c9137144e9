/// A network device as the kernel reports it (`RTM_NEWLINK`): one entry of `ip -d link`.
public struct Link: Sendable, Hashable, CustomStringConvertible {
    /// The interface index (`ifindex`), unique within the namespace.
    public var index: Int32
    public var name: String
    public var kind: LinkKind
    public var hardwareType: HardwareType
    public var flags: LinkFlags
    public var operationalState: OperationalState
    public var mtu: UInt32
    /// The link-layer address as raw bytes (6 for Ethernet, 4 for an IPIP tunnel's local address).
    public var hardwareAddress: [UInt8]
    public var broadcastAddress: [UInt8]
    /// The bridge (or other master) this link is a port of (`master br0`).
    public var masterIndex: Int32?
    /// `IFLA_LINK`: for a veth, the peer's index (in the peer's namespace when ``linkNetnsID`` is
    /// set); for a tunnel, the underlying device.
    public var parentIndex: Int32?
    /// The peer's name, when the peer is in the same namespace (`veth1@veth1_p`).
    public var parentName: String?
    /// The parent (``parentIndex``, in this namespace) is down: `ip link` then prints `M-DOWN`.
    public var parentIsDown: Bool = false
    /// `link-netnsid N`: the peer lives in another namespace, known here by this id.
    public var linkNetnsID: Int32?
    public var alias: String?
    public var group: UInt32
    public var transmitQueueLength: UInt32?
    public var qdisc: String?
    /// 1 when the link mode is DORMANT.
    public var linkMode: UInt8
    public var bridge: BridgeAttributes?
    public var bridgePort: BridgePortAttributes?
    public var ipip: IPIPAttributes?

    /// `MACAddress` when the hardware address is an Ethernet one.
    public var macAddress: MACAddress? { MACAddress(bytes: hardwareAddress) }

    /// The flags as `ip link` lists them, with `M-DOWN` when the parent link is down.
    public var flagNames: [String] { flags.names + (parentIsDown ? ["M-DOWN"] : []) }

    /// Administratively up (`IFF_UP`).
    public var isUp: Bool { flags.contains(.up) }

    /// Same as `ip link`: the name followed by `@peer`, `@ifN` or `@NONE`.
    public var displayName: String {
        if let parentName { return "\(name)@\(parentName)" }
        if let parentIndex { return parentIndex == 0 ? "\(name)@NONE" : "\(name)@if\(parentIndex)" }
        return name
    }

    /// The entry as `ip -d link show` prints it (first two lines plus kind details).
    public var description: String {
        var line = "\(index): \(displayName): <\(flagNames.joined(separator: ","))> mtu \(mtu)"
        if let qdisc { line += " qdisc \(qdisc)" }
        if let masterIndex { line += " master if\(masterIndex)" }
        line += " state \(operationalState) mode \(linkMode == 1 ? "DORMANT" : "DEFAULT")"
        line += " group \(group == 0 ? "default" : String(group))"
        if let transmitQueueLength { line += " qlen \(transmitQueueLength)" }
        line += "\n    link/\(hardwareType.name) \(Link.format(hardwareAddress, type: hardwareType))"
        line += " brd \(Link.format(broadcastAddress, type: hardwareType))"
        if let linkNetnsID { line += " link-netnsid \(linkNetnsID)" }
        if let details = kindDetails { line += "\n    \(details)" }
        if let alias { line += "\n    alias \(alias)" }
        return line
    }

    private var kindDetails: String? {
        if let ipip { return ipip.description }
        if let bridge { return bridge.description }
        if kind == .veth { return "veth" }
        if let bridgePort { return bridgePort.description }
        return nil
    }

    static func format(_ bytes: [UInt8], type: HardwareType) -> String {
        if bytes.count == 4, type == .ipip || type == .none || type.rawValue == 776 {
            return bytes.map(String.init).joined(separator: ".")
        }
        return bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
