import NetKit
import NetKitCNI

/// `netkit-bridge`: the reference `bridge` plugin's classic setup, built on NetKit.
///
/// `ADD`: a bridge (`cni0` by default) in the runtime's namespace; a veth pair whose container
/// end, `CNI_IFNAME`, is created directly inside `CNI_NETNS` (one `RTM_NEWLINK`); addresses and
/// routes from the IPAM plugin; the gateway address on the bridge (`isGateway`); masquerading
/// (`ipMasq`, nftables). The IPAM plugin runs while the links are made (``AttachmentAdd``). Any
/// failure undoes what the `ADD` did — the veth too, which the reference leaks when IPAM fails.
public struct BridgePlugin: CNIPlugin {
    public let about = "CNI plugin netkit-bridge (NetKit): a Linux bridge with a veth pair per container"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        let configuration = try BridgeConfiguration(request)
        // The IPAM plugin's thread starts now and waits: the plugin may start only once the
        // interface is known not to exist, and the bridge is claimed.
        let ipam = AttachmentAdd.readyIPAM(request, type: configuration.ipamType)
        let namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .invalidEnvironment)
        try namespaces.requireNoInterface(request)
        let claim = try attempt("claim bridge \(configuration.bridgeName)") {
            try BridgeClaim(bridge: InterfaceName(parsing: configuration.bridgeName), on: namespaces.nodeNet)
        }
        defer { claim.release() }
        return try AttachmentAdd.run(request, ipam: ipam) { add throws(CNIError) in
            let setup = BridgeSetup(configuration: configuration, namespaces: namespaces, request: request, claim: claim)
            let veth = try setup.attach(undo: &add.undo)
            var result = CNIResult(interfaces: [
                .init(name: configuration.bridgeName),
                .init(name: veth.hostName.rawValue, mac: veth.hostMAC.description),
                .init(name: request.interfaceName, mac: veth.containerMAC.description, sandbox: request.netns),
            ])
            if add.hasIPAM { try setup.setContainerSysctls() }
            if let allocation = try add.allocation() {
                try setup.configureLayer3(allocation, result: &result, undo: &add.undo)
            } else {
                try ContainerAddressing(namespaces, request: request).bringUp()
            }
            result.interfaces?[0].mac = try setup.bridgeMAC()
            return result
        }
    }

    /// `DEL`, idempotent: releases the IPAM allocation, removes the container's veth (and with it
    /// the host end and the bridge port) and the masquerade rules. A gone namespace, a missing
    /// interface or missing rules are success. The IPAM plugin and the rule removal run while
    /// the kernel finishes the link deletion.
    public func delete(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BridgeConfiguration(request)
        try AttachmentDelete.run(request, ipamType: configuration.ipamType, ipMasq: configuration.ipMasq) { pod throws(CNIError) in
            if let pod {
                try AttachmentDelete.deleteInterface(request, in: pod)
            } else {
                try deleteOrphanedHostEnd(request, bridgeName: configuration.bridgeName)
            }
        }
    }

    /// The host end named in `prevResult` must be a veth port of this network's bridge.
    private func deleteOrphanedHostEnd(_ request: CNIRequest, bridgeName: String) throws(CNIError) {
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial().netlink() }
        guard let bridge = try attempt("look up \(bridgeName)", { try node.linkIfPresent(named: InterfaceName(parsing: bridgeName)) })
        else { return }
        try AttachmentDelete.deleteOrphanedHostEnds(request, on: node) { end, link in
            end.name != bridgeName && link.masterIndex == bridge.index
        }
    }
}
