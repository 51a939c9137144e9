#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NetKit
import NetKitCNI

/// The addresses of an IPAM allocation, parsed: each with its gateway.
struct IPAMAddresses {
    var addresses: [IPNetwork] = []
    var gateways: [IPAddress?] = []

    /// Parses `allocation.ips` (error 1 for text that is not an address); an entry without a
    /// gateway gets `defaultGateway(address)`.
    init(_ allocation: CNIResult, defaultGateway: (IPNetwork) -> IPAddress? = { _ in nil }) throws(CNIError) {
        for ip in allocation.ips ?? [] {
            let address = try parseIPAMField(ip.address, IPNetwork.init(parsing:), "ips[].address")
            let gateway = try ip.gateway.map { text throws(CNIError) in try parseIPAMField(text, IPAddress.init(parsing:), "ips[].gateway")
            }
            addresses.append(address)
            gateways.append(gateway ?? defaultGateway(address))
        }
    }

    /// The result's `ips`, all on interface `interface` (an index into the result's `interfaces`).
    func resultIPs(interface: Int) -> [CNIResult.IPConfiguration] {
        zip(addresses, gateways).map { CNIResult.IPConfiguration(address: $0.description, gateway: $1?.description, interface: interface) }
    }

    /// The families present.
    var families: Set<AddressFamily> { Set(addresses.map(\.family)) }

    /// Turns on forwarding in the calling thread's namespace (the runtime's) for each family
    /// present, as the reference's `ip.EnableForward` does; a failure is error 100.
    func enableForwarding() throws(CNIError) {
        var forwarding = SysctlBatch()
        for family in families.sorted(by: { $0 == .ipv4 && $1 != .ipv4 }) { forwarding.set(.ipForward(family), true, required: true) }
        try forwarding.applyHere()
    }
}

/// Parses one field of an IPAM result: error 1 naming field and text.
func parseIPAMField<T>(_ text: String, _ parser: (String) throws(NetKitError) -> T, _ field: String) throws(CNIError) -> T {
    do {
        return try parser(text)
    } catch {
        throw CNIError(.decodingFailure, "invalid IPAM result", details: "\(field) \"\(text)\": \(error.reasonText)")
    }
}

/// The container's interface configured from an allocation, as the reference's
/// `ipam.ConfigureIface`: IPv6 on (`disable_ipv6` 0 for `lo` and the interface) when there is
/// an IPv6 address, the plugin's own sysctls, the addresses, the interface up, duplicate address
/// detection settled when there is an IPv6 gateway, then the routes (a route without a gateway
/// takes its family's).
struct ContainerAddressing {
    let namespaces: AttachmentNamespaces
    /// `CNI_IFNAME`.
    let name: String

    init(_ namespaces: AttachmentNamespaces, request: CNIRequest) {
        self.namespaces = namespaces
        name = request.interfaceName
    }

    private var pod: NetlinkHandle { namespaces.podNet }

    func configure(_ ipam: IPAMAddresses, routes: [CNIResult.Route], sysctls extra: SysctlBatch = SysctlBatch()) throws(CNIError) {
        var sysctls = SysctlBatch()
        if ipam.families.contains(.ipv6) {
            let interface = try attempt("check CNI_IFNAME") { try InterfaceName(parsing: name) }
            for device: InterfaceName in ["lo", interface] { sysctls.set(.disableIPv6(device), false, required: true) }
        }
        sysctls.append(extra)
        try sysctls.apply(in: namespaces.pod)
        for address in ipam.addresses {
            try attempt("add \(address) to \(name) in the container") {
                try pod.addAddress(
                    InterfaceAddress(address, dev: InterfaceName(parsing: name), broadcast: address.family == .ipv4 ? .computed : nil))
            }
        }
        try bringUp()
        if ipam.gateways.contains(where: { $0?.family == .ipv6 }) { try settleAddresses() }
        for route in routes {
            let destination = try parseIPAMField(route.dst, IPNetwork.init(parsing:), "routes[].dst")
            var gateway = try route.gw.map { text throws(CNIError) in try parseIPAMField(text, IPAddress.init(parsing:), "routes[].gw") }
            if gateway == nil, let index = ipam.addresses.firstIndex(where: { $0.family == destination.family }) {
                gateway = ipam.gateways[index]
            }
            try attempt("add route \(route.dst) in the container") {
                // Scope universe unless the result says otherwise, as the reference sends it.
                let kernelRoute = try Route(
                    destination.masked, via: gateway, dev: InterfaceName(parsing: name),
                    table: route.table.map { RouteTable(rawValue: $0) },
                    scope: route.scope.map { RouteScope(rawValue: $0) } ?? .global,
                    metric: route.priority, mtu: route.mtu, advmss: route.advmss)
                do {
                    try pod.addRoute(kernelRoute)
                } catch let error as NetKitError where error.isAlreadyExists {
                    // The same route twice in the allocation: it is there, as asked.
                }
            }
        }
    }

    /// `ip link set CNI_IFNAME up` in the container.
    func bringUp() throws(CNIError) {
        try attempt("set \(name) up in the container") { try pod.setUp(InterfaceName(parsing: name)) }
    }

    /// Waits (at most 10 s, polling every 50 ms as the reference's `ip.SettleAddresses` does)
    /// until no address of the interface is tentative: a tentative IPv6 address cannot be a
    /// route's source yet. Still tentative after that is error 100.
    func settleAddresses() throws(CNIError) {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(10)
        while true {
            let addresses = try attempt("read the addresses of \(name) in the container") {
                try pod.addresses(dev: InterfaceName(parsing: name))
            }
            if !addresses.contains(where: { $0.flags.contains(.tentative) || $0.flags.contains(.dadFailed) }) { return }
            guard clock.now < deadline else {
                throw CNIError(
                    .kernelFailure, "\(name) still has tentative addresses after 10 seconds",
                    details: addresses.filter { $0.flags.contains(.tentative) || $0.flags.contains(.dadFailed) }.map { "\($0.local)" }
                        .joined(separator: ", "))
            }
            usleep(50_000)
        }
    }
}
