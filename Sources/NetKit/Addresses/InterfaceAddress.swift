/// An address configured on a network device (`RTM_NEWADDR`): one address line of `ip addr`,
/// and the request `ip addr add|replace|del` takes.
///
///     // ip addr add 172.19.0.100/24 dev veth1 brd +
///     try net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "veth1", broadcast: .computed))
///
/// What `addresses(dev:family:)` returns can be passed back to `deleteAddress(_:)` or
/// `replaceAddress(_:)`. ``local`` keeps host bits (`172.19.0.100/24`): it is the address *and* the prefix whose route
/// the kernel adds. Its ``description`` is the line `ip addr` prints, without the leading
/// indentation and trailing space:
///
///     inet 172.19.0.100/24 brd 172.19.0.255 scope global veth1
///     inet6 fe80::1/64 scope link
public struct InterfaceAddress: Sendable, Hashable, CustomStringConvertible {
    /// The device's index (`ifa_index`); 0 in a request made with ``init(_:dev:broadcast:peer:label:scope:metric:lifetime:noPrefixRoute:noDAD:)``,
    /// as requests name their device by ``interfaceName``.
    public var interfaceIndex: Int32
    /// The device's name (`dev`), or `ifN` (as `ip` prints it) if the device vanished during the listing.
    public var interfaceName: InterfaceName
    /// The local address and prefix length (`IFA_LOCAL`, `ifa_prefixlen`), host bits kept.
    public var local: IPNetwork
    /// The other end of a point-to-point address (`IFA_ADDRESS` when it differs from
    /// `IFA_LOCAL`): `inet 10.1.0.1 peer 10.1.0.2/32`. The prefix length then belongs to the peer.
    public var peer: IPAddress?
    /// The IPv4 broadcast address (`IFA_BROADCAST`), if one was set.
    public var broadcast: IPv4Address?
    /// The anycast address (`IFA_ANYCAST`), if any.
    public var anycast: IPAddress?
    /// The IPv4 label (`IFA_LABEL`), e.g. `eth0:1`; the kernel reports the device name when none
    /// was given. IPv6 addresses have none.
    public var label: String?
    /// `scope global`, `scope link`, `scope host` …
    public var scope: AddressScope
    /// `permanent`, `secondary`, `tentative`, `noprefixroute` … (`IFA_FLAGS`). A request sends
    /// only the flags a caller may set (``AddressFlags/requestable``).
    public var flags: AddressFlags
    /// From `IFA_CACHEINFO`; every address the kernel reports has one. `nil` in a request sends
    /// none (`forever`).
    public var lifetime: AddressLifetime?
    /// The metric of the prefix route (`IFA_RT_PRIORITY`), when set.
    public var metric: UInt32?
    /// Who added the address (`IFA_PROTO`: `kernel_lo`, `kernel_ra`, `kernel_ll` …), when
    /// the kernel reports it. iproute2 6.1 does not print it, so ``description`` does not either;
    /// requests do not send it.
    public var `protocol`: AddressProtocol?

    /// `inet` or `inet6`.
    public var family: AddressFamily { local.family }
    /// The local address without its prefix length.
    public var address: IPAddress { local.address }
    /// The prefix length (`ifa_prefixlen`).
    public var prefixLength: UInt8 { local.prefixLength }

    /// Has no lifetime (`permanent`); `ip addr` prints `dynamic` for the others.
    public var isPermanent: Bool { flags.contains(.permanent) }
    /// IPv6 duplicate address detection is still running: the address cannot be used yet.
    public var isTentative: Bool { flags.contains(.tentative) }
    /// IPv6 duplicate address detection found another user of the address.
    public var hasDADFailed: Bool { flags.contains(.dadFailed) }
    /// An IPv4 address that is not the first of its prefix on the device (`secondary`).
    public var isSecondary: Bool { family == .ipv4 && flags.contains(.secondary) }

    /// The address line of `ip addr`, e.g. `inet 172.19.0.100/24 brd 172.19.0.255 scope global
    /// veth1` or `inet6 2001:db8::1/64 scope global nodad noprefixroute`.
    public var description: String {
        var words = [family.description]
        var head = address.description
        if let peer { head += " peer \(peer)" }
        words.append(head + "/\(prefixLength)")
        if let metric { words.append("metric \(metric)") }
        if let broadcast { words.append("brd \(broadcast)") }
        if let anycast { words.append("any \(anycast)") }
        words.append("scope \(scope)")
        words += flags.words(family: family)
        if let label { words.append(label) }
        return words.joined(separator: " ")
    }

    /// What `ip addr add`'s `brd` option takes.
    public enum Broadcast: Sendable, Hashable {
        /// `brd +`: the prefix with all host bits set (`172.19.0.255` for `172.19.0.100/24`);
        /// none for /31 and /32 prefixes, exactly as iproute2 computes it.
        case computed
        /// `brd ADDR`
        case address(IPv4Address)
    }
}

extension InterfaceAddress {
    /// The request `ip addr add ADDR/PLEN dev DEV [brd +|ADDR] [peer P] [label L] [scope S]
    /// [metric M] [valid_lft V preferred_lft P] [noprefixroute] [nodad]` takes, validated as
    /// `addAddress(_:)` validates it (operation `create address`).
    ///
    /// Like `ip addr add 172.19.0.100/24 dev veth1`, no IPv4 broadcast is set unless asked for;
    /// `broadcast: .computed` (`brd +`) is resolved here into ``broadcast``. The scope defaults
    /// as in `ip`: `host` for `127.0.0.0/8`, `global` otherwise. A peer of the other family,
    /// `brd`/`label`/`scope` on IPv6, `nodad` on IPv4, a zero or inverted lifetime, and a label
    /// that does not start with the device name (`veth1:web`) throw `.invalidInput`.
    public init(
        _ local: IPNetwork, dev: InterfaceName, broadcast: Broadcast? = nil, peer: IPAddress? = nil,
        label: String? = nil, scope: AddressScope? = nil, metric: UInt32? = nil, lifetime: AddressLifetime? = nil,
        noPrefixRoute: Bool = false, noDAD: Bool = false
    ) throws(NetKitError) {
        var flags: AddressFlags = []
        if noPrefixRoute { flags.insert(.noPrefixRoute) }
        if noDAD { flags.insert(.noDAD) }
        let request = AddressRequest(
            local: local, dev: dev, peer: peer, broadcast: broadcast, label: label, scope: scope, metric: metric,
            lifetime: lifetime, flags: flags)
        try request.validate(operation: "create address")
        self.init(
            interfaceIndex: 0, interfaceName: dev, local: local, peer: peer, broadcast: request.computedBroadcast,
            label: label, scope: scope ?? AddressScope.addressDefault(for: local.address), flags: flags,
            lifetime: lifetime, metric: metric)
    }
}
