import NetKit
import NetKitCNI

extension PTPPlugin {
    /// `CHECK`: the attachment in `prevResult` is still as `ADD` left it — the container's veth
    /// (same MAC), its addresses and routes, the routes through the gateway; the host end (same
    /// MAC) with the gateway addresses and the host routes to the container; the masquerade
    /// rules — and the IPAM plugin's `CHECK` passes. A gone namespace or container interface is
    /// error 3; anything else that differs is error 103 saying what.
    public func check(_ request: CNIRequest) throws(CNIError) {
        let configuration = try PTPConfiguration(request)
        let check = try AttachmentCheck(request, ipamType: configuration.ipamType)
        let differs = AttachmentCheck.differs
        let (container, _) = try check.containerInterface(kind: .veth)
        let host = try check.hostVeth(of: container)
        try check.containerAddressesAndRoutes()

        let ipam = try IPAMAddresses(check.previous)
        let name = request.interfaceName
        let podRoutes = try attempt("read the container's routes") {
            try check.namespaces.podNet.routes(filter: RouteFilter(dev: InterfaceName(parsing: name)))
        }
        let hostAddresses = try attempt("read \(host.name)'s addresses") {
            try check.namespaces.nodeNet.addresses(dev: host.name)
        }
        let hostRoutes = try attempt("read \(host.name)'s routes") {
            try check.namespaces.nodeNet.routes(filter: RouteFilter(dev: host.name))
        }
        for (address, gateway) in zip(ipam.addresses, ipam.gateways) {
            guard let gateway else { continue }
            if !podRoutes.contains(where: { $0.destination == address.masked && $0.gateway == gateway }) {
                throw differs("route \(address.masked) via \(gateway) is missing in the container")
            }
            if !podRoutes.contains(where: { $0.destination == IPNetwork(host: gateway) && $0.gateway == nil }) {
                throw differs("route \(gateway) dev \(name) is missing in the container")
            }
            if !hostAddresses.contains(where: { $0.local == IPNetwork(host: gateway) }) {
                throw differs("host veth \(host.name) does not have \(IPNetwork(host: gateway))")
            }
            if !hostRoutes.contains(where: { $0.destination == IPNetwork(host: address.address) }) {
                throw differs("route \(address.address) dev \(host.name) is missing in the runtime's namespace")
            }
        }
        try check.finish(ipMasq: configuration.common.ipMasq)
    }

    /// `GC` (1.1.0): see ``AttachmentMaintenance/collectGarbage(_:common:)``.
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) {
        try AttachmentMaintenance.collectGarbage(request, common: PTPConfiguration(request).common)
    }

    /// `STATUS` (1.1.0): error 50 for `ipMasq` without nft, else the IPAM plugin's `STATUS`.
    public func status(_ request: CNIRequest) throws(CNIError) {
        try AttachmentMaintenance.status(request, common: PTPConfiguration(request).common)
    }
}
