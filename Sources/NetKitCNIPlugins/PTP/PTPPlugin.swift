import NetKit
import NetKitCNI

/// `netkit-ptp`: the reference `ptp` plugin on NetKit — a veth pair per container and routing
/// instead of a bridge.
///
/// `ADD`: a veth pair whose container end, `CNI_IFNAME`, is created directly inside `CNI_NETNS`
/// (one `RTM_NEWLINK`); the IPAM plugin's addresses on it, its subnet route replaced by a host
/// route to the gateway and the subnet via the gateway (all traffic goes to the host end); the
/// gateway address (`/32`, `/128`) and a host route to the container's address on the host end;
/// forwarding on in the runtime's namespace; masquerading (`ipMasq`, nftables). The IPAM plugin
/// runs while the links are made (``AttachmentAdd``); any failure undoes what the `ADD` did.
public struct PTPPlugin: CNIPlugin {
    public let about = "CNI plugin netkit-ptp (NetKit): a routed veth pair per container"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        let configuration = try PTPConfiguration(request)
        let namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .invalidEnvironment)
        try namespaces.requireNoInterface(request)
        return try AttachmentAdd.run(request, ipamType: configuration.ipamType) { add throws(CNIError) in
            let veth = try ContainerVeth.create(
                namespaces, request: request, mtu: configuration.common.mtu, containerMAC: nil, undo: &add.undo)
            let allocation = try add.allocation() ?? CNIResult()
            let setup = try PTPSetup(allocation, namespaces: namespaces, request: request, hostName: veth.hostName)
            try setup.ipam.enableForwarding()
            var result = CNIResult(interfaces: [
                .init(name: veth.hostName.rawValue, mac: veth.hostMAC.description),
                .init(name: request.interfaceName, mac: veth.containerMAC.description, sandbox: request.netns),
            ])
            result.ips = setup.ipam.resultIPs(interface: 1)
            result.routes = allocation.routes.flatMap { $0.isEmpty ? nil : $0 }
            result.dns = configuration.common.resultDNS(allocation)
            // Masquerade rules go in while the addresses are configured.
            let masquerade =
                configuration.common.ipMasq ? try Masquerade.start(setup.ipam.addresses, request: request, undo: &add.undo) : nil
            try ContainerAddressing(namespaces, request: request).configure(setup.ipam, routes: allocation.routes ?? [])
            try setup.routeContainerThroughHost()
            try setup.configureHostEnd()
            try masquerade?.wait()
            return result
        }
    }

    /// `DEL`, idempotent: releases the IPAM allocation, removes the container's veth (and with it
    /// the host end, its addresses and routes) and the masquerade rules (``AttachmentDelete``).
    /// With the namespace gone but held open elsewhere, the host end listed in `prevResult`
    /// (a veth with the MAC listed there) is removed instead.
    public func delete(_ request: CNIRequest) throws(CNIError) {
        let configuration = try PTPConfiguration(request)
        try AttachmentDelete.run(request, ipamType: configuration.ipamType, ipMasq: configuration.common.ipMasq) { pod throws(CNIError) in
            if let pod {
                try AttachmentDelete.deleteInterface(request, in: pod)
            } else {
                let node = try attempt("open the runtime's network namespace") { try Namespace.initial().netlink() }
                try AttachmentDelete.deleteOrphanedHostEnds(request, on: node) { end, link in
                    end.mac.map { AttachmentCheck.sameMAC($0, link.macAddress) } ?? false
                }
            }
        }
    }
}
