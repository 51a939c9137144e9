/// The result of `ADD` (spec section 5, "ADD Success"), also what `CHECK` and `DEL` receive
/// as `prevResult`, and — without `interfaces` — what an IPAM plugin returns.
///
/// Addresses stay strings as the spec writes them (`10.1.0.5/24`), so the type has no opinion
/// on how a plugin parses them. A 0.1.0/0.2.0 result (`ip4`, `ip6`) decodes too, converted as
/// ``CNILegacyResult/current`` says.
public struct CNIResult: Sendable, Hashable, Codable {
    public var cniVersion: String?
    /// Every interface the attachment created, host-side ones included.
    public var interfaces: [Interface]?
    public var ips: [IPConfiguration]?
    public var routes: [Route]?
    public var dns: DNS?

    public init(
        cniVersion: String? = nil, interfaces: [Interface]? = nil, ips: [IPConfiguration]? = nil,
        routes: [Route]? = nil, dns: DNS? = nil
    ) {
        self.cniVersion = cniVersion
        self.interfaces = interfaces
        self.ips = ips
        self.routes = routes
        self.dns = dns
    }

    /// Decodes a result of any version: the current shape, or the 0.1.0/0.2.0 one (`ip4`, `ip6`)
    /// when the JSON has that and no `ips` or `interfaces`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cniVersion = try container.decodeIfPresent(String.self, forKey: .cniVersion)
        interfaces = try container.decodeIfPresent([Interface].self, forKey: .interfaces)
        ips = try container.decodeIfPresent([IPConfiguration].self, forKey: .ips)
        routes = try container.decodeIfPresent([Route].self, forKey: .routes)
        dns = try container.decodeIfPresent(DNS.self, forKey: .dns)
        let legacy = try decoder.container(keyedBy: LegacyKeys.self)
        if ips == nil, interfaces == nil, legacy.contains(.ip4) || legacy.contains(.ip6) {
            let current = try CNILegacyResult(from: decoder).current
            ips = current.ips
            routes = (routes ?? []) + (current.routes ?? [])
        }
    }

    enum CodingKeys: String, CodingKey { case cniVersion, interfaces, ips, routes, dns }
    private enum LegacyKeys: String, CodingKey { case ip4, ip6 }

    /// An interface of the result.
    public struct Interface: Sendable, Hashable, Codable {
        public var name: String
        public var mac: String?
        /// 1.1.0.
        public var mtu: UInt32?
        /// The container's namespace path (`CNI_NETNS`) for an interface inside it; absent on the host.
        public var sandbox: String?
        /// 1.1.0.
        public var socketPath: String?
        /// 1.1.0.
        public var pciID: String?

        public init(
            name: String, mac: String? = nil, mtu: UInt32? = nil, sandbox: String? = nil,
            socketPath: String? = nil, pciID: String? = nil
        ) {
            self.name = name
            self.mac = mac
            self.mtu = mtu
            self.sandbox = sandbox
            self.socketPath = socketPath
            self.pciID = pciID
        }
    }

    /// An address assigned by the attachment.
    public struct IPConfiguration: Sendable, Hashable, Codable {
        /// Results before 1.0.0 name the family: `"4"` or `"6"`.
        public var version: String?
        /// Index into ``CNIResult/interfaces`` of the interface that carries the address.
        public var interface: Int?
        /// CIDR notation with host bits: `10.1.0.5/24`.
        public var address: String
        public var gateway: String?

        public init(address: String, gateway: String? = nil, interface: Int? = nil, version: String? = nil) {
            self.address = address
            self.gateway = gateway
            self.interface = interface
            self.version = version
        }

        enum CodingKeys: String, CodingKey { case version, interface, address, gateway }
    }

    /// A route the attachment created.
    public struct Route: Sendable, Hashable, Codable {
        public var dst: String
        /// The next hop; without one, the `gateway` of the same family's IP may be used.
        public var gw: String?
        /// 1.1.0: the path MTU.
        public var mtu: UInt32?
        /// 1.1.0: the MSS to advertise on TCP connections along the route.
        public var advmss: UInt32?
        /// 1.1.0: the metric; lower wins.
        public var priority: UInt32?
        /// 1.1.0: the routing table.
        public var table: UInt32?
        /// 1.1.0: 0 global (universe), 253 link, 254 host.
        public var scope: UInt8?

        public init(
            dst: String, gw: String? = nil, mtu: UInt32? = nil, advmss: UInt32? = nil,
            priority: UInt32? = nil, table: UInt32? = nil, scope: UInt8? = nil
        ) {
            self.dst = dst
            self.gw = gw
            self.mtu = mtu
            self.advmss = advmss
            self.priority = priority
            self.table = table
            self.scope = scope
        }
    }

    /// Resolver settings, in the result and in the network configuration.
    public struct DNS: Sendable, Hashable, Codable {
        public var nameservers: [String]?
        public var domain: String?
        public var search: [String]?
        public var options: [String]?

        public init(nameservers: [String]? = nil, domain: String? = nil, search: [String]? = nil, options: [String]? = nil) {
            self.nameservers = nameservers
            self.domain = domain
            self.search = search
            self.options = options
        }

        /// No field set: `"dns": {}`.
        public var isEmpty: Bool {
            (nameservers ?? []).isEmpty && domain == nil && (search ?? []).isEmpty && (options ?? []).isEmpty
        }
    }

    /// The result as `version` writes it: `cniVersion` set, the family `version` in each IP
    /// before 1.0.0, and the 1.1.0 fields (`mtu`, `socketPath`, `pciID`, route metrics) only
    /// from 1.1.0 on.
    public func converted(to version: CNIVersion) -> CNIResult {
        var result = self
        result.cniVersion = version.description
        result.ips = ips?.map { ip in
            var ip = ip
            ip.version = version.resultsCarryIPVersion ? (ip.address.contains(":") ? "6" : "4") : nil
            return ip
        }
        if version < .v1_1_0 {
            result.interfaces = interfaces?.map { interface in
                var interface = interface
                interface.mtu = nil
                interface.socketPath = nil
                interface.pciID = nil
                return interface
            }
            result.routes = routes?.map { CNIResult.Route(dst: $0.dst, gw: $0.gw) }
        }
        return result
    }
}
