/// One VLAN entry of a bridge port or of the bridge itself: what `bridge vlan add vid ID[-END]
/// [pvid] [untagged] dev DEV` adds and one line of `bridge vlan show` lists.
public struct BridgeVLAN: Sendable, Hashable, CustomStringConvertible {
    /// The VLAN id, or a range of ids sharing the same flags (`vid 20-30`); each in 1–4094.
    public var ids: ClosedRange<UInt16>
    /// Untagged frames arriving on the port belong to this VLAN (`pvid`,
    /// `BRIDGE_VLAN_INFO_PVID`); a single id only, and one per port.
    public var isPVID: Bool
    /// Frames of this VLAN leave the port without a tag (`untagged`,
    /// `BRIDGE_VLAN_INFO_UNTAGGED`; `Egress Untagged` in `bridge vlan show`).
    public var isUntagged: Bool

    /// A single VLAN id.
    public init(_ id: UInt16, pvid: Bool = false, untagged: Bool = false) {
        self.init(ids: id...id, pvid: pvid, untagged: untagged)
    }

    /// A range of VLAN ids (`vid 20-30`).
    public init(ids: ClosedRange<UInt16>, pvid: Bool = false, untagged: Bool = false) {
        self.ids = ids
        self.isPVID = pvid
        self.isUntagged = untagged
    }

    /// The entry's `vid` argument: `10` or `20-30`.
    public var idText: String {
        ids.count == 1 ? "\(ids.lowerBound)" : "\(ids.lowerBound)-\(ids.upperBound)"
    }

    /// The entry as `bridge vlan show` prints it after the port column:
    /// `10 PVID Egress Untagged`, `20-30`.
    public var description: String {
        idText + (isPVID ? " PVID" : "") + (isUntagged ? " Egress Untagged" : "")
    }

    /// The arguments of `bridge vlan add`: `vid 10 pvid untagged`.
    var words: String {
        "vid \(idText)" + (isPVID ? " pvid" : "") + (isUntagged ? " untagged" : "")
    }

    /// Refuses ids outside 1–4094, an empty or reversed range and a PVID range before anything
    /// is sent (iproute2 or the kernel would refuse them).
    func validate(operation: NetKitError.Operation, object: String) throws(NetKitError) {
        guard ids.lowerBound >= 1, ids.upperBound <= 4094 else {
            throw NetKitError.invalidInput("VLAN id \(idText) is outside 1–4094", operation: operation, object: object)
        }
        guard !(isPVID && ids.count > 1) else {
            throw NetKitError.invalidInput(
                "a range of VLANs (\(idText)) cannot be the PVID; only one VLAN can", operation: operation, object: object)
        }
    }
}

/// Which device applies a `bridge vlan add|del`: the port's bridge (`master`) or the device
/// itself (`self`, how a bridge's own VLANs are set: `bridge vlan add vid 10 dev br0 self`).
public struct BridgeVLANTarget: Sendable, Hashable, CustomStringConvertible {
    let flags: UInt16

    /// `master`: the bridge the port belongs to (`BRIDGE_FLAGS_MASTER`).
    public static let master = BridgeVLANTarget(flags: IFLA.BridgeAFSpec.flagsMaster)
    /// `self`: the device itself (`BRIDGE_FLAGS_SELF`); for a bridge, its own VLANs.
    public static let device = BridgeVLANTarget(flags: IFLA.BridgeAFSpec.flagsSelf)

    /// The word `bridge vlan` takes: `master` or `self`.
    public var description: String { self == .master ? "master" : "self" }
}

/// The VLANs of one device in `bridge vlan show`: a bridge port, or a bridge with its own
/// entries (`bridge vlan add … self`).
public struct BridgeVLANDevice: Sendable, Hashable, CustomStringConvertible {
    /// The device's name (the `port` column).
    public var name: InterfaceName
    /// The device's index.
    public var index: Int32
    /// The index of the bridge it is a port of; nil for the bridge itself.
    public var masterIndex: Int32?
    /// Its VLANs in the kernel's order (ascending ids).
    public var vlans: [BridgeVLAN]

    /// The device's block of `bridge vlan show` (without the header line): the name padded to
    /// the column, then one VLAN per line.
    public var description: String {
        let column = 16 + 2  // "%-16s  ", IFNAMSIZ wide
        return vlans.enumerated().map { offset, vlan in
            let label = offset == 0 ? name.rawValue : ""
            return label + String(repeating: " ", count: max(column - label.count, 2)) + vlan.description
        }.joined(separator: "\n")
    }

    /// The whole output of `bridge vlan show` for `devices`: the header line, then each
    /// device's block.
    public static func table(_ devices: [BridgeVLANDevice]) -> String {
        (["port              vlan-id  "] + devices.map(\.description)).joined(separator: "\n")
    }
}
