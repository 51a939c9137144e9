import NetKit
import NetKitCNI

/// The routing of a `ptp` attachment, as the reference's `setupContainerVeth` and
/// `setupHostVeth` make it. A veth cannot be `IFF_POINTOPOINT`, so the container keeps its
/// address with the IPAM prefix but loses the prefix's connected route: everything, the
/// neighbours in the same subnet included, goes through the gateway, which answers on the
/// host end.
struct PTPSetup {
    let ipam: IPAMAddresses
    let namespaces: AttachmentNamespaces
    let request: CNIRequest
    /// The host end of the veth pair.
    let hostName: InterfaceName

    /// Parses the allocation; an address without a gateway is error 999 (there is nothing to
    /// route through).
    init(_ allocation: CNIResult, namespaces: AttachmentNamespaces, request: CNIRequest, hostName: InterfaceName) throws(CNIError) {
        ipam = try IPAMAddresses(allocation)
        if let index = ipam.gateways.firstIndex(where: { $0 == nil }) {
            throw CNIError(
                .internal, "IPAM result has no gateway for \(ipam.addresses[index])",
                details: "ptp routes the container through its gateway; configure one in the IPAM plugin")
        }
        self.namespaces = namespaces
        self.request = request
        self.hostName = hostName
    }

    private var pairs: [(address: IPNetwork, gateway: IPAddress)] {
        zip(ipam.addresses, ipam.gateways).compactMap { address, gateway in gateway.map { (address, $0) } }
    }

    /// In the container, per address: `ip route del SUBNET dev CNI_IFNAME`, then
    /// `ip route add GATEWAY/32 dev CNI_IFNAME scope link src ADDRESS` and
    /// `ip route add SUBNET via GATEWAY dev CNI_IFNAME src ADDRESS`.
    func routeContainerThroughHost() throws(CNIError) {
        let name = request.interfaceName, pod = namespaces.podNet
        for (address, gateway) in pairs {
            try attempt("route \(address.masked) through \(gateway) in the container") {
                try pod.deleteRoute(Route(address.masked, dev: InterfaceName(parsing: name)))
                try pod.addRoute(
                    Route(
                        IPNetwork(host: gateway), dev: InterfaceName(parsing: name),
                        scope: .link, src: address.address))
                try pod.addRoute(
                    Route(address.masked, via: gateway, dev: InterfaceName(parsing: name), scope: .global, src: address.address))
            }
        }
    }

    /// On the host end, per address: `ip addr add GATEWAY/32 dev HOST` and
    /// `ip route add ADDRESS/32 dev HOST scope host` (already there is fine).
    func configureHostEnd() throws(CNIError) {
        let node = namespaces.nodeNet
        for (address, gateway) in pairs {
            try attempt("put \(gateway) on \(hostName) and route \(address.address) to it") {
                try node.addAddress(InterfaceAddress(IPNetwork(host: gateway), dev: hostName))
                do {
                    try node.addRoute(Route(IPNetwork(host: address.address), dev: hostName, scope: .host))
                } catch let error as NetKitError where error.isAlreadyExists {
                    // The same address twice in the allocation.
                }
            }
        }
    }
}
