/// How far an address is valid (`ifa_scope`): the same `RT_SCOPE_*` numbers and names
/// (`global`, `site`, `link`, `host`, `nowhere`, `/etc/iproute2/rt_scopes`) as a route's scope,
/// so it is the same type.
///
/// The kernel honours it for IPv4 only; for IPv6 it derives the scope from the address
/// (`fe80::/10` is `link`, `::1` is `host`) whatever a request says.
public typealias AddressScope = RouteScope

extension RouteScope {
    /// iproute2's `default_scope` for `ip addr add`: `host` for `127.0.0.0/8`, otherwise
    /// `global`. The kernel stores what it is sent, so NetKit sends what `ip` would.
    static func addressDefault(for address: IPAddress) -> RouteScope {
        if case .v4(let v4) = address, v4.isLoopback { return .host }
        return .global
    }

    /// The scope the kernel gives an IPv6 address whatever a request says (`ipv6_addr_scope`):
    /// `host` for `::1`, `link` for `fe80::/10`, `site` for `fec0::/10`, else `global`; nil
    /// for IPv4.
    static func ipv6Derived(for address: IPAddress) -> RouteScope? {
        guard case .v6 = address else { return nil }
        let bytes = address.networkBytes
        if bytes.prefix(15).allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return .host }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return .link }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0xC0 { return .site }
        return .global
    }
}
