import NetKit
import NetKitCNI

/// The reference bridge plugin's VLAN keys: `vlan` (the port's untagged PVID), `vlanTrunk`
/// (tagged VLANs: `{"id": N}` or `{"minID": A, "maxID": B}`) and `preserveDefaultVlan`, checked
/// with the reference's rules and messages (its `loadNetConf` and `collectVlanTrunk`).
struct BridgeVLANConfiguration: Sendable, Equatable {
    /// `vlan`: the container port's PVID, untagged; 0 for none.
    var id: UInt16 = 0
    /// `vlanTrunk` as ranges of consecutive ids, ascending, without overlaps.
    var trunk: [ClosedRange<UInt16>] = []
    /// Whether `vlanTrunk` was given at all (an empty list still turns VLAN filtering on).
    var hasTrunk = false
    /// `preserveDefaultVlan`: keep the port's default VLAN (the bridge's `vlan_default_pvid`,
    /// 1) next to the configured ones instead of removing it.
    var preserveDefault = false

    /// The reference turns VLAN filtering on when it creates the bridge for either key.
    var filtering: Bool { id != 0 || hasTrunk }
    /// The port gets VLANs (and loses its default one unless preserved).
    var configuresPort: Bool { id != 0 || !trunk.isEmpty }

    /// The port's VLANs in the order the reference's `setupVeth` adds them: `vlan` as untagged
    /// PVID; the trunk's ranges tagged (an id in both ends up tagged, as the reference's later
    /// add clears the flags); VLAN 1 as untagged PVID when only a trunk is configured. Empty when
    /// neither gives the port VLANs. The port's default VLAN is removed first unless
    /// ``preserveDefault`` (`BridgeAttachment.replacesPortVLANs`); each entry is one
    /// `bridge vlan add … master` (a trunk range is one request where the reference sends one
    /// per id).
    var portVLANs: [BridgeVLAN] {
        guard configuresPort else { return [] }
        var vlans = id != 0 ? [BridgeVLAN(id, pvid: true, untagged: true)] : []
        vlans += trunk.map { BridgeVLAN(ids: $0) }
        if id == 0 { vlans.append(BridgeVLAN(1, pvid: true, untagged: true)) }
        return vlans
    }

    /// One `vlanTrunk` element.
    struct TrunkItem: Decodable, Sendable {
        var minID: Int?
        var maxID: Int?
        var id: Int?
    }

    init() {}

    /// Checks the keys as the reference does; a problem is error 7 with the reference's text.
    init(vlan: Int?, vlanTrunk: [TrunkItem?]?, preserveDefaultVlan: Bool?) throws(CNIError) {
        func invalid(_ key: String, _ why: String) -> CNIError {
            CNIError(.invalidNetworkConfiguration, "invalid network configuration: \(key)", details: why)
        }
        let vlan = vlan ?? 0
        guard (0...4094).contains(vlan) else { throw invalid("vlan", "invalid VLAN ID \(vlan) (must be between 0 and 4094)") }
        id = UInt16(vlan)
        preserveDefault = preserveDefaultVlan ?? false
        guard let vlanTrunk else { return }
        hasTrunk = true
        var ids = Set<Int>()
        for item in vlanTrunk {
            guard let item else { continue }
            switch (item.minID, item.maxID) {
            case let (minID?, maxID?):
                guard (1...4094).contains(minID) else { throw invalid("vlanTrunk", "incorrect trunk minID parameter") }
                guard (1...4094).contains(maxID) else { throw invalid("vlanTrunk", "incorrect trunk maxID parameter") }
                guard minID <= maxID else { throw invalid("vlanTrunk", "minID is greater than maxID in trunk parameter") }
                ids.formUnion(minID...maxID)
            case (nil, _?):
                throw invalid("vlanTrunk", "minID and maxID should be configured simultaneously, minID is missing")
            case (_?, nil):
                throw invalid("vlanTrunk", "minID and maxID should be configured simultaneously, maxID is missing")
            case (nil, nil):
                break
            }
            if let single = item.id {
                guard (1...4094).contains(single) else { throw invalid("vlanTrunk", "incorrect trunk id parameter") }
                ids.insert(single)
            }
        }
        trunk = Self.ranges(ids.sorted().map { UInt16($0) })
    }

    /// Consecutive ids joined into ranges: `[10, 11, 12, 20]` → `[10...12, 20...20]`.
    static func ranges(_ sorted: [UInt16]) -> [ClosedRange<UInt16>] {
        var ranges: [ClosedRange<UInt16>] = []
        for id in sorted {
            if let last = ranges.last, last.upperBound &+ 1 == id {
                ranges[ranges.count - 1] = last.lowerBound...id
            } else {
                ranges.append(id...id)
            }
        }
        return ranges
    }
}
