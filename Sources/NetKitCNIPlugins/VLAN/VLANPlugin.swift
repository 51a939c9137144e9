import NetKit
import NetKitCNI

/// `netkit-vlan`: the reference `vlan` plugin on NetKit — an 802.1Q child of `master` with
/// `vlanId` per container, created directly inside `CNI_NETNS` with its MTU; addresses and
/// routes from the IPAM plugin (required). The commands are the shared ones
/// (``ChildLinkPlugin``, ``ChildLinkAttachment``).
public struct VLANPlugin: ChildLinkPlugin {
    typealias Configuration = VLANConfiguration
    static let kind = LinkKind.vlan
    static let arpNotify = false
    public let about = "CNI plugin netkit-vlan (NetKit): an 802.1Q VLAN child of a node interface per container"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { try addChild(request) }
    /// `CHECK`: also the VLAN id.
    public func check(_ request: CNIRequest) throws(CNIError) { try checkChild(request) }
    public func delete(_ request: CNIRequest) throws(CNIError) { try deleteChild(request) }
    public func status(_ request: CNIRequest) throws(CNIError) { try childStatus(request) }
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) { try collectChildGarbage(request) }
}
