import NetKit
import NetKitCNI

/// The `ipvlan` plugin's configuration keys (those of the reference plugin: `master`, `mode`,
/// `mtu`, `linkInContainer`, `ipam`, `dns`), checked before anything is changed: a bad value is
/// error 7 naming key and value. Chained after another plugin without `ipam`, it takes the
/// addresses of `prevResult` and, without `master`, the single interface named there.
struct IPVLANConfiguration: ChildLinkConfiguration {
    var parent: ParentLinkKeys
    /// `mode`: `l2` (the default), `l3`, `l3s` — iproute2's words.
    var mode: String
    /// `mtu`, `ipam`, `dns`.
    var common: CommonKeys
    /// `prevResult` when chained without `ipam`: its addresses are configured instead of an IPAM plugin's.
    var chainedResult: CNIResult?

    static let modes = ["l2", "l3", "l3s"]

    private struct Document: Decodable {
        var mode: String?
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        mode = try CommonKeys.word(document.mode, key: "mode", of: Self.modes, kind: "ipvlan")
        parent = try ParentLinkKeys(request, required: false)
        common = try CommonKeys(request, plugin: "netkit-ipvlan", masquerade: false)
        // Chaining is an ADD question: the prevResult of CHECK and DEL is this plugin's own result.
        let previous = request.command == .add ? request.configuration.prevResult : nil
        if parent.master == nil, let previous {
            let named = (previous.interfaces ?? []).filter { !$0.name.isEmpty }
            guard named.count == 1, previous.interfaces?.count == 1 else {
                throw CommonKeys.invalid("master", "chained master failure. PrevResult lacks a single named interface")
            }
            parent.master = named[0].name
        }
        if common.ipamType == nil, let previous, !(previous.ips ?? []).isEmpty {
            chainedResult = previous
        } else if request.command == .add {
            _ = try common.requiredIPAMType(plugin: "netkit-ipvlan")
        }
    }
}
