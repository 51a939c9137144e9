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
        let check = try AttachmentCheck(request, ipamType: configuration.ipamType)
        let namespaces = check.namespaces, interfaces = check.interfaces
        let differs = AttachmentCheck.differs
        let (container, _) = try check.containerInterface(kind: .veth)

        // The bridge.
        let bridgeName = configuration.bridgeName
        guard
            let bridge = try attempt(
                "read \(bridgeName)", { try namespaces.nodeNet.linkIfPresent(named: InterfaceName(parsing: bridgeName)) })
        else {
            throw differs("CNI created bridge \(bridgeName) in the runtime's namespace was not found")
        }
        guard bridge.kind == .bridge else { throw differs("\(bridgeName) is a \(bridge.kind) link, not a bridge") }
        if bridge.flags.contains(.promiscuous) != configuration.promiscMode {
            throw differs("bridge \(bridgeName) promiscuous mode is \(!configuration.promiscMode), configured \(configuration.promiscMode)")
        }
        if let expected = interfaces.first(where: { $0.name == bridgeName && $0.sandbox == nil })?.mac,
            !AttachmentCheck.sameMAC(expected, bridge.macAddress)
        {
            throw differs("bridge \(bridgeName) MAC is \(bridge.macAddress?.description ?? "none"), prevResult says \(expected)")
        }

        // Its host end, a port of the bridge.
        let host = try check.hostVeth(of: container)
        guard host.masterIndex == bridge.index else { throw differs("host veth \(host.name) is not a port of \(bridgeName)") }

        try check.containerAddressesAndRoutes()
        try check.finish(ipMasq: configuration.ipMasq)
    }

    /// `GC` (1.1.0): see ``AttachmentMaintenance/collectGarbage(_:common:)``.
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) {
        try AttachmentMaintenance.collectGarbage(request, common: BridgeConfiguration(request).common)
    }

    /// `STATUS` (1.1.0): error 50 when `ADD` cannot work — the bridge name belongs to another kind
    /// of link, `ipMasq` without nft — or the IPAM plugin's own `STATUS` error.
    public func status(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BridgeConfiguration(request)
        let net = try attempt("open netlink") { try Namespace.initial().netlink() }
        if let link = try? net.linkIfPresent(named: InterfaceName(parsing: configuration.bridgeName)), link.kind != .bridge {
            throw CNIError(
                .pluginNotAvailable, "\"\(configuration.bridgeName)\" exists but is not a bridge",
                details: "ADD would fail: \(configuration.bridgeName) is a \(link.kind) link")
        }
        try AttachmentMaintenance.status(request, common: configuration.common)
    }
}
