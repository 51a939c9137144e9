import NetKit
import NetKitCNI

/// The steps of `ADD`, each mirroring what the reference bridge plugin does, in the namespace
/// where the reference does it.
struct BridgeSetup {
    let configuration: BridgeConfiguration
    let namespaces: AttachmentNamespaces
    let request: CNIRequest
    /// Held for the whole `ADD` (taken before the bridge is looked up): the undo steps that
    /// touch the bridge run only if no other `ADD` claims it (``BridgeClaim``).
    let claim: BridgeClaim

    var node: NetlinkHandle { namespaces.nodeNet }
    private var pod: NetlinkHandle { namespaces.podNet }
    var bridgeName: String { configuration.bridgeName }
    private var interfaceName: String { request.interfaceName }

    /// The veth pair made for the container.
    struct Veth {
        var hostName: String
        var hostMAC: MACAddress
        var containerMAC: MACAddress
    }

    /// The bridge, created if missing (`ip link add cni0 type bridge` with a fixed random MAC, so
    /// the bridge does not take its lowest port's MAC as ports come and go), up, promiscuous if
    /// configured, with `accept_ra` off (the plugin owns its routes). A link of that name that is
    /// not a bridge is error 102. A bridge this call created is removed again by `undo` if no
    /// other `ADD` claims it and it has no port then (a failed first `ADD` leaves the node as it
    /// found it, and never takes a bridge from under a concurrent one).
    func ensureBridge(undo: inout RollbackLog) throws(CNIError) -> Link {
        let what = "set up bridge \(bridgeName)"
        var link = try attempt(what) { try node.existingLink(named: bridgeName) }
        if link == nil {
            let created = try attempt(what) { () -> Bool in
                do {
                    try node.add(Bridge(name: bridgeName, options: LinkOptions(mtu: configuration.mtu, macAddress: .random()),
                                        vlanFiltering: configuration.vlan.filtering ? true : nil))
                    return true
                } catch let error as NetKitError where error.isAlreadyExists {
                    return false  // another ADD created it first
                }
            }
            link = try attempt(what) { try node.link(named: bridgeName) }
            if created, let index = link?.index {
                let claim = claim
                undo.record("remove bridge \(bridgeName), made by this ADD, unless another ADD uses it") { _ = try claim.deleteIfUnused(index: index) }
            }
        }
        guard let bridge = link else { throw CNIError(.kernelFailure, what, details: "\(bridgeName) vanished while it was set up") }
        guard bridge.kind == .bridge else {
            throw CNIError(.conflictingState, "\"\(bridgeName)\" already exists but is not a bridge",
                           details: "\(bridgeName) is a \(bridge.kind) link in the runtime's namespace; name another bridge in \"bridge\"")
        }
        try attempt(what) {
            if configuration.promiscMode && !bridge.flags.contains(.promiscuous) { try node.setPromiscuous(bridgeName, true) }
            var sysctls = SysctlBatch()
            sysctls.set(.acceptRA(bridgeName), .ignore)
            try? sysctls.applyHere()
            if !bridge.isUp { try node.setUp(bridgeName) }
        }
        return bridge
    }

    /// The veth pair: host end `vethXXXXXXXX` (random, retried on a clash) in the runtime's
    /// namespace, container end `CNI_IFNAME` created directly in `CNI_NETNS`, both with the
    /// configured MTU; the host end joins the bridge (hairpin if configured) and comes up. The
    /// container end comes up later, after its sysctls (``bringUpContainer()``), so that with
    /// `accept_dad` off even its link-local address skips duplicate address detection.
    func createVeth(undo: inout RollbackLog) throws(CNIError) -> Veth {
        let what = "create the veth pair for \(interfaceName)"
        for _ in 0..<10 {
            let veth = Veth(hostName: "veth" + hex8(UInt32.random(in: 0 ... .max)), hostMAC: .random(),
                            containerMAC: configuration.mac ?? .random())
            let pair = VethPair(name: veth.hostName, peerName: interfaceName,
                                options: LinkOptions(mtu: configuration.mtu, macAddress: veth.hostMAC),
                                peerMACAddress: veth.containerMAC, peerMTU: configuration.mtu, peerNamespace: namespaces.pod)
            do {
                try node.add(pair)
            } catch let error as NetKitError where error.isAlreadyExists {
                if (try? node.existingLink(named: veth.hostName)) != nil { continue }  // host name clash: pick another
                throw CNIError(.interfaceExists, "interface \(interfaceName) already exists in the container",
                               details: "\(request.netns) has a link named \(interfaceName)")
            } catch {
                throw CNIError(error, doing: what)
            }
            let pod = pod
            let name = interfaceName
            undo.record("delete \(name) in the container") { try RollbackLog.unlessGone { try pod.deleteLink(name) } }
            try attempt(what) {
                try node.addPort(veth.hostName, toBridge: bridgeName)
                if configuration.hairpinMode { try node.setBridgePortOptions(veth.hostName, BridgePortOptions(hairpin: true)) }
                try node.configureBridgePortVLANs(veth.hostName, configuration.vlan)
                // Before it is up: the kernel makes the host end's link-local address when its
                // carrier comes up, by the node's `default` addr_gen_mode (stable privacy or
                // random on some nodes). Pinned to EUI-64, it is always derived from the MAC, as
                // the reference's is on a default node; a bridge port sends nothing from it.
                var sysctls = SysctlBatch()
                sysctls.set(.acceptRA(veth.hostName), .ignore)
                sysctls.set(.addressGeneration(veth.hostName), .eui64)
                try? sysctls.applyHere()
                try node.setUp(veth.hostName)
            }
            return veth
        }
        throw CNIError(.kernelFailure, what, details: "no free host-side veth name after 10 attempts")
    }

