/// `ip link add NAME [netns NS] type ifb`: an intermediate functional block, the device traffic
/// is redirected to (`tc … action mirred egress redirect dev NAME`) so that it can be shaped
/// by the ifb's root qdisc — how ingress traffic is shaped.
public struct IFB: PlainLinkSpecification {
    /// The new link's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// MTU, MAC address, group, queue length, and the namespace to create it in
    /// (``LinkOptions/namespace``).
    public var options: LinkOptions

    /// An ifb called `name`.
    public init(name: InterfaceName, options: LinkOptions = LinkOptions()) {
        self.name = name
        self.options = options
    }

    static var kind: LinkKind { .ifb }
    var kernelFeature: String? { "CONFIG_IFB (module ifb)" }
}

extension NetlinkHandle {
    /// `ip link add NAME [netns NS] type ifb` (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`).
    /// Without `CONFIG_IFB` this throws ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ ifb: IFB) throws(NetKitError) { try create(ifb) }
}
