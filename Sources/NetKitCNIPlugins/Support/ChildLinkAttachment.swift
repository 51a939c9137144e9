import NetKit
import NetKitCNI

/// The steps of the plugins that give the container a child of a parent link (`macvlan`,
/// `ipvlan`, `vlan`), as the reference plugins take them: the child is created directly inside
/// `CNI_NETNS` (one `RTM_NEWLINK` with `IFLA_LINK` and `IFLA_NET_NS_FD`), then configured from
/// the IPAM allocation (``ContainerAddressing``) or, without IPAM, only brought up.
struct ChildLinkAttachment {
    let request: CNIRequest
    let parentKeys: ParentLinkKeys
    let common: CommonKeys
    /// The kind the plugin creates (checked by `CHECK`).
    let kind: LinkKind

    /// `ADD`: error 101 for an existing `CNI_IFNAME`; the parent (error 7 if missing or with a
    /// smaller MTU); `create` makes the child (given the parent's name, the handle of the parent's
    /// namespace, and options carrying the MTU, `macAddress` and, unless the parent is in the
    /// container, the container's namespace; its removal is recorded here); then the allocation
    /// of the IPAM plugin, or `chained`'s addresses, or none (layer 2: the link only comes up).
    /// `arpNotify` sets `arp_notify` on the child first, as the reference macvlan and ipvlan do.
    /// The result's `dns` is the configured one, as the reference returns it.
    func add(
        chained: CNIResult? = nil, arpNotify: Bool, macAddress: MACAddress? = nil,
        create: (_ parent: InterfaceName, _ handle: NetlinkHandle, _ options: LinkOptions) throws -> Void
    ) throws(CNIError) -> CNIResult {
        let namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .invalidEnvironment)
        try namespaces.requireNoInterface(request)
        let parent = try parentKeys.resolveParent(namespaces, mtu: common.mtu)
        let name = request.interfaceName
        let handle = parentKeys.linkInContainer ? namespaces.podNet : namespaces.nodeNet
        let options = LinkOptions(mtu: common.mtu, macAddress: macAddress, namespace: parentKeys.linkInContainer ? nil : namespaces.pod)
        return try AttachmentAdd.run(request, ipamType: chained == nil ? common.ipamType : nil) { add throws(CNIError) in
            try self.create { try create(parent.name, handle, options) }
            let pod = namespaces.podNet
            add.undo.record("delete \(name) in the container") {
                try RollbackLog.unlessGone { try pod.deleteLink(InterfaceName(parsing: name)) }
            }
            let link = try attempt("read \(name) in the container") { try pod.link(named: InterfaceName(parsing: name)) }
            var result = CNIResult(interfaces: [.init(name: name, mac: link.macAddress?.description, sandbox: request.netns)])
            let addressing = ContainerAddressing(namespaces, request: request)
            var allocation = chained
            if allocation == nil { allocation = try add.allocation() }
            if let allocation {
                let ipam = try IPAMAddresses(allocation)
                result.ips = ipam.resultIPs(interface: 0)
                result.routes = allocation.routes.flatMap { $0.isEmpty ? nil : $0 }
                var sysctls = SysctlBatch()
                if arpNotify { sysctls.set(.arpNotify(try attempt("check \(name)") { try InterfaceName(parsing: name) }), true) }
                try addressing.configure(ipam, routes: allocation.routes ?? [], sysctls: sysctls)
            } else {
                try addressing.bringUp()
            }
            result.dns = common.dns ?? CNIResult.DNS()
            return result
        }
    }

    /// `DEL`: the IPAM release and the removal of `CNI_IFNAME` (``AttachmentDelete``).
    func delete(ipamType: String?) throws(CNIError) {
        try AttachmentDelete.run(request, ipamType: ipamType, ipMasq: false) { pod throws(CNIError) in
            if let pod { try AttachmentDelete.deleteInterface(request, in: pod) }
        }
    }

    /// `CHECK`: the container's link is a `kind` child of the parent (same index; `details`
    /// checks the kind's own attributes), with the MAC, addresses and routes of `prevResult`;
    /// then the IPAM plugin's `CHECK`.
    func check(ipamType: String?, details: (Link) throws(CNIError) -> Void) throws(CNIError) {
        let check = try AttachmentCheck(request, ipamType: ipamType)
        let (link, _) = try check.containerInterface(kind: kind)
        let parent = try parentKeys.resolveParent(check.namespaces, mtu: nil)
        // The parent's index in its own namespace (IFLA_LINK, with IFLA_LINK_NETNSID when that is another one).
        if link.parentIndex != parent.index {
            throw AttachmentCheck.differs(
                "\(request.interfaceName) is not a child of \(parent.name) (parent index \(link.parentIndex.map(String.init) ?? "none"), \(parent.name) is \(parent.index))"
            )
        }
        try details(link)
        try check.containerAddressesAndRoutes()
        try check.finish(ipMasq: false)
    }

    /// Runs the `RTM_NEWLINK` that creates the child (`body`): a kernel without the kind is
    /// error 50 (the plugin cannot service `ADD` here) naming the kernel option; an existing
    /// `CNI_IFNAME` 101; any other failure 100.
    func create(_ body: () throws -> Void) throws(CNIError) {
        do {
            try body()
        } catch let error as NetKitError {
            if case .kernelFeatureMissing(let feature) = error.reason {
                throw CNIError(
                    .pluginNotAvailable, "the kernel cannot create \(kind) links",
                    details: "\(error) (\(feature) is needed)")
            }
            if error.isAlreadyExists {
                // The name was free a moment ago; the kernel refuses a second child of the parent
                // with the same identity (a vlan id, a passthru macvlan).
                throw CNIError(.conflictingState, "the parent already has such a \(kind) child", details: "\(error)")
            }
            throw CNIError(error, doing: "create \(kind) \(request.interfaceName) in the container")
        } catch {
            throw CNIError(error, doing: "create \(kind) \(request.interfaceName) in the container")
        }
    }
}