    /// Applies the IPAM plugin's allocation: the container's addresses and routes (and the
    /// default route with `isDefaultGateway`), the gateway address on the bridge and forwarding
    /// (`isGateway`), masquerading (`ipMasq`). Fills `result`'s `ips`, `routes` and `dns`.
    func configureLayer3(_ allocation: CNIResult, result: inout CNIResult, undo: inout RollbackLog) throws(CNIError) {
        guard let ips = allocation.ips, !ips.isEmpty else {
            throw CNIError(.internal, "IPAM plugin returned missing IP config", details: "the \(configuration.ipamType ?? "IPAM") result has no \"ips\"")
        }
        var addresses: [IPNetwork] = []
        var gateways: [IPAddress?] = []
        var resultIPs: [CNIResult.IPConfiguration] = []
        for ip in ips {
            let address = try Self.parse(ip.address, IPNetwork.init(parsing:), "ips[].address")
            var gateway = try ip.gateway.map { text throws(CNIError) in try Self.parse(text, IPAddress.init(parsing:), "ips[].gateway") }
            if gateway == nil && configuration.isGateway { gateway = address.masked.address.advanced(by: 1) }
            addresses.append(address)
            gateways.append(gateway)
            resultIPs.append(CNIResult.IPConfiguration(address: address.description, gateway: gateway?.description, interface: 2))
        }
        var routes = allocation.routes ?? []
        if configuration.isDefaultGateway {
            for family in [AddressFamily.ipv4, .ipv6] {
                guard let index = addresses.firstIndex(where: { $0.family == family }) else { continue }
                let defaultDestination = IPNetwork.defaultRoute(family)
                let present = routes.contains { $0.gw != nil && IPNetwork($0.dst).map { $0.masked == defaultDestination } == true }
                if !present {
                    routes.append(CNIResult.Route(dst: defaultDestination.description, gw: gateways[index]?.description))
                }
            }
        }
        result.ips = resultIPs
        result.routes = routes.isEmpty ? nil : routes
        let configuredDNS = configuration.dns.flatMap { $0.isEmpty ? nil : $0 }
        result.dns = configuredDNS ?? allocation.dns ?? CNIResult.DNS()

        // Masquerade rules go in while the addresses are configured.
        var masquerade: NFTCall?
        if configuration.ipMasq {
            masquerade = try Masquerade(network: request.networkName).add(
                addresses, containerID: request.containerID, interface: interfaceName, environment: request.environment.variables)
            let network = request.networkName, comment = Masquerade.comment(containerID: request.containerID, interface: interfaceName)
            let environment = request.environment.variables
            undo.record("remove the masquerade rules \"\(comment)\"") {
                try Masquerade(network: network).remove(where: { $0 == comment }, environment: environment)
            }
        }
        try configureContainer(addresses: addresses, gateways: gateways, routes: routes)
        if configuration.isGateway {
            var device = bridgeName
            for (address, gateway) in zip(addresses, gateways) {
                guard let gateway, let network = try? IPNetwork(address: gateway, prefixLength: address.prefixLength) else { continue }
                if configuration.vlan.id != 0 && device == bridgeName {
                    let vlanGateway = try ensureVLANGateway(undo: &undo)
                    device = vlanGateway.name
                    result.interfaces = (result.interfaces ?? []) + [.init(name: device, mac: vlanGateway.macAddress?.description)]
                }
                try ensureGatewayAddress(network, on: device, undo: &undo)
            }
            var forwarding = SysctlBatch()
            for family in Set(addresses.map(\.family)) { forwarding.set(.ipForward(family), true, required: true) }
            try forwarding.applyHere()
        }
        try masquerade?.wait()
    }

