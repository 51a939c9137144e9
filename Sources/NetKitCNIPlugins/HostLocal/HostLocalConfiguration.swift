import NetKit
import NetKitCNI

/// host-local's view of the network configuration: the `ipam` section (the old single-range
/// form or `ranges`, `routes`, `dataDir`, `resolvConf`) and the addresses a runtime requests
/// (`CNI_ARGS` `IP=`, `args.cni.ips`, `runtimeConfig.ips`, `runtimeConfig.ipRanges`), checked
/// and completed as the reference host-local does.
struct HostLocalConfiguration: Sendable {
    /// The network's name: the state directory's name under ``dataDirectory``.
    var networkName: String
    /// Each set is one address family's pool; one address is allocated from every set.
    var rangeSets: [[AddressRange]]
    var routes: [CNIResult.Route]
    /// `/var/lib/cni/networks` by default, as the reference.
    var dataDirectory: String
    var resolvConf: String?
    /// Addresses asked for by the runtime, each to come from the set that contains it.
    var requestedAddresses: [IPAddress]

    static let defaultDataDirectory = "/var/lib/cni/networks"

    private struct Document: Decodable {
        var ipam: IPAMSection?
        var runtimeConfig: RuntimeConfig?
        var args: Arguments?

        struct IPAMSection: Decodable {
            var subnet: String?
            var rangeStart: String?
            var rangeEnd: String?
            var gateway: String?
            var ranges: [[AddressRange.Specification]]?
            var routes: [CNIResult.Route]?
            var dataDir: String?
            var resolvConf: String?
        }
        struct RuntimeConfig: Decodable {
            var ips: [String]?
            var ipRanges: [[AddressRange.Specification]]?
        }
        struct Arguments: Decodable {
            var cni: CNIArgs?
            struct CNIArgs: Decodable { var ips: [String]? }
        }
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        guard let ipam = document.ipam else {
            throw CNIError(.invalidNetworkConfiguration, "IPAM config missing 'ipam' key")
        }
        networkName = request.networkName
        dataDirectory = ipam.dataDir.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultDataDirectory
        resolvConf = ipam.resolvConf.flatMap { $0.isEmpty ? nil : $0 }
        routes = ipam.routes ?? []
        for (index, route) in routes.enumerated() {
            try Self.checkRoute(route, at: "ipam.routes[\(index)]")
        }

        var specifications: [(spec: [AddressRange.Specification], place: String)] = []
        for (index, set) in (document.runtimeConfig?.ipRanges ?? []).enumerated() {
            specifications.append((set, "runtimeConfig.ipRanges[\(index)]"))
        }
        if ipam.subnet != nil {
            specifications.append(
                (
                    [
                        AddressRange.Specification(
                            subnet: ipam.subnet, rangeStart: ipam.rangeStart,
                            rangeEnd: ipam.rangeEnd, gateway: ipam.gateway)
                    ], "ipam"
                ))
        }
        for (index, set) in (ipam.ranges ?? []).enumerated() {
            specifications.append((set, "ipam.ranges[\(index)]"))
        }
        guard !specifications.isEmpty else {
            throw CNIError(
                .invalidNetworkConfiguration, "no IP ranges specified",
                details: "give ipam.subnet or ipam.ranges, e.g. \"ranges\": [[{\"subnet\": \"10.22.0.0/16\"}]]")
        }
        rangeSets = []
        for (spec, place) in specifications {
            guard !spec.isEmpty else { throw CNIError(.invalidNetworkConfiguration, "invalid range set", details: "\(place) is empty") }
            var set: [AddressRange] = []
            for (index, item) in spec.enumerated() {
                let range = try AddressRange(item, at: place == "ipam" ? place : "\(place)[\(index)]")
                if let first = set.first, first.family != range.family {
                    throw CNIError(.invalidNetworkConfiguration, "invalid range set", details: "\(place) mixes address families")
                }
                if let other = set.first(where: { $0.overlaps(range) }) {
                    throw CNIError(
                        .invalidNetworkConfiguration, "invalid range set", details: "\(place): ranges \(other) and \(range) overlap")
                }
                set.append(range)
            }
            rangeSets.append(set)
        }
        let sets = rangeSets
        for i in sets.indices {
            for j in sets.indices where j > i {
                if sets[i].contains(where: { a in sets[j].contains(where: { a.overlaps($0) }) }) {
                    throw CNIError(.invalidNetworkConfiguration, "range set \(i) overlaps with \(j)")
                }
            }
        }
        var requested: [String] = []
        if let ip = request.environment.arguments["IP"], !ip.isEmpty { requested.append(ip) }
        requested += document.args?.cni?.ips ?? []
        requested += document.runtimeConfig?.ips ?? []
        requestedAddresses = []
        for text in requested {
            // The reference accepts an address with or without a prefix length.
            let bare = text.split(separator: "/", maxSplits: 1).first.map(String.init) ?? text
            guard let address = IPAddress(bare) else {
                throw CNIError(
                    .invalidNetworkConfiguration, "cannot understand ip", details: "requested address \"\(text)\" is not an IP address")
            }
            requestedAddresses.append(address)
        }
    }

    private static func checkRoute(_ route: CNIResult.Route, at place: String) throws(CNIError) {
        guard IPNetwork(route.dst) != nil else {
            throw CNIError(
                .invalidNetworkConfiguration, "invalid route", details: "\(place).dst \"\(route.dst)\" is not a prefix such as 0.0.0.0/0")
        }
        if let gw = route.gw, IPAddress(gw) == nil {
            throw CNIError(.invalidNetworkConfiguration, "invalid route", details: "\(place).gw \"\(gw)\" is not an IP address")
        }
    }

    /// The state directory: `dataDir/NAME`.
    var stateDirectory: String {
        (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + networkName
    }
}
