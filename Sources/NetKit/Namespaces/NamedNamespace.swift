import Logging

/// A namespace under `/run/netns`, as `ip netns` manages them: a ``Namespace`` whose name is
/// not optional. ``Namespace/create(named:)`` (`ip netns add NAME`) and
/// ``Namespace/open(named:)`` (`/run/netns/NAME`) return one; its ``Namespace/origin`` is
/// ``Namespace/Origin/named(_:)`` with the same name.
///
///     let pod = try Namespace.create(named: "pod1")   // ip netns add pod1
///     print(pod.name)                                 // pod1
///
/// It is a `Namespace` wherever one is asked for (`VethPair(peerNamespace:)`, `move(_:to:)` …).
public final class NamedNamespace: Namespace, @unchecked Sendable {
    /// The name under `/run/netns`, as `ip netns list` shows it.
    public let name: String

    init(fileDescriptor: Int32, name: String) throws(NetKitError) {
        self.name = name
        try super.init(fileDescriptor: fileDescriptor, origin: .named(name))
    }

    /// A netlink handle whose socket was created inside this namespace, with the namespace's
    /// name (not optional either); see ``Namespace/netlink(logger:)``.
    public override func netlink(logger: Logger? = nil) throws(NetKitError) -> NamedNetlinkHandle {
        try NamedNetlinkHandle(namespace: self, logger: logger)
    }
}

/// A ``NetlinkHandle`` in a ``NamedNamespace``, with the namespace's ``name`` not optional:
/// what `Namespace.createWithNetlink(named:)` and ``NamedNamespace/netlink(logger:)`` return.
///
///     let net = try Namespace.createWithNetlink(named: "pod1")   // ip netns add pod1
///     print("ip -n \(net.name) link")                           // ip -n pod1 link
public final class NamedNetlinkHandle: NetlinkHandle, @unchecked Sendable {
    /// The name under `/run/netns` of the handle's namespace.
    public let name: String

    /// Opens a netlink socket inside `namespace`, as ``NetlinkHandle/init(namespace:logger:)``.
    public init(namespace: NamedNamespace, logger: Logger? = nil) throws(NetKitError) {
        name = namespace.name
        try super.init(namespace: namespace, logger: logger)
    }

    init(namespace: NamedNamespace, socket: NetlinkSocket) {
        name = namespace.name
        super.init(namespace: namespace, socket: socket)
    }
}
