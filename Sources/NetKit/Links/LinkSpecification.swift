/// What `NetlinkHandle.add(_:)` can create: a veth pair, a bridge, an IPIP tunnel, a dummy.
/// Each builds one `RTM_NEWLINK` request with `NLM_F_CREATE|NLM_F_EXCL`, so creating what
/// exists fails with `EEXIST` instead of silently changing it.
protocol LinkSpecification: Sendable {
    /// The new link's name.
    var name: InterfaceName { get }
    /// MTU, MAC, group, queue length and the target namespace, sent before the name as iproute2
    /// sends them.
    var options: LinkOptions { get }
    /// The parent device's index (`link DEV`, `IFLA_LINK`) for a kind stacked on another
    /// device (vlan, macvlan, ipvlan), resolved in the handle's namespace; nil for the others.
    var parentIndex: Int32? { get }
    /// The `ip link add` command this mirrors, for errors and logs.
    var command: String { get }
    /// Adds the kind-specific attributes (`IFLA_LINKINFO` …) to the request, after the common
    /// ones.
    func encode(into request: inout NetlinkRequest) throws(NetKitError)
    /// A hint for a kernel error specific to this kind (e.g. a missing module).
    func hint(for error: NetKitError) -> String?
    /// The kernel feature this kind needs, reported when the kernel does not know the kind.
    var kernelFeature: String? { get }
    func missingFeature(for error: NetKitError) -> String?
}

extension LinkSpecification {
    func hint(for error: NetKitError) -> String? { nil }
    var parentIndex: Int32? { nil }

    /// The kernel feature an `EOPNOTSUPP` points at: the link kind itself when the kernel says
    /// "Unknown device type" (no driver, no module), or when it sent no extended ack at all —
    /// `rtnl_newlink` answers EOPNOTSUPP for an unknown kind before any driver runs, so a bare
    /// EOPNOTSUPP on a create means the same thing. A kind with optional features refines this.
    func missingFeature(for error: NetKitError) -> String? {
        if error.kernelMessage == nil || error.kernelMessage?.contains("Unknown device type") == true { return kernelFeature }
        return nil
    }

    /// `error` as ``NetKitError/Reason/kernelFeatureMissing(_:)`` when it is an `EOPNOTSUPP`
    /// that points at a missing kernel feature; nil for any other error.
    func featureError(for error: NetKitError) -> NetKitError? {
        guard error.errno == .EOPNOTSUPP, let feature = missingFeature(for: error) else { return nil }
        return NetKitError(
            .kernelFeatureMissing(feature), operation: error.operation, object: error.object,
            kernelMessage: error.kernelMessage,
            hint: "the kernel answered EOPNOTSUPP; it needs \(feature) built in or its module loaded")
    }
}

extension NetlinkHandle {
    /// The `RTM_NEWLINK` request that creates `specification` (validated, not yet sent), its
    /// attributes in iproute2's order: the common options, `IFLA_LINK`, `IFLA_IFNAME`, then the
    /// kind's own.
    static func createRequest(_ specification: some LinkSpecification) throws(NetKitError) -> NetlinkRequest {
        let name = specification.name
        var request = NetlinkRequest(
            .newLink, flags: [.create, .exclusive],
            operation: "RTM_NEWLINK (ip link add)", object: specification.command)
        request.appendHeader(InterfaceInfoHeader())
        try specification.options.validate(for: name)
        specification.options.encode(into: &request)
        if let parent = specification.parentIndex { request.appendAttribute(IFLA.link, int32: parent) }
        request.appendAttribute(IFLA.ifname, string: name.rawValue)
        try specification.encode(into: &request)
        return request
    }
}

/// Common link options every kind accepts, sent in the creating `RTM_NEWLINK`.
public struct LinkOptions: Sendable, Hashable {
    /// `mtu N` (`IFLA_MTU`); nil leaves the kind's default.
    public var mtu: UInt32?
    /// `address MAC` (`IFLA_ADDRESS`); nil lets the kernel pick a random one.
    public var macAddress: MACAddress?
    /// `group N` (`IFLA_GROUP`), e.g. to delete many links at once with `ip link del group N`.
    public var group: UInt32?
    /// `txqueuelen N` (`IFLA_TXQLEN`).
    public var transmitQueueLength: UInt32?
    /// `netns NS` (`IFLA_NET_NS_FD`): the link is created directly inside this namespace, in the
    /// same request, so it never exists anywhere else; nil creates it in the handle's namespace.
    /// A parent or underlying device named by the kind is still looked up in the handle's
    /// namespace.
    public var namespace: Namespace?
    /// Options; each nil one is left out of the request.
    public init(
        mtu: UInt32? = nil, macAddress: MACAddress? = nil, group: UInt32? = nil, transmitQueueLength: UInt32? = nil,
        namespace: Namespace? = nil
    ) {
        self.mtu = mtu
        self.macAddress = macAddress
        self.group = group
        self.transmitQueueLength = transmitQueueLength
        self.namespace = namespace
    }

