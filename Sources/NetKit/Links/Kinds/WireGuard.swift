/// A WireGuard device: `ip link add NAME type wireguard`. Only the link: its keys and peers are
/// configured over the `wireguard` generic-netlink family (`wg set`), which NetKit does not speak.
public struct WireGuard: PlainLinkSpecification {
    /// The new link's name (`IFLA_IFNAME`), e.g. `wg0`.
    public var name: InterfaceName
    /// MTU, group, queue length and the namespace to create it in.
    public var options: LinkOptions

    /// A WireGuard device called `name`.
    public init(name: InterfaceName, options: LinkOptions = LinkOptions()) {
        self.name = name
        self.options = options
    }

    static var kind: LinkKind { .wireguard }
    var kernelFeature: String? { "CONFIG_WIREGUARD (module wireguard)" }
}

extension NetlinkHandle {
    /// `ip link add NAME type wireguard` (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL`). Without
    /// `CONFIG_WIREGUARD` this throws ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    public func add(_ wireGuard: WireGuard) throws(NetKitError) { try create(wireGuard) }
}

/// A WireGuard device as `RTM_NEWLINK` reports it: the kind alone (the kernel sends no
/// `IFLA_INFO_DATA`; keys and peers live in its generic-netlink family). Printed `wireguard`.
public struct WireGuardDetails: LinkDetails {
    public static var kind: LinkKind { .wireguard }
    /// The details of a WireGuard link.
    public init() {}
    /// The kind line of `ip -d link show`.
    public var description: String { "wireguard" }
}
