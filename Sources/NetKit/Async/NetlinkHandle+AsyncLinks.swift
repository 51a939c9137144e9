// The `async` forms of the link operations (Links/, Tunnels/): each runs its blocking form on a
// NetKit I/O thread and suspends the task meanwhile (see NetlinkHandle+IOThread.swift). A task
// cancelled before the request is sent throws `NetKitError` with reason `.cancelled` and sends
// nothing; a request already sent completes.
extension NetlinkHandle {
    /// `ip link show` (`RTM_GETLINK` dump); the `async` form of `links()`.
    public func links() async throws(NetKitError) -> [Link] { try await onIOThread { try $0.links() } }

    /// `ip link show dev NAME` (`RTM_GETLINK`); the `async` form of `link(named:)`.
    public func link(named name: InterfaceName) async throws(NetKitError) -> Link {
        try await onIOThread { try $0.link(named: name) }
    }

    /// `RTM_GETLINK` by index; the `async` form of `link(index:)`.
    public func link(index: Int32) async throws(NetKitError) -> Link { try await onIOThread { try $0.link(index: index) } }

    /// The link's index (`RTM_GETLINK`); the `async` form of `linkIndex(of:)`.
    public func linkIndex(of name: InterfaceName) async throws(NetKitError) -> Int32 {
        try await onIOThread { try $0.linkIndex(of: name) }
    }

    /// `ip link set NAME up` (`RTM_NEWLINK`); the `async` form of `setUp(_:)`.
    public func setUp(_ name: InterfaceName) async throws(NetKitError) { try await onIOThread { try $0.setUp(name) } }

    /// `ip link set NAME down` (`RTM_NEWLINK`); the `async` form of `setDown(_:)`.
    public func setDown(_ name: InterfaceName) async throws(NetKitError) { try await onIOThread { try $0.setDown(name) } }

