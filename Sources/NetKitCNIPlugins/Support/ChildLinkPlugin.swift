import NetKit
import NetKitCNI

/// The configuration of a plugin that gives the container a child of a parent link.
protocol ChildLinkConfiguration: Sendable {
    /// Decodes and checks the request's configuration (error 7 for a bad value).
    init(_ request: CNIRequest) throws(CNIError)
    /// `master`, `linkInContainer`.
    var parent: ParentLinkKeys { get }
    /// `mtu`, `ipam`, `dns`.
    var common: CommonKeys { get }
    /// `prevResult` whose addresses replace an IPAM plugin's (ipvlan chained without `ipam`).
    var chainedResult: CNIResult? { get }
    /// The container interface's MAC, when the plugin takes one.
    var macAddress: MACAddress? { get }
}

extension ChildLinkConfiguration {
    var chainedResult: CNIResult? { nil }
    var macAddress: MACAddress? { nil }
}

/// A plugin that gives the container a child of a parent link (`macvlan`, `ipvlan`, `vlan`):
/// what differs is the kind, its creation and its `CHECK` of the kind's own attributes; the
/// commands are ``ChildLinkAttachment``'s.
protocol ChildLinkPlugin: CNIPlugin {
    associatedtype Configuration: ChildLinkConfiguration
    /// The kind created.
    static var kind: LinkKind { get }
    /// Whether `arp_notify` is set on the child, as the reference does for this kind.
    static var arpNotify: Bool { get }
    /// `ip link add link PARENT NAME [netns POD] type KIND …` on `handle` with `options`.
    static func createLink(_ configuration: Configuration, name: String, parent: InterfaceName, handle: NetlinkHandle, options: LinkOptions)
        throws
    /// Error 103 when the kind's own attributes (mode, id) differ from the configuration.
    static func checkDetails(_ link: Link, _ configuration: Configuration) throws(CNIError)
}

extension ChildLinkPlugin {
    private func attachment(_ request: CNIRequest) throws(CNIError) -> (ChildLinkAttachment, Configuration) {
        let configuration = try Configuration(request)
        return (
            ChildLinkAttachment(request: request, parentKeys: configuration.parent, common: configuration.common, kind: Self.kind),
            configuration
        )
    }

    /// `ADD` (``ChildLinkAttachment/add(chained:arpNotify:macAddress:create:)``).
    func addChild(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        let (attachment, configuration) = try attachment(request)
        return try attachment.add(chained: configuration.chainedResult, arpNotify: Self.arpNotify, macAddress: configuration.macAddress) {
            try Self.createLink(configuration, name: request.interfaceName, parent: $0, handle: $1, options: $2)
        }
    }

    /// `CHECK`: the child, its parent and kind attributes, MAC, addresses and routes; the IPAM `CHECK`.
    func checkChild(_ request: CNIRequest) throws(CNIError) {
        let (attachment, configuration) = try attachment(request)
        try attachment.check(ipamType: configuration.common.ipamType) { link throws(CNIError) in try Self.checkDetails(link, configuration)
        }
    }

    /// `DEL`, idempotent: the IPAM release and the child. The parent is not needed (the
    /// reference fails when it is gone).
    func deleteChild(_ request: CNIRequest) throws(CNIError) {
        let (attachment, configuration) = try attachment(request)
        try attachment.delete(ipamType: configuration.common.ipamType)
    }

    /// `STATUS` (1.1.0): the IPAM plugin's `STATUS`.
    func childStatus(_ request: CNIRequest) throws(CNIError) {
        try AttachmentMaintenance.status(request, common: Configuration(request).common)
    }

    /// `GC` (1.1.0): forwarded to the IPAM plugin.
    func collectChildGarbage(_ request: CNIRequest) throws(CNIError) {
        try AttachmentMaintenance.collectGarbage(request, common: Configuration(request).common)
    }
}
