/// A veth pair: `ip link add NAME type veth peer name PEER [netns NS]`.
///
/// With ``peerNamespace`` set, the peer is created directly inside that namespace in the same
/// request (`VETH_INFO_PEER` carrying `IFLA_NET_NS_FD`), as CNI plugins do: there is no moment
/// where the peer sits in the wrong namespace, and nothing to undo if the name is taken.
public struct VethPair: LinkSpecification, CustomStringConvertible {
    /// The first end's name (`IFLA_IFNAME`), created in the handle's namespace.
    public var name: InterfaceName
    /// The peer's name (`peer name PEER`: `IFLA_IFNAME` inside `VETH_INFO_PEER`).
    public var peerName: InterfaceName
    /// The first end's MTU, MAC, group (`IFLA_MTU`, `IFLA_ADDRESS` …); its MTU is also the
    /// peer's unless ``peerMTU`` is set.
    public var options: LinkOptions
    /// The peer's MAC (`peer … address MAC`: `IFLA_ADDRESS` inside `VETH_INFO_PEER`).
    public var peerMACAddress: MACAddress?
    /// The peer's MTU (`peer … mtu N`: `IFLA_MTU` inside `VETH_INFO_PEER`).
    public var peerMTU: UInt32?
    /// Where the peer is created (`peer … netns NS`: `IFLA_NET_NS_FD` inside `VETH_INFO_PEER`);
    /// nil creates it beside the first end.
    public var peerNamespace: Namespace?

    /// A pair `name`/`peerName`; nil options leave the kernel's defaults.
    public init(
        name: InterfaceName, peerName: InterfaceName, options: LinkOptions = LinkOptions(),
        peerMACAddress: MACAddress? = nil, peerMTU: UInt32? = nil, peerNamespace: Namespace? = nil
    ) {
        self.name = name
        self.peerName = peerName
        self.options = options
        self.peerMACAddress = peerMACAddress
        self.peerMTU = peerMTU
        self.peerNamespace = peerNamespace
    }

    /// The pair as `ip link add` takes it: `NAME type veth peer name PEER [netns NS]`.
    public var description: String { command }

    var command: String {
        var text = "\(name)\(options.words) type veth peer name \(peerName)"
        if let peerNamespace { text += " netns \(peerNamespace.nameOrDescription)" }
        return text
    }

    var kernelFeature: String? { "CONFIG_VETH (module veth)" }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        let peer = peerName
        if peer == name && peerNamespace == nil {
            throw NetKitError.invalidInput(
                "the peer cannot have the same name as the link (\(name)) in the same namespace", operation: "ip link add", object: command)
        }
        try LinkOptions(mtu: peerMTU, macAddress: peerMACAddress).validate(for: peer)
        // A peer sent into a namespace whose name was deleted would land where nobody can reach it.
        try peerNamespace?.checkStillNamed(operation: "ip link add", object: command)
        request.nested(IFLA.linkinfo) { info in
            info.appendAttribute(IFLA.Info.kind, unterminatedString: "veth")
            info.nested(IFLA.Info.data) { data in
                data.nested(IFLA.Veth.peer) { peerInfo in
                    peerInfo.appendHeader(InterfaceInfoHeader())
                    peerInfo.appendAttribute(IFLA.ifname, string: peer.rawValue)
                    if let peerNamespace {
                        peerInfo.appendAttribute(IFLA.netnsFD, uint32: UInt32(bitPattern: peerNamespace.fileDescriptor))
                    }
                    LinkOptions(mtu: peerMTU ?? options.mtu, macAddress: peerMACAddress).encode(into: &peerInfo)
                }
            }
        }
    }
}

extension NetlinkHandle {
    /// The other end of veth `name`, read from the handle that can see it: `self` when the peer
    /// is in this namespace, or `peerHandle` for the peer's namespace.
    /// Mirrors reading `ip link show veth1` (`veth1@if5`) and then `ip -n NS link show` index 5:
    /// two `RTM_GETLINK` requests, by name (`IFLA_IFNAME`) then by the index in `IFLA_LINK`.
    public func vethPeer(of name: InterfaceName, in peerHandle: NetlinkHandle? = nil) throws(NetKitError) -> Link {
        let link = try link(named: name)
        guard link.kind == .veth, let peerIndex = link.parentIndex else {
            throw NetKitError.invalidInput("\(name) is a \(link.kind) link, not a veth", operation: "veth peer", object: name.rawValue)
        }
        let handle = peerHandle ?? self
        let peer = try handle.link(index: peerIndex)
        guard peer.kind == .veth else {
            throw NetKitError(
                .kernel(.ENODEV), operation: "veth peer", object: name.rawValue,
                hint: "index \(peerIndex) in \(handle.namespace) is \(peer.name), not \(name)'s peer; pass the peer's namespace handle")
        }
        return peer
    }
}
