// The `async` forms of the bridge VLAN and device forwarding-entry operations
// (Bridges/BridgeVLAN*.swift, Bridges/ForwardingDatabaseSelfOperations.swift): each runs its
// blocking form on a NetKit I/O thread and suspends the task meanwhile.
extension NetlinkHandle {
    /// `bridge vlan add vid V dev DEV …`; the `async` form of `addBridgeVLAN(_:dev:target:)`.
    public func addBridgeVLAN(_ vlan: BridgeVLAN, dev: InterfaceName, target: BridgeVLANTarget? = nil) async throws(NetKitError) {
        try await onIOThread { try $0.addBridgeVLAN(vlan, dev: dev, target: target) }
    }

    /// `bridge vlan del vid V dev DEV …`; the `async` form of `deleteBridgeVLAN(_:dev:target:)`.
    public func deleteBridgeVLAN(_ vlan: BridgeVLAN, dev: InterfaceName, target: BridgeVLANTarget? = nil) async throws(NetKitError) {
        try await onIOThread { try $0.deleteBridgeVLAN(vlan, dev: dev, target: target) }
    }

    /// `bridge vlan show [dev DEV]`; the `async` form of `bridgeVLANs(dev:compressed:)`.
    public func bridgeVLANs(dev: InterfaceName? = nil, compressed: Bool = false) async throws(NetKitError) -> [BridgeVLANDevice] {
        try await onIOThread { try $0.bridgeVLANs(dev: dev, compressed: compressed) }
    }

    /// `ip link set dev BRIDGE type bridge vlan_filtering …`; the `async` form of
    /// `setBridgeVLANOptions(_:to:)`.
    public func setBridgeVLANOptions(_ bridge: InterfaceName, to options: BridgeVLANOptions) async throws(NetKitError) {
        try await onIOThread { try $0.setBridgeVLANOptions(bridge, to: options) }
    }

    /// `bridge fdb add MAC dev DEV self dst IP …`; the `async` form of
    /// `addForwardingEntry(_:dev:destination:port:vni:kind:)`.
    public func addForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind = .permanent
    ) async throws(NetKitError) {
        try await onIOThread { try $0.addForwardingEntry(mac, dev: dev, destination: destination, port: port, vni: vni, kind: kind) }
    }

    /// `bridge fdb append MAC dev DEV self dst IP …`; the `async` form of
    /// `appendForwardingEntry(_:dev:destination:port:vni:kind:)`.
    public func appendForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind = .permanent
    ) async throws(NetKitError) {
        try await onIOThread { try $0.appendForwardingEntry(mac, dev: dev, destination: destination, port: port, vni: vni, kind: kind) }
    }

    /// `bridge fdb replace MAC dev DEV self dst IP …`; the `async` form of
    /// `replaceForwardingEntry(_:dev:destination:port:vni:kind:)`.
    public func replaceForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil,
        kind: ForwardingEntryKind = .permanent
    ) async throws(NetKitError) {
        try await onIOThread { try $0.replaceForwardingEntry(mac, dev: dev, destination: destination, port: port, vni: vni, kind: kind) }
    }

    /// `bridge -batch` of `bridge fdb append … self` lines; the `async` form of
    /// `appendForwardingEntries(_:dev:kind:)`.
    public func appendForwardingEntries(
        _ remotes: [ForwardingRemote], dev: InterfaceName, kind: ForwardingEntryKind = .permanent
    ) async throws(NetKitError) -> [BatchResult<ForwardingRemote>] {
        try await onIOThread { try $0.appendForwardingEntries(remotes, dev: dev, kind: kind) }
    }

    /// `bridge -batch` of `bridge fdb replace … self` lines; the `async` form of
    /// `replaceForwardingEntries(_:dev:kind:)`.
    public func replaceForwardingEntries(
        _ remotes: [ForwardingRemote], dev: InterfaceName, kind: ForwardingEntryKind = .permanent
    ) async throws(NetKitError) -> [BatchResult<ForwardingRemote>] {
        try await onIOThread { try $0.replaceForwardingEntries(remotes, dev: dev, kind: kind) }
    }

    /// `bridge -batch` of `bridge fdb del … self` lines; the `async` form of
    /// `deleteForwardingEntries(_:dev:)`.
    public func deleteForwardingEntries(_ remotes: [ForwardingRemote], dev: InterfaceName) async throws(NetKitError)
        -> [BatchResult<ForwardingRemote>]
    {
        try await onIOThread { try $0.deleteForwardingEntries(remotes, dev: dev) }
    }

    /// `bridge fdb del MAC dev DEV self …`; the `async` form of
    /// `deleteForwardingEntry(_:dev:destination:port:vni:)`.
    public func deleteForwardingEntry(
        _ mac: MACAddress, dev: InterfaceName, destination: IPAddress? = nil, port: UInt16? = nil, vni: UInt32? = nil
    ) async throws(NetKitError) {
        try await onIOThread { try $0.deleteForwardingEntry(mac, dev: dev, destination: destination, port: port, vni: vni) }
    }

    /// `bridge fdb show dev DEV`; the `async` form of `forwardingDatabase(dev:)`.
    public func forwardingDatabase(dev: InterfaceName) async throws(NetKitError) -> [ForwardingDatabaseEntry] {
        try await onIOThread { try $0.forwardingDatabase(dev: dev) }
    }
}
