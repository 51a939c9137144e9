// The `async` forms of the link operations (Links/, Tunnels/): each runs its blocking form on a
// NetKit I/O thread and suspends the task meanwhile (see NetlinkHandle+IOThread.swift). A task
// cancelled before the request is sent throws `NetKitError` with reason `.cancelled` and sends
// nothing; a request already sent completes.
extension NetlinkHandle {
    /// `ip link show` (`RTM_GETLINK` dump); the `async` form of `links()`.
    public func links() async throws(NetKitError) -> [Link] { try await onIOThread { try $0.links() } }

    /// `ip link show dev NAME` (`RTM_GETLINK`); the `async` form of `link(named:)`.
    public func link(named name: String) async throws(NetKitError) -> Link { try await onIOThread { try $0.link(named: name) } }

    /// `RTM_GETLINK` by index; the `async` form of `link(index:)`.
    public func link(index: Int32) async throws(NetKitError) -> Link { try await onIOThread { try $0.link(index: index) } }

    /// The link's index (`RTM_GETLINK`); the `async` form of `linkIndex(of:)`.
    public func linkIndex(of name: String) async throws(NetKitError) -> Int32 {
        try await onIOThread { try $0.linkIndex(of: name) }
    }

    /// `ip link set NAME up` (`RTM_NEWLINK`); the `async` form of `setUp(_:)`.
    public func setUp(_ name: String) async throws(NetKitError) { try await onIOThread { try $0.setUp(name) } }

    /// `ip link set NAME down` (`RTM_NEWLINK`); the `async` form of `setDown(_:)`.
    public func setDown(_ name: String) async throws(NetKitError) { try await onIOThread { try $0.setDown(name) } }

    /// `ip link set NAME mtu MTU` (`RTM_NEWLINK`); the `async` form of `setMTU(_:_:)`.
    public func setMTU(_ name: String, _ mtu: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.setMTU(name, mtu) }
    }

    /// `ip link set NAME address MAC` (`RTM_NEWLINK`); the `async` form of `setMACAddress(_:_:)`.
    public func setMACAddress(_ name: String, _ address: MACAddress) async throws(NetKitError) {
        try await onIOThread { try $0.setMACAddress(name, address) }
    }

    /// `ip link set NAME name NEW` (`RTM_NEWLINK`); the `async` form of `rename(_:to:)`.
    public func rename(_ name: String, to newName: String) async throws(NetKitError) {
        try await onIOThread { try $0.rename(name, to: newName) }
    }

    /// `ip link set NAME master MASTER` (`RTM_NEWLINK`); the `async` form of `setMaster(_:_:)`.
    public func setMaster(_ name: String, _ master: String) async throws(NetKitError) {
        try await onIOThread { try $0.setMaster(name, master) }
    }

    /// `ip link set NAME nomaster` (`RTM_NEWLINK`); the `async` form of `clearMaster(_:)`.
    public func clearMaster(_ name: String) async throws(NetKitError) { try await onIOThread { try $0.clearMaster(name) } }

    /// `ip link set NAME alias ALIAS` (`RTM_NEWLINK`); the `async` form of `setAlias(_:_:)`.
    public func setAlias(_ name: String, _ alias: String) async throws(NetKitError) {
        try await onIOThread { try $0.setAlias(name, alias) }
    }

    /// `ip link set NAME group GROUP` (`RTM_NEWLINK`); the `async` form of `setGroup(_:_:)`.
    public func setGroup(_ name: String, _ group: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.setGroup(name, group) }
    }

    /// `ip link set NAME promisc on|off` (`RTM_NEWLINK`); the `async` form of
    /// `setPromiscuous(_:_:)`.
    public func setPromiscuous(_ name: String, _ enabled: Bool) async throws(NetKitError) {
        try await onIOThread { try $0.setPromiscuous(name, enabled) }
    }

    /// `ip link set NAME netns NS` (`RTM_NEWLINK`); the `async` form of `move(_:to:)`.
    public func move(_ name: String, to namespace: Namespace) async throws(NetKitError) {
        try await onIOThread { try $0.move(name, to: namespace) }
    }

    /// `ip link del NAME` (`RTM_DELLINK`); the `async` form of `deleteLink(_:)`.
    public func deleteLink(_ name: String) async throws(NetKitError) { try await onIOThread { try $0.deleteLink(name) } }

    /// `ip link del group GROUP` (`RTM_DELLINK`); the `async` form of `deleteLinks(inGroup:)`.
    public func deleteLinks(inGroup group: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.deleteLinks(inGroup: group) }
    }

    /// `ip link add … type veth` for many pairs in one batch; the `async` form of `addLinks(_:)`.
    public func addLinks(_ veths: [VethPair]) async throws(NetKitError) -> [LinkResult] {
        try await onIOThread { try $0.addLinks(veths) }
    }

    /// `ip link set NAME up` for many links in one batch; the `async` form of the batch `setUp(_:)`.
    public func setUp(_ names: [String]) async throws(NetKitError) -> [LinkResult] {
        try await onIOThread { try $0.setUp(names) }
    }

    /// `ip link del NAME` for many links in one batch; the `async` form of `deleteLinks(named:)`.
    public func deleteLinks(named names: [String]) async throws(NetKitError) -> [LinkResult] {
        try await onIOThread { try $0.deleteLinks(named: names) }
    }

    /// The other end of the veth `name` (`RTM_GETLINK`); the `async` form of `vethPeer(of:in:)`.
    public func vethPeer(of name: String, in peerHandle: NetlinkHandle? = nil) async throws(NetKitError) -> Link {
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
