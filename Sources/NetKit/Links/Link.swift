/// A network device as the kernel reports it (`RTM_NEWLINK`): one entry of `ip -d link`.
public struct Link: Sendable, Hashable, CustomStringConvertible {
    /// The interface index (`ifindex`), unique within the namespace.
    public var index: Int32
    /// The interface name (`IFLA_IFNAME`), `ip link`'s `dev` word.
    public var name: InterfaceName
    /// The device kind (`IFLA_INFO_KIND`, `ip -d link`'s `linkinfo.info_kind`).
    public var kind: LinkKind
    /// The link-layer type (`ifi_type`, `ARPHRD_*`), printed after `link/`.
    public var hardwareType: HardwareType
    /// The device flags (`ifi_flags`): `<BROADCAST,MULTICAST,UP,LOWER_UP>`.
    public var flags: LinkFlags
    /// RFC 2863 state (`IFLA_OPERSTATE`), printed after `state`.
    public var operationalState: OperationalState
    /// The maximum transmission unit (`IFLA_MTU`, `mtu`).
    public var mtu: UInt32
    /// The link-layer address as raw bytes (6 for Ethernet, 4 for an IPIP tunnel's local address).
    public var hardwareAddress: [UInt8]
    /// The link-layer broadcast address (`IFLA_BROADCAST`, `brd`), or the peer of a
    /// point-to-point link.
    public var broadcastAddress: [UInt8]
    /// The index of the bridge (or other master) this link is a port of (`IFLA_MASTER`).
    public var masterIndex: Int32?
    /// The master's name (`master br0`), resolved by the listing that returned this link from
    /// the same namespace; nil when it could not be named, and iproute2 then prints `ifN`.
    public var masterName: InterfaceName? = nil
    /// `IFLA_LINK`: for a veth, the peer's index (in the peer's namespace when ``linkNetnsID`` is
    /// set); for a tunnel, the underlying device.
    public var parentIndex: Int32?
    /// The peer's name, when the peer is in the same namespace (`veth1@veth1_p`).
    public var parentName: InterfaceName?
    /// The parent (``parentIndex``, in this namespace) is down: `ip link` then prints `M-DOWN`.
    public var parentIsDown: Bool = false
    /// `IFLA_LINK_NETNSID`: the peer lives in another namespace, known here by this id
    /// (`ip -j link`'s `link_netnsid`).
    public var linkNetnsID: Int32?
    /// The name under `/run/netns` of the namespace ``linkNetnsID`` stands for, as `ip link`
    /// prints it (`link-netns NAME`): resolved when the link is read, by asking the kernel for
    /// the id of each named namespace (`RTM_GETNSID`); nil when none has that id, and the line
    /// then says `link-netnsid N`.
    public var linkNetnsName: String? = nil
    /// Free text set with `ip link set dev NAME alias TEXT` (`IFLA_IFALIAS`).
    public var alias: String?
    /// Alternative names (`IFLA_PROP_LIST`/`IFLA_ALT_IFNAME`, `altname`), set with `ip link
    /// property add dev NAME altname ALT`; the kernel finds the link by any of them.
    public var alternativeNames: [String] = []
    /// The 64-bit counters (`IFLA_STATS64`) `ip -s link` prints; nil when the kernel left
    /// them out (a request with `RTEXT_FILTER_SKIP_STATS`). Not part of the link's equality:
    /// two reads of an unchanged link compare equal while traffic moves its counters.
    public var statistics: LinkStatistics? {
        get { storedStatistics.value }
        set { storedStatistics.value = newValue }
    }
    var storedStatistics = UncomparedStatistics()
    /// The link group (`IFLA_GROUP`, `group`); 0 is `default`.
    public var group: UInt32
    /// The transmit queue length (`IFLA_TXQLEN`, `qlen`).
    public var transmitQueueLength: UInt32?
    /// The queueing discipline's name (`IFLA_QDISC`, `qdisc noqueue`).
    public var qdisc: String?
    /// The link mode (`IFLA_LINKMODE`), printed after `mode`: `DEFAULT` or `DORMANT`.
    public var linkMode: LinkMode
    /// The kind's own data (`IFLA_INFO_DATA`) for the kinds NetKit reads: ``BridgeDetails``,
    /// ``IPIPTunnelDetails`` …; read one kind with ``details(as:)``.
    public var details: (any LinkDetails)? {
        get { storedDetails.value }
        set { storedDetails.value = newValue }
    }
    /// The port's data from its master (`IFLA_INFO_SLAVE_DATA`), e.g. ``BridgePortDetails`` for
    /// a bridge port; read one kind with ``portDetails(as:)``.
    public var portDetails: (any LinkDetails)? {
        get { storedPortDetails.value }
        set { storedPortDetails.value = newValue }
    }
    var storedDetails = HashableLinkDetails()
    var storedPortDetails = HashableLinkDetails()

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
        return name.rawValue
    }

    /// The entry as `ip link show` prints it, followed by the kind's own line as `ip -d link show`
    /// prints it (for the kinds NetKit reads).
    public var description: String {
        var line = "\(index): \(displayName): <\(flagNames.joined(separator: ","))> mtu \(mtu)"
        if let qdisc { line += " qdisc \(qdisc)" }
        if let master = masterWord { line += " master \(master)" }
        line += " state \(operationalState) mode \(linkMode)"
        line += " group \(group == 0 ? "default" : String(group))"
        if let transmitQueueLength { line += " qlen \(transmitQueueLength)" }
        line += "\n    " + linkLayerLine
        if let linkNetnsName {
            line += " link-netns \(linkNetnsName)"
        } else if let linkNetnsID {
            line += " link-netnsid \(linkNetnsID)"
        }
        if let details = kindDetails { line += "\n    \(details)" }
        if let alias { line += "\n    alias \(alias)" }
        for name in alternativeNames { line += "\n    altname \(name)" }
        return line
    }

    /// `link/ether MAC brd MAC`, as iproute2 prints it: an address the kernel did not send (a TUN
    /// device has none) is left out, and a point-to-point link's second address is its peer
    /// (`link/ipip A peer B`).
    var linkLayerLine: String {
        var line = "link/\(hardwareType.name) \(Link.format(hardwareAddress, type: hardwareType))"
        if !broadcastAddress.isEmpty {
            line += (flags.contains(.pointToPoint) ? " peer " : " brd ") + Link.format(broadcastAddress, type: hardwareType)
        }
        return line
    }

    /// The master as iproute2 names it (`ll_index_to_name`): its name, or `ifN` when unknown.
    var masterWord: String? {
        masterIndex.map { index in masterName?.rawValue ?? "if\(index)" }
    }

    /// The `-d` lines after `link/…`: the kind's own line (only its word for kinds whose options
    /// NetKit does not read), then the port's line (`bridge_slave …` for a bridge port), as iproute2
    /// orders them.
    private var kindDetails: String? {
        var lines: [String] = []
        if let details {
            lines.append(details.description)
        } else if [.veth, .dummy, .vxlan, .macvlan, .tun].contains(kind) {
            lines.append(kind.description)
        }
        if let portDetails { lines.append(portDetails.description) }
        return lines.isEmpty ? nil : lines.joined(separator: "\n    ")
    }

    /// A link-layer address as iproute2's `ll_addr_n2a` prints it: IPv4 tunnels' (IPIP, SIT,
    /// GRE) dotted, IPv6 tunnels' (ip6tnl, ip6gre) as IPv6 addresses, others in hex.
    static func format(_ bytes: [UInt8], type: HardwareType) -> String {
        if bytes.count == 4, type == .ipip || type == .none || type == .sit || type == .gre {
            return bytes.map(String.init).joined(separator: ".")
        }
        if bytes.count == 16, type == .tunnel6 || type == .gre6, let address = IPv6Address(networkBytes: bytes) {
            return address.description
        }
        return bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