    func validate(for name: InterfaceName) throws(NetKitError) {
        if let mtu, mtu < 68 {
            throw NetKitError.invalidInput("MTU \(mtu) is below the IPv4 minimum of 68", operation: "ip link add", object: name.rawValue)
        }
        if let macAddress, macAddress.isMulticast {
            throw NetKitError.invalidInput(
                "\(macAddress) is a multicast address; a device address must be unicast", operation: "ip link add", object: name.rawValue)
        }
        // A link sent into a namespace whose name was deleted would land where nobody can reach it.
        try namespace?.checkStillNamed(operation: "ip link add", object: name.rawValue)
    }

    func encode(into request: inout NetlinkRequest) {
        if let mtu { request.appendAttribute(IFLA.mtu, uint32: mtu) }
        if let macAddress { request.appendAttribute(IFLA.address, bytes: macAddress.bytes) }
        if let group { request.appendAttribute(IFLA.group, uint32: group) }
        if let transmitQueueLength { request.appendAttribute(IFLA.txqlen, uint32: transmitQueueLength) }
        if let namespace { request.appendAttribute(IFLA.netnsFD, uint32: UInt32(bitPattern: namespace.fileDescriptor)) }
    }

    var words: String {
        var text = ""
        if let mtu { text += " mtu \(mtu)" }
        if let macAddress { text += " address \(macAddress)" }
        if let group { text += " group \(group)" }
        if let namespace { text += " netns \(namespace.nameOrDescription)" }
        return text
    }
}

extension NetlinkHandle {
    /// `ip link add NAME type veth peer name PEER [netns NS]` (`RTM_NEWLINK` with
    /// `NLM_F_CREATE|NLM_F_EXCL`, the peer in `VETH_INFO_PEER`). A taken name (either end)
    /// throws `EEXIST` and creates nothing.
    public func add(_ veth: VethPair) throws(NetKitError) { try create(veth) }

    /// `ip link add NAME type bridge …` / `brctl addbr NAME` (`RTM_NEWLINK` with
    /// `NLM_F_CREATE|NLM_F_EXCL`, options in `IFLA_INFO_DATA` as `IFLA_BR_*`).
    public func add(_ bridge: Bridge) throws(NetKitError) { try create(bridge) }

    /// `ip link add NAME type dummy` (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`). Without
    /// `CONFIG_DUMMY` this throws ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ dummy: Dummy) throws(NetKitError) { try create(dummy) }

    /// Creates the link described by `specification` (`RTM_NEWLINK` with
    /// `NLM_F_CREATE|NLM_F_EXCL`). Creating a name that exists throws ``NetKitError`` with
    /// `EEXIST`; a kind the kernel lacks throws ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    func create(_ specification: some LinkSpecification) throws(NetKitError) {
        let request = try Self.createRequest(specification)
        do {
            try execute(request) { specification.hint(for: $0) ?? Self.existingLinkHint($0, specification.name) }
        } catch {
            throw specification.featureError(for: error) ?? error
        }
    }
}

/// A kind that takes nothing but a name and the common options (`ip link add NAME type KIND`):
/// dummy, ifb, wireguard.
protocol PlainLinkSpecification: LinkSpecification {
    /// The `IFLA_INFO_KIND` word.
    static var kind: LinkKind { get }
}

extension PlainLinkSpecification {
    var command: String { "\(name)\(options.words) type \(Self.kind)" }

    func encode(into request: inout NetlinkRequest) throws(NetKitError) {
        request.nested(IFLA.linkinfo) { $0.appendAttribute(IFLA.Info.kind, unterminatedString: Self.kind.rawValue) }
    }
}

/// `ip link add NAME type dummy`: a link with no traffic, handy for addresses and routes.
public struct Dummy: PlainLinkSpecification {
    /// The new link's name (`IFLA_IFNAME`).
    public var name: InterfaceName
    /// MTU, MAC address, group (`IFLA_MTU`, `IFLA_ADDRESS`, `IFLA_GROUP`).
    public var options: LinkOptions
    /// A dummy link called `name`.
    public init(name: InterfaceName, options: LinkOptions = LinkOptions()) {
        self.name = name
        self.options = options
    }

    static var kind: LinkKind { .dummy }
    var kernelFeature: String? { "CONFIG_DUMMY (module dummy)" }
}
