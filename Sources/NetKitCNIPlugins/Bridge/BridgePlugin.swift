import NetKit
import NetKitCNI

/// `netkit-bridge`: the reference `bridge` plugin's classic setup, built on NetKit.
///
/// `ADD`: a bridge (`cni0` by default) in the runtime's namespace; a veth pair whose container
/// end, `CNI_IFNAME`, is created directly inside `CNI_NETNS` (one `RTM_NEWLINK`); addresses and
/// routes from the IPAM plugin; the gateway address on the bridge (`isGateway`); masquerading
/// (`ipMasq`, nftables). The IPAM plugin runs while the links are made. Any failure undoes
/// what the `ADD` did — the veth too, which the reference leaks when IPAM fails.
public struct BridgePlugin: CNIPlugin {
    public let about = "CNI plugin netkit-bridge (NetKit): a Linux bridge with a veth pair per container"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        let configuration = try BridgeConfiguration(request)
        let namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .invalidEnvironment)
        let name = request.interfaceName
        if try attempt("look up \(name) in the container", { try namespaces.podNet.existingLink(named: name) }) != nil {
            throw CNIError(.interfaceExists, "interface \(name) already exists in the container",
                           details: "\(request.netns) already has a link named \(name); DEL the attachment before adding it again")
        }
        // IPAM runs in its own process while this one makes the links.
        let ipam = try configuration.ipamType.map { type throws(CNIError) in try PendingDelegation(request, type: type) }
        // Spec section 4: once the IPAM plugin has been run, any failure of this ADD — its own
        // included — is followed by its DEL, so that nothing it may have allocated is leaked.
        let releaseIPAM = { (call: PendingDelegation) throws(CNIError) in
            _ = try DelegatedCall.run(type: call.type, command: .delete, environment: request.environment,
                                      configuration: request.configurationBytes)
        }
        var ipamCollected = false
        var undo = RollbackLog()
        let claim = try attempt("claim bridge \(configuration.bridgeName)") {
            try BridgeClaim(bridge: configuration.bridgeName, on: namespaces.nodeNet)
        }
        defer { claim.release() }
        do {
            let setup = BridgeSetup(configuration: configuration, namespaces: namespaces, request: request, claim: claim)
            let bridge = try setup.ensureBridge(undo: &undo)
            let veth = try setup.createVeth(undo: &undo)
            var result = CNIResult(interfaces: [
                .init(name: configuration.bridgeName, mac: bridge.macAddress?.description),
                .init(name: veth.hostName, mac: veth.hostMAC.description),
                .init(name: name, mac: veth.containerMAC.description, sandbox: request.netns),
            ])
            if let call = ipam {
                ipamCollected = true
                undo.record("release the IPAM allocation (\(call.type) DEL)") { try releaseIPAM(call) }
                let allocation = try call.result() ?? CNIResult()
                try setup.configureLayer3(allocation, result: &result, undo: &undo)
            } else {
                try setup.bringUpContainer()
            }
            result.interfaces?[0].mac = try setup.bridgeMAC()
            undo.commit()
            return result
        } catch {
            // IPAM may still be running (the links failed first): wait for it, then release
            // whatever it did, whether it succeeded or not. What cannot be undone is named in
            // the error, so that the runtime's log says what this ADD left behind.
            var leftovers: [String] = []
            if let call = ipam, !ipamCollected {
                _ = try? call.result()
                do throws(CNIError) {
                    try releaseIPAM(call)
                } catch {
                    leftovers.append("release the IPAM allocation (\(call.type) DEL): \(error)")
                }
            }
            leftovers += undo.rollBack()
            throw error.noting(couldNotUndo: leftovers)
        }
    }

    /// `DEL`, idempotent: releases the IPAM allocation, removes the container's veth (and with it
    /// the host end and the bridge port) and the masquerade rules. A gone namespace, a missing
    /// interface or missing rules are success. The IPAM plugin and the rule removal run while
    /// the kernel finishes the link deletion.
    public func delete(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BridgeConfiguration(request)
        let pod = try containerNamespaceForDelete(request)
        // DEL is best-effort: an IPAM plugin that cannot be started is reported after the rest is done.
        let ipam = configuration.ipamType.map { type in Result { () throws(CNIError) in try PendingDelegation(request, type: type) } }
        let environment = request.environment.variables
        let masqueradeFailure = Failure()
        let masquerade = configuration.ipMasq && configuration.ipamType != nil
            ? BackgroundThread.start {
                let comment = Masquerade.comment(containerID: request.containerID, interface: request.interfaceName)
                do throws(CNIError) {
                    try Masquerade(network: request.networkName).remove(where: { $0 == comment }, environment: environment)
                } catch {
                    masqueradeFailure.error = error
                }
            }
            : nil
        var failure: CNIError?
        do {
            if let pod {
                try deleteInterface(request.interfaceName, in: pod, netns: request.netns)
            } else {
                try deleteOrphanedHostEnd(request, bridgeName: configuration.bridgeName)
            }
        } catch {
            failure = error
        }
        masquerade?.join()
        failure = failure ?? masqueradeFailure.error
        do {
            _ = try ipam?.get().result()
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }

    /// An error a helper thread hands back (read after it is joined).
    private final class Failure: @unchecked Sendable {
        var error: CNIError?
    }

    /// The container's namespace, or nil when there is none any more (no `CNI_NETNS`, or it is
    /// gone — and the veth with it). Checked before anything is released: `CNI_NETNS` naming the
    /// plugin's own namespace is error 4, as deleting `CNI_IFNAME` there would remove a node link.
    private func containerNamespaceForDelete(_ request: CNIRequest) throws(CNIError) -> Namespace? {
        guard !request.netns.isEmpty,
              let pod = try? AttachmentNamespaces.openContainer(request.netns, missingCode: .unknownContainer) else { return nil }
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial() }
        if pod == node {
            throw CNIError(.invalidEnvironment, "invalid CNI_NETNS",
                           details: "CNI_NETNS \(request.netns) is the plugin's own network namespace; refusing to delete \(request.interfaceName) there")
        }
        return pod
    }

    /// With the container's namespace gone, its veth normally dies with it; but a namespace
    /// that something still holds open outlives its `/run/netns` path, and its veth with it.
    /// The host end named in `prevResult` (a veth port of this network's bridge) is then
    /// removed here, which takes the container end along.
    private func deleteOrphanedHostEnd(_ request: CNIRequest, bridgeName: String) throws(CNIError) {
        let hostEnds = (request.configuration.prevResult?.interfaces ?? []).filter { $0.sandbox == nil && $0.name != bridgeName }
        guard !hostEnds.isEmpty else { return }
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial().netlink() }
        guard let bridge = try attempt("look up \(bridgeName)", { try node.existingLink(named: bridgeName) }) else { return }
        for end in hostEnds {
            guard let link = try attempt("look up \(end.name)", { try node.existingLink(named: end.name) }),
                  link.kind == .veth, link.masterIndex == bridge.index else { continue }
            try attempt("delete \(end.name)") {
                do {
                    try node.deleteLink(end.name)
                } catch let error as NetKitError where error.isNotFound {
                    // The kernel's namespace cleanup got there first.
                }
            }
        }
    }

    private func deleteInterface(_ name: String, in pod: Namespace, netns: String) throws(CNIError) {
        try attempt("delete \(name) in \(netns)") {
            do {
                try pod.netlink().deleteLink(name)
            } catch let error as NetKitError where error.isNotFound {
                // Already gone: DEL may be repeated.
            }
        }
    }
}
