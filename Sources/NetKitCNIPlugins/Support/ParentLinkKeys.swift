import NetKit
import NetKitCNI

/// The keys of the plugins that give the container a child of a parent link (`macvlan`,
/// `ipvlan`, `vlan`): `master`, the parent, and `linkInContainer`, whether it is in the
/// container's namespace instead of the runtime's.
struct ParentLinkKeys: Sendable {
    /// `master`; nil means the interface of the first default route (``resolveParent(_:mtu:)``).
    var master: String?
    /// `linkInContainer`.
    var linkInContainer: Bool

    private struct Document: Decodable {
        var master: String?
        var linkInContainer: Bool?
    }

    /// Decodes the keys; `required` makes a missing `master` error 7 (`vlan` has no default).
    init(_ request: CNIRequest, required: Bool) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        master = document.master.flatMap { $0.isEmpty ? nil : $0 }
        linkInContainer = document.linkInContainer ?? false
        if let master, let problem = CNIEnvironment.interfaceNameProblem(master) {
            throw CommonKeys.invalid("master", "master \"\(master)\" \(problem)")
        }
        if master == nil && required {
            throw CommonKeys.invalid("master", "\"master\" field is required. It specifies the host interface name to create the VLAN for.")
        }
    }

    /// The parent link, in the runtime's namespace (or the container's with `linkInContainer`):
    /// `master`, or the device of the first default route. Error 7 when there is none, or when
    /// `mtu` is larger than the parent's.
    func resolveParent(_ namespaces: AttachmentNamespaces, mtu: UInt32?) throws(CNIError) -> Link {
        let net = linkInContainer ? namespaces.podNet : namespaces.nodeNet
        let place = linkInContainer ? "the container's namespace" : "the runtime's namespace"
        let name: String
        if let master {
            name = master
        } else {
            let routes = try attempt("find the default route's interface") { try net.routes(filter: RouteFilter(table: .main)) }
            guard let device = routes.first(where: { $0.destination.prefixLength == 0 && $0.device != nil })?.device else {
                throw CommonKeys.invalid("master", "no \"master\" and no default route interface found in \(place)")
            }
            name = device.rawValue
        }
        guard let parent = try attempt("look up master \(name)", { try net.linkIfPresent(named: InterfaceName(parsing: name)) }) else {
            throw CommonKeys.invalid("master", "failed to lookup master \"\(name)\": no such link in \(place)")
        }
        if let mtu, mtu > parent.mtu {
            throw CommonKeys.invalid("mtu", "invalid MTU \(mtu), must be [0, master MTU(\(parent.mtu))]")
        }
        return parent
    }
}
