import NetKit
import NetKitCNI

/// The `vlan` plugin's configuration keys (those of the reference plugin: `master`, required,
/// `vlanId`, `mtu`, `linkInContainer`, `ipam`, required, `dns`), checked before anything is
/// changed: a bad value is error 7 naming key and value.
struct VLANConfiguration: ChildLinkConfiguration {
    var parent: ParentLinkKeys
    /// `vlanId`: 0–4094.
    var vlanID: UInt16
    /// `mtu`, `ipam`, `dns`.
    var common: CommonKeys
    /// `ipam.type`.
    var ipamType: String

    private struct Document: Decodable {
        var vlanId: Int?
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        parent = try ParentLinkKeys(request, required: true)
        let id = document.vlanId ?? 0
        guard (0...4094).contains(id) else {
            throw CommonKeys.invalid("vlanId", "invalid VLAN ID \(id) (must be between 0 and 4094 inclusive)")
        }
        vlanID = UInt16(id)
        common = try CommonKeys(request, plugin: "netkit-vlan", masquerade: false)
        ipamType = try common.requiredIPAMType(plugin: "netkit-vlan")
    }
}
