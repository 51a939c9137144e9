/// `ip link add NAME [netns NS] type ifb`: an intermediate functional block, the device traffic
/// is redirected to (`tc … action mirred egress redirect dev NAME`) so that it can be shaped
/// by the ifb's root qdisc — how ingress traffic is shaped.
public struct IFB: LinkSpecification {
    /// The new link's name (`IFLA_IFNAME`).
    public var name: String
    /// MTU, MAC address, group, queue length.
    public var options: LinkOptions
    /// Where the link is created (`IFLA_NET_NS_FD`); nil: the handle's namespace.
    public var namespace: Namespace?

    /// An ifb called `name`, created in `namespace` (directly, in the same request) or in the
    /// handle's namespace.
    public init(name: String, options: LinkOptions = LinkOptions(), namespace: Namespace? = nil) {
        self.name = name
        self.options = options
        self.namespace = namespace
    }

    var command: String { "\(name)\(options.words)\(namespace.map { " netns \($0)" } ?? "") type ifb" }
    var kernelFeature: String? { "CONFIG_IFB (module ifb)" }

    func encode(into request: inout NetlinkRequest) throws {
        try options.validate(for: name)
        options.encode(into: &request)
        if let namespace { request.appendAttribute(IFLA.netnsFD, uint32: UInt32(bitPattern: namespace.fileDescriptor)) }
        request.nested(IFLA.linkinfo) { $0.appendAttribute(IFLA.Info.kind, unterminatedString: "ifb") }
    }
}

extension NetlinkHandle {
    /// `ip link add NAME [netns NS] type ifb` (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`).
    /// Without `CONFIG_IFB` this throws ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ ifb: IFB) throws { try create(ifb) }
}
