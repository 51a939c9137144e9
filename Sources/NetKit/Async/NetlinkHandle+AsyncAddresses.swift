// The `async` forms of the address and neighbour operations (Addresses/, Neighbours/); see
// NetlinkHandle+AsyncLinks.swift for how they run and how cancellation behaves.
extension NetlinkHandle {
    /// `ip addr add ADDR/PLEN dev DEV …` (`RTM_NEWADDR` with `NLM_F_CREATE|NLM_F_EXCL`); the
    /// `async` form of `addAddress(_:dev:broadcast:peer:label:scope:metric:lifetime:noPrefixRoute:noDAD:)`.
    public func addAddress(
        _ address: IPNetwork, dev: String, broadcast: InterfaceAddress.Broadcast? = nil, peer: IPAddress? = nil,
        label: String? = nil, scope: AddressScope? = nil, metric: UInt32? = nil, lifetime: AddressLifetime? = nil,
        noPrefixRoute: Bool = false, noDAD: Bool = false
    ) async throws(NetKitError) {
        try await onIOThread {
            try $0.addAddress(
                address, dev: dev, broadcast: broadcast, peer: peer, label: label, scope: scope, metric: metric,
                lifetime: lifetime, noPrefixRoute: noPrefixRoute, noDAD: noDAD)
        }
    }

    /// `ip addr replace ADDR/PLEN dev DEV …` (`RTM_NEWADDR` with `NLM_F_CREATE|NLM_F_REPLACE`);
    /// the `async` form of `replaceAddress(_:dev:broadcast:peer:label:scope:metric:lifetime:noPrefixRoute:noDAD:)`.
    public func replaceAddress(
        _ address: IPNetwork, dev: String, broadcast: InterfaceAddress.Broadcast? = nil, peer: IPAddress? = nil,
        label: String? = nil, scope: AddressScope? = nil, metric: UInt32? = nil, lifetime: AddressLifetime? = nil,
        noPrefixRoute: Bool = false, noDAD: Bool = false
    ) async throws(NetKitError) {
        try await onIOThread {
            try $0.replaceAddress(
                address, dev: dev, broadcast: broadcast, peer: peer, label: label, scope: scope, metric: metric,
                lifetime: lifetime, noPrefixRoute: noPrefixRoute, noDAD: noDAD)
        }
    }

    /// `ip addr del ADDR/PLEN dev DEV [peer P]` (`RTM_DELADDR`); the `async` form of
    /// `deleteAddress(_:dev:peer:)`.
    public func deleteAddress(_ address: IPNetwork, dev: String, peer: IPAddress? = nil) async throws(NetKitError) {
        try await onIOThread { try $0.deleteAddress(address, dev: dev, peer: peer) }
    }

    /// `ip addr show [dev DEV]` (`RTM_GETADDR` dump); the `async` form of `addresses(of:family:)`.
    public func addresses(of dev: String? = nil, family: AddressFamily? = nil) async throws(NetKitError) -> [InterfaceAddress] {
        try await onIOThread { try $0.addresses(of: dev, family: family) }
    }

    /// `ip addr flush dev DEV` (`RTM_GETADDR` dump, then `RTM_DELADDR` each); the `async` form
    /// of `flushAddresses(of:family:)`.
    @discardableResult
    public func flushAddresses(of dev: String, family: AddressFamily? = nil) async throws(NetKitError) -> [InterfaceAddress] {
        try await onIOThread { try $0.flushAddresses(of: dev, family: family) }
    }

    /// `ip neigh show [dev DEV]` (`RTM_GETNEIGH` dump); the `async` form of `neighbours(dev:family:)`.
    public func neighbours(dev: String? = nil, family: AddressFamily? = nil) async throws(NetKitError) -> [Neighbour] {
        try await onIOThread { try $0.neighbours(dev: dev, family: family) }
    }

    /// `ip neigh show proxy [dev DEV]` (`RTM_GETNEIGH` dump, `NTF_PROXY`); the `async` form of
    /// `proxyNeighbours(dev:family:)`.
    public func proxyNeighbours(dev: String? = nil, family: AddressFamily? = nil) async throws(NetKitError) -> [Neighbour] {
        try await onIOThread { try $0.proxyNeighbours(dev: dev, family: family) }
    }

    /// `ip neigh add ADDR lladdr MAC dev DEV nud STATE` (`RTM_NEWNEIGH` with
    /// `NLM_F_CREATE|NLM_F_EXCL`); the `async` form of `addNeighbour(_:dev:lladdr:state:router:)`.
    public func addNeighbour(
        _ address: IPAddress, dev: String, lladdr: MACAddress? = nil, state: NeighbourState = .permanent, router: Bool = false
    ) async throws(NetKitError) {
        try await onIOThread { try $0.addNeighbour(address, dev: dev, lladdr: lladdr, state: state, router: router) }
    }

    /// `ip neigh replace …` (`RTM_NEWNEIGH` with `NLM_F_CREATE|NLM_F_REPLACE`); the `async` form
    /// of `replaceNeighbour(_:dev:lladdr:state:router:)`.
    public func replaceNeighbour(
        _ address: IPAddress, dev: String, lladdr: MACAddress? = nil, state: NeighbourState = .permanent, router: Bool = false
    ) async throws(NetKitError) {
        try await onIOThread { try $0.replaceNeighbour(address, dev: dev, lladdr: lladdr, state: state, router: router) }
    }

    /// `ip neigh del ADDR dev DEV` (`RTM_DELNEIGH`); the `async` form of `deleteNeighbour(_:dev:)`.
    public func deleteNeighbour(_ address: IPAddress, dev: String) async throws(NetKitError) {
        try await onIOThread { try $0.deleteNeighbour(address, dev: dev) }
    }

    /// `ip neigh add proxy ADDR dev DEV` (`RTM_NEWNEIGH`, `NTF_PROXY`); the `async` form of
    /// `addProxyNeighbour(_:dev:)`.
    public func addProxyNeighbour(_ address: IPAddress, dev: String) async throws(NetKitError) {
        try await onIOThread { try $0.addProxyNeighbour(address, dev: dev) }
    }

    /// `ip neigh del proxy ADDR dev DEV` (`RTM_DELNEIGH`, `NTF_PROXY`); the `async` form of
    /// `deleteProxyNeighbour(_:dev:)`.
    public func deleteProxyNeighbour(_ address: IPAddress, dev: String) async throws(NetKitError) {
        try await onIOThread { try $0.deleteProxyNeighbour(address, dev: dev) }
    }
}
