/// The result of `ADD` in spec versions 0.1.0 and 0.2.0: at most one address per family, each
/// with the routes of its family, and no interfaces.
///
///     {"cniVersion": "0.2.0",
///      "ip4": {"ip": "10.1.0.5/24", "gateway": "10.1.0.1", "routes": [{"dst": "0.0.0.0/0"}]},
///      "dns": {}}
///
/// ``CNIPluginRunner`` writes a plugin's ``CNIResult`` in this shape for a 0.1.0 or 0.2.0
/// request (a configuration without `cniVersion` is 0.1.0), and ``CNIResult`` decodes it, so a
/// plugin reads a delegated IPAM plugin's legacy answer like any other.
public struct CNILegacyResult: Sendable, Hashable, Codable {
    public var cniVersion: String?
    public var ip4: IPConfiguration?
    public var ip6: IPConfiguration?
    /// Always written, `{}` when empty, as the reference plugins write it.
    public var dns: CNIResult.DNS

    /// One family's address, gateway and routes.
    public struct IPConfiguration: Sendable, Hashable, Codable {
        /// CIDR notation with host bits: `10.1.0.5/24`.
        public var ip: String
        public var gateway: String?
        public var routes: [Route]?

        public init(ip: String, gateway: String? = nil, routes: [Route]? = nil) {
            self.ip = ip
            self.gateway = gateway
            self.routes = routes
        }
    }

    /// A route of the legacy shape: destination and optional next hop.
    public struct Route: Sendable, Hashable, Codable {
        public var dst: String
        public var gw: String?

        public init(dst: String, gw: String? = nil) {
            self.dst = dst
            self.gw = gw
        }
    }

    public init(cniVersion: String?, ip4: IPConfiguration? = nil, ip6: IPConfiguration? = nil, dns: CNIResult.DNS = CNIResult.DNS()) {
        self.cniVersion = cniVersion
        self.ip4 = ip4
        self.ip6 = ip6
        self.dns = dns
    }

    /// Decodes the legacy shape; a missing `dns` is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cniVersion = try container.decodeIfPresent(String.self, forKey: .cniVersion)
        ip4 = try container.decodeIfPresent(IPConfiguration.self, forKey: .ip4)
        ip6 = try container.decodeIfPresent(IPConfiguration.self, forKey: .ip6)
        dns = try container.decodeIfPresent(CNIResult.DNS.self, forKey: .dns) ?? CNIResult.DNS()
    }

    enum CodingKeys: String, CodingKey { case cniVersion, ip4, ip6, dns }

    /// `result` written as `version` (0.1.0 or 0.2.0), as the reference converts: the first
    /// address of each family with its gateway, each route under the family of its destination
    /// (dropped when that family has no address), the DNS settings. Error 999 when the result has
    /// no address: the legacy shape cannot say that an attachment has none.
    public init(_ result: CNIResult, version: CNIVersion) throws(CNIError) {
        self.init(cniVersion: version.description, dns: result.dns ?? CNIResult.DNS())
        for ip in result.ips ?? [] {
            let legacy = IPConfiguration(ip: ip.address, gateway: ip.gateway)
            if Self.isIPv6(ip.address) {
                if ip6 == nil { ip6 = legacy }
            } else if ip4 == nil {
                ip4 = legacy
            }
        }
        let routes = (result.routes ?? []).map { Route(dst: $0.dst, gw: $0.gw) }
        let routes6 = routes.filter { Self.isIPv6($0.dst) }, routes4 = routes.filter { !Self.isIPv6($0.dst) }
        if !routes4.isEmpty { ip4?.routes = routes4 }
        if !routes6.isEmpty { ip6?.routes = routes6 }
        if ip4 == nil && ip6 == nil {
            throw CNIError(
                .internal, "cannot convert: no valid IP addresses",
                details: "a cniVersion \(version) result needs an ip4 or ip6 address; this attachment has none")
        }
    }

    /// The same attachment as a ``CNIResult`` (what the reference calls converting from 0.2.0):
    /// the IPv4 then the IPv6 address, each family's routes, no interfaces.
    public var current: CNIResult {
        var ips: [CNIResult.IPConfiguration] = []
        var routes: [CNIResult.Route] = []
        for (family, ip) in [("4", ip4), ("6", ip6)] {
            guard let ip else { continue }
            ips.append(CNIResult.IPConfiguration(address: ip.ip, gateway: ip.gateway, version: family))
            routes += (ip.routes ?? []).map { CNIResult.Route(dst: $0.dst, gw: $0.gw) }
        }
        return CNIResult(cniVersion: cniVersion, ips: ips, routes: routes, dns: dns)
    }

    private static func isIPv6(_ text: String) -> Bool { text.utf8.contains(UInt8(ascii: ":")) }
}
