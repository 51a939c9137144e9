// The `async` forms of the address and neighbour operations (Addresses/, Neighbours/); see
// NetlinkHandle+AsyncLinks.swift for how they run and how cancellation behaves.
extension NetlinkHandle {
    /// `ip addr add ADDR/PLEN dev DEV …` (`RTM_NEWADDR` with `NLM_F_CREATE|NLM_F_EXCL`); the
    /// `async` form of `addAddress(_:)`.
    public func addAddress(_ address: InterfaceAddress) async throws(NetKitError) {
        try await onIOThread { try $0.addAddress(address) }
    }

    /// `ip addr replace ADDR/PLEN dev DEV …` (`RTM_NEWADDR` with `NLM_F_CREATE|NLM_F_REPLACE`);
    /// the `async` form of `replaceAddress(_:)`.
    public func replaceAddress(_ address: InterfaceAddress) async throws(NetKitError) {
        try await onIOThread { try $0.replaceAddress(address) }
    }

    /// `ip addr del ADDR/PLEN dev DEV [peer P]` (`RTM_DELADDR`); the `async` form of
    /// `deleteAddress(_:)`.
    public func deleteAddress(_ address: InterfaceAddress) async throws(NetKitError) {
        try await onIOThread { try $0.deleteAddress(address) }
    }

    /// `ip addr show [dev DEV]` (`RTM_GETADDR` dump); the `async` form of `addresses(dev:family:)`.
    public func addresses(dev: InterfaceName? = nil, family: AddressFamily? = nil) async throws(NetKitError) -> [InterfaceAddress] {
        try await onIOThread { try $0.addresses(dev: dev, family: family) }
    }

    /// `ip addr flush dev DEV` (`RTM_GETADDR` dump, then `RTM_DELADDR` each); the `async` form
    /// of `flushAddresses(dev:family:)`.
    @discardableResult
    public func flushAddresses(dev: InterfaceName, family: AddressFamily? = nil) async throws(NetKitError) -> [InterfaceAddress] {
        try await onIOThread { try $0.flushAddresses(dev: dev, family: family) }
    }

    /// `ip neigh show [dev DEV]` (`RTM_GETNEIGH` dump); the `async` form of `neighbours(dev:family:)`.
    public func neighbours(dev: InterfaceName? = nil, family: AddressFamily? = nil) async throws(NetKitError) -> [Neighbour] {
        try await onIOThread { try $0.neighbours(dev: dev, family: family) }
    }

    /// `ip neigh show proxy [dev DEV]` (`RTM_GETNEIGH` dump, `NTF_PROXY`); the `async` form of
    /// `proxyNeighbours(dev:family:)`.
    public func proxyNeighbours(dev: InterfaceName? = nil, family: AddressFamily? = nil) async throws(NetKitError) -> [Neighbour] {
        try await onIOThread { try $0.proxyNeighbours(dev: dev, family: family) }
    }

    /// `ip neigh add [proxy] ADDR [lladdr MAC] dev DEV [nud STATE]` (`RTM_NEWNEIGH` with
    /// `NLM_F_CREATE|NLM_F_EXCL`); the `async` form of `addNeighbour(_:)`.
    public func addNeighbour(_ neighbour: Neighbour) async throws(NetKitError) {
        try await onIOThread { try $0.addNeighbour(neighbour) }
    }

    /// `ip neigh replace …` (`RTM_NEWNEIGH` with `NLM_F_CREATE|NLM_F_REPLACE`); the `async` form
    /// of `replaceNeighbour(_:)`.
    public func replaceNeighbour(_ neighbour: Neighbour) async throws(NetKitError) {
        try await onIOThread { try $0.replaceNeighbour(neighbour) }
    }

    /// `ip neigh del [proxy] ADDR dev DEV` (`RTM_DELNEIGH`); the `async` form of `deleteNeighbour(_:)`.
    public func deleteNeighbour(_ neighbour: Neighbour) async throws(NetKitError) {
        try await onIOThread { try $0.deleteNeighbour(neighbour) }
    }
}
