// The `async` forms of the bridge, bridge-port and forwarding-database operations (Bridges/);
// see NetlinkHandle+AsyncLinks.swift for how they run and how cancellation behaves.
extension NetlinkHandle {
    /// `ip link show master BRIDGE` (`RTM_GETLINK` dump); the `async` form of `bridgePorts(bridge:)`.
    public func bridgePorts(bridge: InterfaceName) async throws(NetKitError) -> [Link] {
        try await onIOThread { try $0.bridgePorts(bridge: bridge) }
    }

    /// `ip link show type bridge` with each bridge's ports; the `async` form of `bridges()`.
    public func bridges() async throws(NetKitError) -> [BridgeWithPorts] {
        try await onIOThread { try $0.bridges() }
    }

    /// `bridge link set dev PORT …` (`RTM_NEWLINK` with `IFLA_PROTINFO`); the `async` form of
    /// `setBridgePortOptions(_:to:)`.
    public func setBridgePortOptions(_ port: InterfaceName, to options: BridgePortOptions) async throws(NetKitError) {
        try await onIOThread { try $0.setBridgePortOptions(port, to: options) }
    }

    /// `bridge fdb show br BRIDGE` (`RTM_GETNEIGH` dump, `AF_BRIDGE`); the `async` form of
    /// `forwardingDatabase(bridge:)`.
    public func forwardingDatabase(bridge: InterfaceName) async throws(NetKitError) -> [ForwardingDatabaseEntry] {
        try await onIOThread { try $0.forwardingDatabase(bridge: bridge) }
    }

    /// `bridge fdb add MAC dev PORT …` (`RTM_NEWNEIGH`, `AF_BRIDGE`); the `async` form of
    /// `addForwardingEntry(_:port:kind:vlan:)`.
    public func addForwardingEntry(
        _ mac: MACAddress, port: InterfaceName, kind: ForwardingEntryKind = .static,
        vlan: UInt16? = nil
    ) async throws(NetKitError) {
        try await onIOThread { try $0.addForwardingEntry(mac, port: port, kind: kind, vlan: vlan) }
    }

    /// `bridge fdb del MAC dev PORT [vlan V]` (`RTM_DELNEIGH`, `AF_BRIDGE`); the `async` form of
    /// `deleteForwardingEntry(_:port:vlan:)`.
    public func deleteForwardingEntry(_ mac: MACAddress, port: InterfaceName, vlan: UInt16? = nil) async throws(NetKitError) {
        try await onIOThread { try $0.deleteForwardingEntry(mac, port: port, vlan: vlan) }
    }
}
