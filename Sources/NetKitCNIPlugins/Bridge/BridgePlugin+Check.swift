import NetKit
import NetKitCNI

extension BridgePlugin {
    /// `CHECK`: the attachment in `prevResult` is still as `ADD` left it — the bridge (a bridge,
    /// promiscuous as configured, same MAC), the container's veth (same MAC), its host peer on
    /// the bridge, the container's addresses and routes, the masquerade rules — and the IPAM
    /// plugin's `CHECK` passes. A gone namespace or container interface is error 3; anything
    /// else that differs is error 103 saying what.
    public func check(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BridgeConfiguration(request)
        guard let previous = request.configuration.prevResult else {
            throw CNIError(.invalidNetworkConfiguration, "Required prevResult missing", details: "CHECK needs the ADD result as \"prevResult\"")
        }
        let ipam = try configuration.ipamType.map { type throws(CNIError) in try request.delegate(to: type) }
        let namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .unknownContainer)
        let interfaces = previous.interfaces ?? []
        func differs(_ why: String) -> CNIError { CNIError(.checkFailed, "attachment differs from prevResult", details: why) }

        // The container's interface: without it the container is unknown here.
        guard let container = try attempt("read \(request.interfaceName)", { try namespaces.podNet.existingLink(named: request.interfaceName) }) else {
            throw CNIError(.unknownContainer, "container interface \(request.interfaceName) not found",
                           details: "\(request.netns) has no link \(request.interfaceName): the container was never added, or its interface is gone")
        }
        guard let expected = interfaces.first(where: { $0.name == request.interfaceName && $0.sandbox == request.netns }) else {
            throw differs("prevResult has no interface \(request.interfaceName) with sandbox \(request.netns)")
        }

        // The bridge.
        let bridgeName = configuration.bridgeName
        guard let bridge = try attempt("read \(bridgeName)", { try namespaces.nodeNet.existingLink(named: bridgeName) }) else {
            throw differs("CNI created bridge \(bridgeName) in the runtime's namespace was not found")
        }
        guard bridge.kind == .bridge else { throw differs("\(bridgeName) is a \(bridge.kind) link, not a bridge") }
        if bridge.flags.contains(.promiscuous) != configuration.promiscMode {
            throw differs("bridge \(bridgeName) promiscuous mode is \(!configuration.promiscMode), configured \(configuration.promiscMode)")
        }
        if let expected = interfaces.first(where: { $0.name == bridgeName && $0.sandbox == nil })?.mac,
           !Self.sameMAC(expected, bridge.macAddress) {
            throw differs("bridge \(bridgeName) MAC is \(bridge.macAddress?.description ?? "none"), prevResult says \(expected)")
        }

        guard container.kind == .veth, let peerIndex = container.parentIndex else {
            throw differs("container interface \(request.interfaceName) is a \(container.kind) link, not a veth")
        }
        if let mac = expected.mac, !Self.sameMAC(mac, container.macAddress) {
            throw differs("\(request.interfaceName) MAC is \(container.macAddress?.description ?? "none"), prevResult says \(mac)")
        }

        // Its host end, a port of the bridge.
        guard let host = try? namespaces.nodeNet.link(index: peerIndex), host.kind == .veth else {
            throw differs("the host end of \(request.interfaceName) (index \(peerIndex)) is not in the runtime's namespace")
        }
        guard host.masterIndex == bridge.index else { throw differs("host veth \(host.name) is not a port of \(bridgeName)") }
        if let listed = interfaces.first(where: { $0.name == host.name && $0.sandbox == nil }), let mac = listed.mac,
           !Self.sameMAC(mac, host.macAddress) {
            throw differs("host veth \(host.name) MAC is \(host.macAddress?.description ?? "none"), prevResult says \(mac)")
        }
        if !interfaces.contains(where: { $0.name == host.name }) {
            throw differs("the container's peer \(host.name) is not among prevResult's interfaces")
        }

        // Addresses and routes.
        let configured = try attempt("read the container's addresses") { try namespaces.podNet.addresses(of: request.interfaceName) }
        for ip in previous.ips ?? [] {
            guard let address = IPNetwork(ip.address) else { throw differs("prevResult address \"\(ip.address)\" is not CIDR") }
            if !configured.contains(where: { $0.local == address }) {
                throw differs("\(request.interfaceName) does not have \(address)")
            }
        }
        let routes = try attempt("read the container's routes") { try namespaces.podNet.routes() }
        for route in previous.routes ?? [] {
            guard let destination = IPNetwork(route.dst)?.masked else { throw differs("prevResult route dst \"\(route.dst)\" is not CIDR") }
            let gateway = route.gw.flatMap(IPAddress.init)
            let found = routes.contains { kernel in
                kernel.destination == destination && (gateway == nil || kernel.gateway == gateway)
            }
            if !found { throw differs("route \(route.dst)\(route.gw.map { " via \($0)" } ?? "") is missing in the container") }
        }

        // Masquerade rules.
        if configuration.ipMasq, configuration.ipamType != nil {
            let comment = Masquerade.comment(containerID: request.containerID, interface: request.interfaceName)
            let rules = try Masquerade(network: request.networkName).rules(environment: request.environment.variables)
            for ip in previous.ips ?? [] {
                guard let address = IPNetwork(ip.address)?.address.description else { continue }
                if !rules.contains(where: { $0.comment == comment && $0.source == address }) {
                    throw differs("no masquerade rule for \(address) in table inet \(Masquerade(network: request.networkName).table)")
                }
            }
        }
        _ = try ipam?.result()
    }

    /// `GC` (1.1.0): forwards to the IPAM plugin and removes masquerade rules of attachments
    /// not in `cni.dev/valid-attachments`. Links need no collection: they die with their namespace.
    /// Without a list (absent or `null`, see ``PluginConfiguration/attachmentsToKeep()``) it is
    /// error 7 and removes nothing.
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BridgeConfiguration(request)
        let keep = try request.configuration.attachmentsToKeep()
        let ipam = try configuration.ipamType.map { type throws(CNIError) in try request.delegate(to: type) }
        var failure: CNIError?
        if configuration.ipMasq {
            let valid = Set(keep.map { Masquerade.comment(containerID: $0.containerID, interface: $0.ifname) })
            do {
                try Masquerade(network: request.networkName).remove(where: { !valid.contains($0) }, environment: request.environment.variables)
            } catch {
                failure = error
            }
        }
        do {
            _ = try ipam?.result()
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }

    /// `STATUS` (1.1.0): error 50 when `ADD` cannot work — the bridge name belongs to another kind
    /// of link, `ipMasq` without nft — or the IPAM plugin's own `STATUS` error.
    public func status(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BridgeConfiguration(request)
        let ipam = try configuration.ipamType.map { type throws(CNIError) in try request.delegate(to: type) }
        let net = try attempt("open netlink") { try Namespace.initial().netlink() }
        if let link = try? net.existingLink(named: configuration.bridgeName), link.kind != .bridge {
            throw CNIError(.pluginNotAvailable, "\"\(configuration.bridgeName)\" exists but is not a bridge",
                           details: "ADD would fail: \(configuration.bridgeName) is a \(link.kind) link")
        }
        if configuration.ipMasq && Masquerade.nft(environment: request.environment.variables) == nil {
            throw CNIError(.pluginNotAvailable, "ipMasq needs nftables", details: "no nft binary found; ADD would fail")
        }
        _ = try ipam?.result()
    }

    static func sameMAC(_ text: String, _ mac: MACAddress?) -> Bool {
        guard let mac, let parsed = MACAddress(text) else { return false }
        return parsed == mac
    }
}
