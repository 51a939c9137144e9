import NetKit
import NetKitCNI

/// `DEL` as every main plugin runs it, idempotent: releases the IPAM allocation (in its own
/// process) and the masquerade rules (on a helper thread) while the plugin removes its links.
/// A gone namespace, a missing interface or missing rules are success; every step runs even
/// when another failed, and the first failure is thrown.
enum AttachmentDelete {
    /// The container's namespace in a `DEL`, with its netlink socket opened before the helpers
    /// start (a failure to open it is the deletion's, ``deleteInterface(_:in:)``).
    struct Container {
        fileprivate let handle: Result<NetlinkHandle, NetKitError>
    }

    /// Runs the `DEL`; `removeLinks` gets the container's namespace, or nil when it is gone
    /// (no `CNI_NETNS`, or the path no longer exists).
    static func run(
        _ request: CNIRequest, ipamType: String?, ipMasq: Bool,
        removeLinks: (Container?) throws(CNIError) -> Void
    ) throws(CNIError) {
        // The container's socket comes first (a hand-off to a NetKit thread): the link deletion,
        // whose RCU wait the helpers overlap, then starts right after them instead of competing
        // with the IPAM plugin's start for the CPU.
        let pod = try containerNamespace(request).map { namespace in
            Container(handle: Result { () throws(NetKitError) in try namespace.netlink() })
        }
        // An IPAM plugin that cannot be started is reported after the rest is done.
        let ipam = ipamType.map { type in Result { () throws(CNIError) in try PendingDelegation(request, type: type) } }
        let masqueradeFailure = FailureBox()
        let masquerade = ipMasq && ipamType != nil ? Masquerade.startRemoval(request, failure: masqueradeFailure) : nil
        var failure: CNIError?
        do {
            try removeLinks(pod)
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

    /// The container's namespace, or nil when there is none any more. Checked before anything
    /// is released: `CNI_NETNS` naming the plugin's own namespace is error 4, as deleting
    /// `CNI_IFNAME` there would remove a node link.
    static func containerNamespace(_ request: CNIRequest) throws(CNIError) -> Namespace? {
        guard !request.netns.isEmpty,
            let pod = try? AttachmentNamespaces.openContainer(request.netns, missingCode: .unknownContainer)
        else { return nil }
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial() }
        if pod == node {
            throw CNIError(
                .invalidEnvironment, "invalid CNI_NETNS",
                details:
                    "CNI_NETNS \(request.netns) is the plugin's own network namespace; refusing to delete \(request.interfaceName) there")
        }
        return pod
    }

    /// `ip -n POD link del CNI_IFNAME`; already gone is success (`DEL` may be repeated).
    static func deleteInterface(_ request: CNIRequest, in pod: Container) throws(CNIError) {
        let name = request.interfaceName
        try attempt("delete \(name) in \(request.netns)") {
            do {
                try pod.handle.get().deleteLink(InterfaceName(parsing: name))
            } catch {
                // Already gone is success.
                guard let error = error as? NetKitError, error.isNotFound else { throw error }
            }
        }
    }

    /// With the container's namespace gone, its veth normally dies with it; but a namespace
    /// that something still holds open outlives its `/run/netns` path, and its veth with it.
    /// The host ends named in `prevResult` (no sandbox) that are veths passing `isOurs` are
    /// then removed, which takes the container ends along.
    static func deleteOrphanedHostEnds(
        _ request: CNIRequest, on node: NetlinkHandle,
        isOurs: (CNIResult.Interface, Link) -> Bool
    ) throws(CNIError) {
        for end in (request.configuration.prevResult?.interfaces ?? []) where end.sandbox == nil {
            guard let link = try attempt("look up \(end.name)", { try node.linkIfPresent(named: InterfaceName(parsing: end.name)) }),
                link.kind == .veth, isOurs(end, link)
            else { continue }
            try attempt("delete \(end.name)") {
                do {
                    try node.deleteLink(InterfaceName(parsing: end.name))
                } catch {
                    // Not found: the kernel's namespace cleanup got there first.
                    guard let error = error as? NetKitError, error.isNotFound else { throw error }
                }
            }
        }
    }
}