    /// Sysctls, addresses and routes inside the container.
    private func configureContainer(addresses: [IPNetwork], gateways: [IPAddress?], routes: [CNIResult.Route]) throws(CNIError) {
        let name = interfaceName
        var sysctls = SysctlBatch()
        if addresses.contains(where: { $0.family == .ipv6 }) {
            // An IPv6 address needs IPv6 on: the reference turns it on for lo and the interface.
            for device in ["lo", name] { sysctls.set(.disableIPv6(device), false, required: true) }
        }
        sysctls.set(.acceptDAD(name), configuration.enableDAD ? .on : .off)
        sysctls.set(.arpNotify(name), true)
        try sysctls.apply(in: namespaces.pod)
        for address in addresses {
            try attempt("add \(address) to \(name) in the container") {
                try self.pod.addAddress(address, dev: name, broadcast: address.family == .ipv4 ? .computed : nil)
            }
        }
        try bringUpContainer()
        for route in routes {
            let destination = try Self.parse(route.dst, IPNetwork.init(parsing:), "routes[].dst")
            var gateway = try route.gw.map { text throws(CNIError) in try Self.parse(text, IPAddress.init(parsing:), "routes[].gw") }
            if gateway == nil, let index = addresses.firstIndex(where: { $0.family == destination.family }) {
                gateway = gateways[index]
            }
            try attempt("add route \(route.dst) in the container") {
                // Scope universe unless the result says otherwise, as the reference sends it.
                let kernelRoute = try Route(destination.masked, via: gateway, dev: name, table: route.table.map { RouteTable(rawValue: $0) },
                                            scope: route.scope.map { RouteScope(rawValue: $0) } ?? .global,
                                            metric: route.priority, mtu: route.mtu, advmss: route.advmss)
                do {
                    try self.pod.addRoute(kernelRoute)
                } catch let error as NetKitError where error.isAlreadyExists {
                    // The same route twice in the allocation: it is there, as asked.
                }
            }
        }
    }

    /// The gateway address on `device` (the bridge, or its VLAN gateway ``ensureVLANGateway(undo:)``),
    /// as the reference's `ensureAddr`: nothing to do if it is
    /// there; another address of the family (IPv4) or an overlapping one (IPv6) is replaced with
    /// `forceAddress` and error 102 without. A replacement is undone if the `ADD` fails later:
    /// the gateway goes and the replaced addresses come back.
    private func ensureGatewayAddress(_ gateway: IPNetwork, on device: String, undo: inout RollbackLog) throws(CNIError) {
        let what = "put gateway \(gateway) on \(device)"
        let existing = try attempt(what) { try node.addresses(of: device, family: gateway.family) }
        if existing.contains(where: { $0.local == gateway }) { return }
        let handle = node, bridge = device  // for the undo steps, which outlive this call
        var replaced = false
        for address in existing where gateway.family == .ipv4 || address.local.contains(gateway.address) || gateway.contains(address.address) {
            guard configuration.forceAddress else {
                throw CNIError(.conflictingState, "\"\(device)\" already has an IP address different from \(gateway)",
                               details: "\(device) has \(address.local); set \"forceAddress\": true to replace it")
            }
            try attempt(what) { try node.deleteAddress(address.local, dev: device) }
            let old = address.local
            let claim = claim
            undo.record("put \(old) back on \(bridge) (unless another ADD uses the bridge)") {
                _ = try claim.ifUnclaimed {
                    do {
                        try handle.addAddress(old, dev: bridge, broadcast: old.family == .ipv4 ? .computed : nil)
                    } catch let error as NetKitError where error.isAlreadyExists {
                        // It is there.
                    }
                }
            }
            replaced = true
        }
        if replaced {
            let claim = claim
            undo.record("remove gateway \(gateway) from \(bridge) (unless another ADD uses the bridge)") {
                _ = try claim.ifUnclaimed { try RollbackLog.unlessGone { try handle.deleteAddress(gateway, dev: bridge) } }
            }
        }
        try attempt(what) {
            do {
                try node.addAddress(gateway, dev: device, broadcast: gateway.family == .ipv4 ? .computed : nil)
            } catch let error as NetKitError where error.isAlreadyExists {
                // A concurrent ADD put it there.
            }
            // Pin the MAC, as the reference does, so a bridge's stops following its ports.
            if let mac = try node.link(named: device).macAddress { try node.setMACAddress(device, mac) }
        }
    }

    /// `ip link set CNI_IFNAME up` in the container: after its addresses with IPAM, at the end
    /// of a layer-2-only `ADD`.
    func bringUpContainer() throws(CNIError) {
        try attempt("set \(interfaceName) up in the container") { try pod.setUp(interfaceName) }
    }

    /// The bridge's MAC now (it may have changed when the first port joined).
    func bridgeMAC() throws(CNIError) -> String? {
        try attempt("read \(bridgeName)") { try node.link(named: bridgeName).macAddress?.description }
    }

    private static func parse<T>(_ text: String, _ parser: (String) throws(NetKitError) -> T, _ field: String) throws(CNIError) -> T {
        do {
            return try parser(text)
        } catch {
            throw CNIError(.decodingFailure, "invalid IPAM result", details: "\(field) \"\(text)\": \(error.reasonText)")
        }
    }
}

/// Eight lowercase hex digits, zero-padded: how the reference names host veths (`veth1a2b3c4d`).
func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