    /// `ip link set NAME mtu MTU` (`RTM_NEWLINK`); the `async` form of `setMTU(_:to:)`.
    public func setMTU(_ name: InterfaceName, to mtu: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.setMTU(name, to: mtu) }
    }

    /// `ip link set NAME address MAC` (`RTM_NEWLINK`); the `async` form of `setMACAddress(_:to:)`.
    public func setMACAddress(_ name: InterfaceName, to address: MACAddress) async throws(NetKitError) {
        try await onIOThread { try $0.setMACAddress(name, to: address) }
    }

    /// `ip link set NAME name NEW` (`RTM_NEWLINK`); the `async` form of `rename(_:to:)`.
    public func rename(_ name: InterfaceName, to newName: InterfaceName) async throws(NetKitError) {
        try await onIOThread { try $0.rename(name, to: newName) }
    }

    /// `ip link set NAME master MASTER` (`RTM_NEWLINK`); the `async` form of `setMaster(_:to:)`.
    public func setMaster(_ name: InterfaceName, to master: InterfaceName) async throws(NetKitError) {
        try await onIOThread { try $0.setMaster(name, to: master) }
    }

    /// `ip link set NAME nomaster` (`RTM_NEWLINK`); the `async` form of `clearMaster(_:)`.
    public func clearMaster(_ name: InterfaceName) async throws(NetKitError) { try await onIOThread { try $0.clearMaster(name) } }

    /// `ip link set NAME alias ALIAS` (`RTM_NEWLINK`); the `async` form of `setAlias(_:to:)`.
    public func setAlias(_ name: InterfaceName, to alias: String) async throws(NetKitError) {
        try await onIOThread { try $0.setAlias(name, to: alias) }
    }

    /// `ip link set NAME group GROUP` (`RTM_NEWLINK`); the `async` form of `setGroup(_:to:)`.
    public func setGroup(_ name: InterfaceName, to group: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.setGroup(name, to: group) }
    }

    /// `ip link set NAME promisc on|off` (`RTM_NEWLINK`); the `async` form of
    /// `setPromiscuous(_:to:)`.
    public func setPromiscuous(_ name: InterfaceName, to enabled: Bool) async throws(NetKitError) {
        try await onIOThread { try $0.setPromiscuous(name, to: enabled) }
    }

    /// `ip link set NAME netns NS` (`RTM_NEWLINK`); the `async` form of `move(_:to:)`.
    public func move(_ name: InterfaceName, to namespace: Namespace) async throws(NetKitError) {
        try await onIOThread { try $0.move(name, to: namespace) }
    }

    /// `ip link del NAME` (`RTM_DELLINK`); the `async` form of `deleteLink(_:)`.
    public func deleteLink(_ name: InterfaceName) async throws(NetKitError) { try await onIOThread { try $0.deleteLink(name) } }

    /// `ip link del group GROUP` (`RTM_DELLINK`); the `async` form of `deleteLinks(inGroup:)`.
    public func deleteLinks(inGroup group: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.deleteLinks(inGroup: group) }
    }

    /// `ip link add … type veth` for many pairs in one batch; the `async` form of `addLinks(_:)`.
    public func addLinks(_ veths: [VethPair]) async throws(NetKitError) -> [BatchResult<VethPair>] {
        try await onIOThread { try $0.addLinks(veths) }
    }

    /// `ip link set NAME up` for many links in one batch; the `async` form of `setLinksUp(_:)`.
    public func setLinksUp(_ names: [InterfaceName]) async throws(NetKitError) -> [BatchResult<InterfaceName>] {
        try await onIOThread { try $0.setLinksUp(names) }
    }

    /// `ip link set NAME master MASTER` for many links in one batch; the `async` form of
    /// `setMaster(ofLinks:to:)`.
    public func setMaster(ofLinks names: [InterfaceName], to master: InterfaceName) async throws(NetKitError)
        -> [BatchResult<InterfaceName>]
    {
        try await onIOThread { try $0.setMaster(ofLinks: names, to: master) }
    }

    /// `ip link del NAME` for many links in one batch; the `async` form of `deleteLinks(named:)`.
    public func deleteLinks(named names: [InterfaceName]) async throws(NetKitError) -> [BatchResult<InterfaceName>] {
        try await onIOThread { try $0.deleteLinks(named: names) }
    }

    /// The other end of the veth `name` (`RTM_GETLINK`); the `async` form of `vethPeer(of:in:)`.
    public func vethPeer(of name: InterfaceName, in peerHandle: NetlinkHandle? = nil) async throws(NetKitError) -> Link {
        try await onIOThread { try $0.vethPeer(of: name, in: peerHandle) }
    }

    /// `ip link add NAME type veth peer …` (`RTM_NEWLINK`); the `async` form of `add(_:)`.
    public func add(_ veth: VethPair) async throws(NetKitError) { try await onIOThread { try $0.add(veth) } }

    /// `ip link add NAME type bridge …` (`RTM_NEWLINK`); the `async` form of `add(_:)`.
    public func add(_ bridge: Bridge) async throws(NetKitError) { try await onIOThread { try $0.add(bridge) } }

    /// `ip link add NAME type dummy` (`RTM_NEWLINK`); the `async` form of `add(_:)`.
    public func add(_ dummy: Dummy) async throws(NetKitError) { try await onIOThread { try $0.add(dummy) } }

    /// `ip link add NAME type ifb` (`RTM_NEWLINK`); the `async` form of `add(_:)`.
    public func add(_ ifb: IFB) async throws(NetKitError) { try await onIOThread { try $0.add(ifb) } }

    /// `ip link add NAME type ipip …` (`RTM_NEWLINK`); the `async` form of `add(_:)`.
    public func add(_ tunnel: IPIPTunnel) async throws(NetKitError) { try await onIOThread { try $0.add(tunnel) } }

    /// Whether the namespace has `tunl0` (`RTM_GETLINK`, `ip link show tunl0`); the `async` form
    /// of `hasIPIPSupport()`. False also when the task was cancelled before the request was sent.
    public func hasIPIPSupport() async -> Bool {
        (try? await onIOThread { $0.hasIPIPSupport() }) ?? false
    }
}
