/// One `bridge fdb add|append|replace|del` request, validated before anything is sent and
/// encoded as `bridge` encodes it (a unit test compares the bytes with `strace` captures).
///
/// A `master` entry lives in the bridge's database and names a port; a `self` entry lives in
/// the device's own, e.g. a vxlan device's remote (`dst`, `port`, `vni`), which is how
/// flannel's vxlan backend and Calico's vxlan mode reach other nodes.
struct ForwardingEntryRequest: Sendable, Hashable {
    var mac: MACAddress
    var dev: InterfaceName
    /// `self` (`NTF_SELF`) rather than `master` (`NTF_MASTER`).
    var isSelf: Bool
    /// nil for a deletion, which `bridge` sends as `permanent`.
    var kind: ForwardingEntryKind?
    var vlan: UInt16? = nil
    var destination: IPAddress? = nil
    var destinationPort: UInt16? = nil
    var vni: UInt32? = nil

    /// `bridge`'s words for the entry: `00:00:00:00:00:00 dev vxlan0 self permanent dst 10.0.0.2`.
    var object: String {
        var text = "\(mac) dev \(dev) \(isSelf ? "self" : "master")"
        if let kind { text += kind == .static ? " static" : " permanent" }
        if let vlan { text += " vlan \(vlan)" }
        if let destination { text += " dst \(destination)" }
        if let destinationPort { text += " port \(destinationPort)" }
        if let vni { text += " vni \(vni)" }
        return text
    }

    /// Checks what can be checked without the kernel.
    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        if let vlan, vlan == 0 || vlan > 4094 {
            throw NetKitError.invalidInput("VLAN \(vlan) is outside 1–4094", operation: operation, object: object)
        }
        if let vni, vni >= 1 << 24 {
            throw NetKitError.invalidInput("VNI \(vni) does not fit in 24 bits (0–16777215)", operation: operation, object: object)
        }
    }

    /// `NUD_NOARP` plus `NUD_REACHABLE` (static) or `NUD_PERMANENT`, as `bridge fdb` sets them.
    var state: UInt16 {
        kind == .static ? NUD.noARP | NUD.reachable : NUD.noARP | NUD.permanent
    }

    /// `RTM_NEWNEIGH`/`RTM_DELNEIGH`, family `AF_BRIDGE`, for the device at `index`.
    func encode(_ type: MessageType, flags: MessageFlags, index: Int32, operation: NetKitError.Operation) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: flags, operation: "\(type) (\(operation))", object: object)
        request.appendHeader(
            NeighbourHeader(
                family: BridgeFDB.family, index: index, state: state,
                flags: isSelf ? BridgeFDB.flagSelf : BridgeFDB.flagMaster))
        request.appendAttribute(NDA.linkLayerAddress, bytes: mac.bytes)
        if let destination { request.appendAttribute(NDA.destination, bytes: destination.networkBytes) }
        if let vlan { request.appendAttribute(NDA.vlan, uint16: vlan) }
        if let destinationPort { request.appendAttribute(NDA.port, uint16BigEndian: destinationPort) }
        if let vni { request.appendAttribute(NDA.vni, uint32: vni) }
        return request
    }

    /// The hint for a refusal of this request.
    func hint(for error: NetKitError) -> String? {
        // With a VLAN the likelier cause of EINVAL is a port that is not in it.
        if error.errno == .EINVAL, let vlan {
            return "\(dev) must be a port of a VLAN-filtering bridge with VLAN \(vlan) on it (bridge vlan add vid \(vlan) dev \(dev))"
        }
        return switch error.errno {
        case .EEXIST?:
            "\(dev) already has an entry for \(mac)\(isSelf ? "; appendForwardingEntry adds another destination, replaceForwardingEntry overwrites it" : "")"
        case .ENOENT?: "no entry for \(mac)\(destination.map { " with dst \($0)" } ?? "") on \(dev)"
        case .EAFNOSUPPORT?:
            "dst \(destination.map(String.init(describing:)) ?? "") is not of the address family \(dev) tunnels over (its local or remote address)"
        case .EINVAL? where isSelf: "a vxlan entry needs a dst, of the device's address family"
        case .EINVAL?, .EOPNOTSUPP?:
            isSelf
                ? "\(dev) keeps no forwarding database of its own (self entries are for vxlan and similar devices)"
                : "\(dev) must be a bridge port (ip link set dev \(dev) master BRIDGE)"
        default: nil
        }
    }
}
