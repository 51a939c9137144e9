import NetKit
import NetKitCNI

/// `netkit-macvlan`: the reference `macvlan` plugin on NetKit — a macvlan child of a node
/// interface (`master`, or the default route's) per container, created directly inside
/// `CNI_NETNS` with its mode, MTU and MAC; addresses and routes from the IPAM plugin
/// (optional: without it the attachment is layer 2 only). The commands are the shared ones
/// (``ChildLinkPlugin``, ``ChildLinkAttachment``).
public struct MACVLANPlugin: ChildLinkPlugin {
    typealias Configuration = MACVLANConfiguration
    static let kind = LinkKind.macvlan
    static let arpNotify = true
    public let about = "CNI plugin netkit-macvlan (NetKit): a macvlan child of a node interface per container"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { try addChild(request) }
    /// `CHECK`: also the mode.
    public func check(_ request: CNIRequest) throws(CNIError) { try checkChild(request) }
    public func delete(_ request: CNIRequest) throws(CNIError) { try deleteChild(request) }
    public func status(_ request: CNIRequest) throws(CNIError) { try childStatus(request) }
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) { try collectChildGarbage(request) }
}
