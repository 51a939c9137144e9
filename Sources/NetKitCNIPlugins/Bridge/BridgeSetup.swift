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

    /// The bridge the container's host end joins, as `attach` makes it ready: created if
    /// missing (`ip link add cni0 type bridge` with a fixed random MAC, so the bridge does not
    /// take its lowest port's MAC as ports come and go; `vlan_filtering` for the VLAN keys),
    /// promiscuous if configured, with `accept_ra` off (the plugin owns its routes), up; the
    /// host end its port, hairpin and VLANs as configured (``BridgeVLANConfiguration/portVLANs``).
    var bridgeAttachment: BridgeAttachment {
        BridgeAttachment(
            Bridge(
                name: configuration.bridge, options: LinkOptions(mtu: configuration.mtu, macAddress: .random()),
                vlanFiltering: configuration.vlan.filtering ? true : nil),
            promiscuous: configuration.promiscMode, portOptions: configuration.hairpinMode ? BridgePortOptions(hairpin: true) : nil,
            portVLANs: configuration.vlan.portVLANs, replacesPortVLANs: !configuration.vlan.preserveDefault
        ) { _, bridge in
            // This thread is in the runtime's namespace, the bridge's.
            var sysctls = SysctlBatch()
            sysctls.set(.acceptRA(bridge.name), .ignore)
            try? sysctls.applyHere()
        }
    }

    /// The bridge and the container's veth pair, its host end a port of the bridge
    /// (``ContainerVeth``, built on `attach`), under the `ADD`'s claim: a bridge this `ADD`
    /// created is removed again by `undo` if no other `ADD` claims it and it has no port then
    /// (a failed first `ADD` leaves the node as it found it, and never takes a bridge from under
    /// a concurrent one); what it changed on an existing bridge is undone on the same condition.
    func attach(undo: inout RollbackLog) throws(CNIError) -> ContainerVeth {
        try ContainerVeth.create(
            namespaces, request: request, mtu: configuration.mtu, containerMAC: configuration.mac, bridge: bridgeAttachment,
            claim: claim, undo: &undo)
    }

    /// The container end's own sysctls, `accept_dad` (`enableDAD`) and `arp_notify` on, written
    /// in one ``Namespace/run(_:)`` while the IPAM plugin still runs: they depend on nothing it
    /// returns, and are in place before the addresses (``configureLayer3(_:result:undo:)``).
    func setContainerSysctls() throws(CNIError) {
        var sysctls = SysctlBatch()
        let interface = try attempt("check CNI_IFNAME") { try InterfaceName(parsing: interfaceName) }
        sysctls.set(.acceptDAD(interface), configuration.enableDAD ? .on : .off)
        sysctls.set(.arpNotify(interface), true)
        try sysctls.apply(in: namespaces.pod)
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
        try ContainerAddressing(namespaces, request: request).configure(ipam, routes: routes)
        if configuration.isGateway {
            var device = bridgeName
            for (address, gateway) in zip(ipam.addresses, ipam.gateways) {
                guard let gateway, let network = try? IPNetwork(address: gateway, prefixLength: address.prefixLength) else { continue }
                if configuration.vlan.id != 0 && device == bridgeName {
                    let vlanGateway = try ensureVLANGateway(undo: &undo)
                    device = vlanGateway.name.rawValue
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
            let name = try InterfaceName(parsing: device)
            if let mac = try node.link(named: name).macAddress { try node.setMACAddress(name, to: mac) }
        }
    }

    /// The bridge's MAC now (it may have changed when the first port joined).
    func bridgeMAC() throws(CNIError) -> String? {
        try attempt("read \(bridgeName)") { try node.link(named: InterfaceName(parsing: bridgeName)).macAddress?.description }
    }
}
