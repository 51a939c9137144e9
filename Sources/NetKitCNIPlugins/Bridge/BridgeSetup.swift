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
                    try node.add(
                        Bridge(
                            name: InterfaceName(parsing: bridgeName), options: LinkOptions(mtu: configuration.mtu, macAddress: .random()),
                            vlanFiltering: configuration.vlan.filtering ? true : nil))
                    return true
                } catch {
                    guard let error = error as? NetKitError, error.isAlreadyExists else { throw error }
                    return false  // another ADD created it first
                }
            }
            link = try attempt(what) { try node.link(named: InterfaceName(parsing: bridgeName)) }
            if created, let index = link?.index {
                let claim = claim
                undo.record("remove bridge \(bridgeName), made by this ADD, unless another ADD uses it") {
                    _ = try claim.deleteIfUnused(index: index)
                }
            }
        }
        guard let bridge = link else { throw CNIError(.kernelFailure, what, details: "\(bridgeName) vanished while it was set up") }
        guard bridge.kind == .bridge else {
            throw CNIError(
                .conflictingState, "\"\(bridgeName)\" already exists but is not a bridge",
                details: "\(bridgeName) is a \(bridge.kind) link in the runtime's namespace; name another bridge in \"bridge\"")
        }
        try attempt(what) {
            if configuration.promiscMode && !bridge.flags.contains(.promiscuous) {
                try node.setPromiscuous(InterfaceName(parsing: bridgeName), to: true)
            }
            var sysctls = SysctlBatch()
            sysctls.set(.acceptRA(bridgeName), .ignore)
            try? sysctls.applyHere()
            if !bridge.isUp { try node.setUp(InterfaceName(parsing: bridgeName)) }
        }
        return bridge
    }

    /// The veth pair (``ContainerVeth``); the host end joins the bridge (hairpin if configured)
    /// before it comes up.
    func createVeth(undo: inout RollbackLog) throws(CNIError) -> ContainerVeth {
        try ContainerVeth.create(namespaces, request: request, mtu: configuration.mtu, containerMAC: configuration.mac, undo: &undo) {
            host in
            try node.setMaster(InterfaceName(parsing: host), to: InterfaceName(parsing: bridgeName))
            if configuration.hairpinMode {
                try node.setBridgePortOptions(InterfaceName(parsing: host), to: BridgePortOptions(hairpin: true))
            }
            try node.configureBridgePortVLANs(InterfaceName(parsing: host), configuration.vlan)
        }
    }

    /// Applies the IPAM plugin's allocation: the container's addresses and routes (and the
    /// default route with `isDefaultGateway`), the gateway address on the bridge and forwarding
    /// (`isGateway`), masquerading (`ipMasq`). Fills `result`'s `ips`, `routes` and `dns`.
    func configureLayer3(_ allocation: CNIResult, result: inout CNIResult, undo: inout RollbackLog) throws(CNIError) {
        let ipam = try IPAMAddresses(allocation) { address in
            configuration.isGateway ? address.masked.address.advanced(by: 1) : nil
        }
        var routes = allocation.routes ?? []
        if configuration.isDefaultGateway {
            for family in [AddressFamily.ipv4, .ipv6] {
                guard let index = ipam.addresses.firstIndex(where: { $0.family == family }) else { continue }
                let defaultDestination = IPNetwork.defaultRoute(family)
                let present = routes.contains { $0.gw != nil && IPNetwork($0.dst).map { $0.masked == defaultDestination } == true }
                if !present {
                    routes.append(CNIResult.Route(dst: defaultDestination.description, gw: ipam.gateways[index]?.description))
                }
            }
        }
        result.ips = ipam.resultIPs(interface: 2)
        result.routes = routes.isEmpty ? nil : routes
        result.dns = configuration.common.resultDNS(allocation)

        // Masquerade rules go in while the addresses are configured.
        let masquerade = configuration.ipMasq ? try Masquerade.start(ipam.addresses, request: request, undo: &undo) : nil
        var sysctls = SysctlBatch()
        sysctls.set(.acceptDAD(interfaceName), configuration.enableDAD ? .on : .off)
        sysctls.set(.arpNotify(interfaceName), true)
        try ContainerAddressing(namespaces, request: request).configure(ipam, routes: routes, sysctls: sysctls)
        if configuration.isGateway {
            var device = bridgeName
            for (address, gateway) in zip(ipam.addresses, ipam.gateways) {
                guard let gateway, let network = try? IPNetwork(address: gateway, prefixLength: address.prefixLength) else { continue }
                if configuration.vlan.id != 0 && device == bridgeName {
                    let vlanGateway = try ensureVLANGateway(undo: &undo)
                    device = vlanGateway.name
                    result.interfaces = (result.interfaces ?? []) + [.init(name: device, mac: vlanGateway.macAddress?.description)]
                }
                try ensureGatewayAddress(network, on: device, undo: &undo)
            }
            try ipam.enableForwarding()
        }
        try masquerade?.wait()
    }

    /// The gateway address on `device` (the bridge, or its VLAN gateway ``ensureVLANGateway(undo:)``),
    /// as the reference's `ensureAddr`: nothing to do if it is
    /// there; another address of the family (IPv4) or an overlapping one (IPv6) is replaced with
    /// `forceAddress` and error 102 without. A replacement is undone if the `ADD` fails later:
    /// the gateway goes and the replaced addresses come back.
    private func ensureGatewayAddress(_ gateway: IPNetwork, on device: String, undo: inout RollbackLog) throws(CNIError) {
        let what = "put gateway \(gateway) on \(device)"
        let existing = try attempt(what) { try node.addresses(dev: InterfaceName(parsing: device), family: gateway.family) }
        if existing.contains(where: { $0.local == gateway }) { return }
        let handle = node, bridge = device  // for the undo steps, which outlive this call
        var replaced = false
        for address in existing
        where gateway.family == .ipv4 || address.local.contains(gateway.address) || gateway.contains(address.address) {
            guard configuration.forceAddress else {
                throw CNIError(
                    .conflictingState, "\"\(device)\" already has an IP address different from \(gateway)",
                    details: "\(device) has \(address.local); set \"forceAddress\": true to replace it")
            }
            try attempt(what) { try node.deleteAddress(InterfaceAddress(address.local, dev: InterfaceName(parsing: device))) }
            let old = address.local
            let claim = claim
            undo.record("put \(old) back on \(bridge) (unless another ADD uses the bridge)") {
                _ = try claim.ifUnclaimed {
                    do {
                        try handle.addAddress(
                            InterfaceAddress(old, dev: InterfaceName(parsing: bridge), broadcast: old.family == .ipv4 ? .computed : nil))
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
                _ = try claim.ifUnclaimed {
                    try RollbackLog.unlessGone { try handle.deleteAddress(InterfaceAddress(gateway, dev: InterfaceName(parsing: bridge))) }
                }
            }
        }
        try attempt(what) {
            do {
                try node.addAddress(
                    InterfaceAddress(gateway, dev: InterfaceName(parsing: device), broadcast: gateway.family == .ipv4 ? .computed : nil))
            } catch let error as NetKitError where error.isAlreadyExists {
                // A concurrent ADD put it there.
            }
            // Pin the MAC, as the reference does, so a bridge's stops following its ports.
            if let mac = try node.link(named: InterfaceName(parsing: device)).macAddress {
                try node.setMACAddress(InterfaceName(parsing: device), to: mac)
            }
        }
    }

    /// The bridge's MAC now (it may have changed when the first port joined).
    func bridgeMAC() throws(CNIError) -> String? {
        try attempt("read \(bridgeName)") { try node.link(named: InterfaceName(parsing: bridgeName)).macAddress?.description }
    }
}
