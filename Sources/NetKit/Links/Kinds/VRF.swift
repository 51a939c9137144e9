/// A VRF device: `ip link add NAME type vrf table ID` — a master whose ports' routes are looked
/// up in their own routing table (`ip link set dev DEV master NAME`).
public struct VRF: LinkSpecification {
    /// The new link's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// The routing table its ports use (`table ID`, `IFLA_VRF_TABLE`); not `main`, `local` or 0.
    public var table: RouteTable
    /// MTU, MAC, group, queue length and the namespace to create it in.
    public var options: LinkOptions

    /// A VRF called `name` routing through `table`.
    public init(name: InterfaceName, table: RouteTable, options: LinkOptions = LinkOptions()) {
        self.name = name
        self.table = table
        self.options = options
    }

    var command: String { "\(name)\(options.words) type vrf table \(table.rawValue)" }
    var kernelFeature: String? { "CONFIG_NET_VRF (module vrf)" }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        if table == .unspec || table == .local {
            throw NetKitError.invalidInput("a VRF needs its own table, not \(table)", operation: "ip link add", object: command)
        }
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "vrf")
            info.nested(IFLA.Info.data) { $0.appendAttribute(IFLA.VRF.table, uint32: table.rawValue) }
        }
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type vrf table ID` (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// `IFLA_VRF_TABLE`). Without `CONFIG_NET_VRF` this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)``. Ports join it with
    /// `setMaster(_:to:)`.
    public func add(_ vrf: VRF) throws(NetKitError) { try create(vrf) }
}

/// A VRF as the kernel reports it (`IFLA_VRF_TABLE`): `vrf table 10`.
public struct VRFDetails: LinkDetails {
    public static var kind: LinkKind { .vrf }
    /// The routing table (`table`).
    public var table: RouteTable

    /// Details with this table.
    public init(table: RouteTable) { self.table = table }

    /// The kind line of `ip -d link show`.
    public var description: String { "vrf table \(table.rawValue)" }

    init(infoData attributes: NetlinkAttributes?) {
        self.init(table: .unspec)
        for attribute in attributes ?? .empty where attribute.type == IFLA.VRF.table {
            table = RouteTable(rawValue: attribute.uint32 ?? 0)
        }
    }
}

/// A VRF port's data from its master (`IFLA_INFO_SLAVE_DATA` of kind `vrf`): `vrf_slave table 10`.
public struct VRFPortDetails: LinkDetails {
    public static var kind: LinkKind { .vrf }
    /// The master's routing table (`IFLA_VRF_PORT_TABLE`, `table`).
    public var table: RouteTable

    /// Details with this table.
    public init(table: RouteTable) { self.table = table }

    /// The port line of `ip -d link show`.
    public var description: String { "vrf_slave table \(table.rawValue)" }

    init(infoData attributes: NetlinkAttributes?) {
        self.init(table: .unspec)
        for attribute in attributes ?? .empty where attribute.type == IFLA.VRF.portTable {
            table = RouteTable(rawValue: attribute.uint32 ?? 0)
        }
    }
}
