/// A bridge's VLAN settings, as `ip link set dev BRIDGE type bridge vlan_filtering 0|1
/// vlan_protocol 802.1Q|802.1ad vlan_default_pvid N` changes them. `nil` leaves one unchanged.
public struct BridgeVLANOptions: Sendable, Hashable {
    /// Filter frames by the ports' VLANs (`vlan_filtering`, `IFLA_BR_VLAN_FILTERING`).
    public var vlanFiltering: Bool?
    /// The tag protocol (`vlan_protocol`, `IFLA_BR_VLAN_PROTOCOL`).
    public var vlanProtocol: VLANProtocol?
    /// The VLAN a new port (and the bridge) gets as untagged PVID (`vlan_default_pvid`,
    /// `IFLA_BR_VLAN_DEFAULT_PVID`, 1 by default); 0 gives new ports no VLAN.
    public var defaultPVID: UInt16?

    /// Settings to change; nil ones are left as they are.
    public init(vlanFiltering: Bool? = nil, vlanProtocol: VLANProtocol? = nil, defaultPVID: UInt16? = nil) {
        self.vlanFiltering = vlanFiltering
        self.vlanProtocol = vlanProtocol
        self.defaultPVID = defaultPVID
    }

    /// The `type bridge …` words of `ip link add|set`.
    var words: String {
        var text = ""
        if let vlanFiltering { text += " vlan_filtering \(vlanFiltering ? 1 : 0)" }
        if let vlanProtocol { text += " vlan_protocol \(vlanProtocol)" }
        if let defaultPVID { text += " vlan_default_pvid \(defaultPVID)" }
        return text
    }

    func validate(operation: NetKitError.Operation, object: String) throws(NetKitError) {
        if let vlanProtocol, vlanProtocol != .ieee8021Q, vlanProtocol != .ieee8021ad {
            throw NetKitError.invalidInput(
                "VLAN protocol \(vlanProtocol) is neither 802.1Q nor 802.1ad", operation: operation, object: object)
        }
        if let defaultPVID, defaultPVID > 4094 {
            throw NetKitError.invalidInput("default PVID \(defaultPVID) is outside 0–4094", operation: operation, object: object)
        }
    }

    /// The `IFLA_BR_*` attributes in iproute2's order: filtering, protocol (big-endian), PVID.
    func encode(into data: inout NetlinkRequest) {
        if let vlanFiltering { data.appendAttribute(IFLA.Bridge.vlanFiltering, uint8: vlanFiltering ? 1 : 0) }
        if let vlanProtocol { data.appendAttribute(IFLA.BridgeVLANOption.vlanProtocol, uint16BigEndian: vlanProtocol.rawValue) }
        if let defaultPVID { data.appendAttribute(IFLA.BridgeVLANOption.defaultPVID, uint16: defaultPVID) }
    }
}

extension NetlinkHandle {
    /// `ip link set dev BRIDGE type bridge [vlan_filtering 0|1] [vlan_protocol 802.1Q|802.1ad]
    /// [vlan_default_pvid N]` (`RTM_NEWLINK` without `NLM_F_CREATE` on the bridge's index, with
    /// `IFLA_LINKINFO` kind `bridge` and `IFLA_BR_VLAN_FILTERING`, `IFLA_BR_VLAN_PROTOCOL`,
    /// `IFLA_BR_VLAN_DEFAULT_PVID` in `IFLA_INFO_DATA`).
    ///
    /// Needs `CONFIG_BRIDGE_VLAN_FILTERING`; without it this throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)``: the kernel refuses `vlan_filtering`
    /// (`EOPNOTSUPP`) and silently ignores the other two, so after setting those the bridge is
    /// read back once to see that they took.
    public func setBridgeVLANOptions(_ bridge: InterfaceName, to options: BridgeVLANOptions) throws(NetKitError) {
        let object = "dev \(bridge) type bridge\(options.words)"
        let index = try linkIndex(of: bridge)
        let request = try Self.bridgeVLANOptionsRequest(options, index: index, object: object)
        func missing(_ kernelMessage: String?) -> NetKitError {
            NetKitError(
                .kernelFeatureMissing("CONFIG_BRIDGE_VLAN_FILTERING"), operation: request.operation, object: object,
                kernelMessage: kernelMessage, hint: "the kernel has no bridge VLAN filtering; it needs CONFIG_BRIDGE_VLAN_FILTERING")
        }
        do {
            try execute(request) { $0.errno == .EINVAL || $0.errno == .EOPNOTSUPP ? "\(bridge) must be a bridge" : nil }
        } catch {
            guard error.errno == .EOPNOTSUPP && (try? link(index: index))?.kind == .bridge else { throw error }
            throw missing(error.kernelMessage)
        }
        guard options.vlanProtocol != nil || options.defaultPVID != nil else { return }
        let link = try link(index: index)
        guard link.kind == .bridge else {
            throw NetKitError.invalidInput("\(bridge) is a \(link.kind) link, not a bridge", operation: request.operation, object: object)
        }
        if link.details(as: BridgeDetails.self)?.vlanProtocol == nil { throw missing(nil) }
    }

    /// The request of `ip link set dev BRIDGE type bridge vlan_…` for the bridge at `index`.
    static func bridgeVLANOptionsRequest(_ options: BridgeVLANOptions, index: Int32, object: String) throws(NetKitError) -> NetlinkRequest {
        let operation: NetKitError.Operation = "ip link set type bridge"
        try options.validate(operation: operation, object: object)
        var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (\(operation))", object: object)
        request.appendHeader(InterfaceInfoHeader(index: index))
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "bridge")
            info.nested(IFLA.Info.data) { options.encode(into: &$0) }
        }
        return request
    }
}
