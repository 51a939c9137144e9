import NetKit
import NetKitCNI

/// The `ptp` plugin's configuration keys (those of the reference plugin: `mtu`, `ipMasq`,
/// `ipMasqBackend`, `dns`, `ipam`), checked before anything is changed: a bad value is
/// error 7 naming key and value. An IPAM plugin is required: it gives the addresses and the
/// gateways the point-to-point routes go through.
struct PTPConfiguration: Sendable {
    /// `mtu`, `ipam`, `dns`, `ipMasq`.
    var common: CommonKeys
    /// `ipam.type`.
    var ipamType: String

    init(_ request: CNIRequest) throws(CNIError) {
        common = try CommonKeys(request, plugin: "netkit-ptp")
        ipamType = try common.requiredIPAMType(plugin: "netkit-ptp")
    }
}
