import NetKit
import NetKitCNI

/// `netkit-ipvlan`: the reference `ipvlan` plugin on NetKit — an ipvlan child of a node
/// interface (`master`, the default route's, or the single interface of `prevResult` when
/// chained) per container, created directly inside `CNI_NETNS` with its mode and MTU;
/// addresses and routes from the IPAM plugin or, chained without `ipam`, from `prevResult`.
/// The commands are the shared ones (``ChildLinkPlugin``, ``ChildLinkAttachment``).
public struct IPVLANPlugin: ChildLinkPlugin {
    typealias Configuration = IPVLANConfiguration
    static let kind = LinkKind.ipvlan
    static let arpNotify = true
    public let about = "CNI plugin netkit-ipvlan (NetKit): an ipvlan child of a node interface per container"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { try addChild(request) }
    /// `CHECK`: also the mode.
    public func check(_ request: CNIRequest) throws(CNIError) { try checkChild(request) }
    public func delete(_ request: CNIRequest) throws(CNIError) { try deleteChild(request) }
    public func status(_ request: CNIRequest) throws(CNIError) { try childStatus(request) }
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) { try collectChildGarbage(request) }
}
