// The `async` forms of the link kinds' creation and the link properties (Links/Kinds/,
// Tunnels/, Links/LinkPropertyOperations.swift): each runs its blocking form on a NetKit I/O
// thread and suspends the task meanwhile (see NetlinkHandle+IOThread.swift).
extension NetlinkHandle {
    /// `ip link add link DEV NAME type vlan id ID …`; the `async` form of `add(_: VLAN)`.
    public func add(_ vlan: VLAN) async throws(NetKitError) { try await onIOThread { try $0.add(vlan) } }

    /// `ip link add link DEV NAME type macvlan …`; the `async` form of `add(_: MACVLAN)`.
    public func add(_ macvlan: MACVLAN) async throws(NetKitError) { try await onIOThread { try $0.add(macvlan) } }

    /// Many macvlans, batched; the `async` form of `addLinks(_: [MACVLAN])`.
    public func addLinks(_ macvlans: [MACVLAN]) async throws(NetKitError) -> [BatchResult<MACVLAN>] {
        try await onIOThread { try $0.addLinks(macvlans) }
    }

    /// `ip link add link DEV NAME type macvtap …`; the `async` form of `add(_: MACVTAP)`.
    public func add(_ macvtap: MACVTAP) async throws(NetKitError) { try await onIOThread { try $0.add(macvtap) } }

    /// `ip link add link DEV NAME type ipvlan …`; the `async` form of `add(_: IPVLAN)`.
    public func add(_ ipvlan: IPVLAN) async throws(NetKitError) { try await onIOThread { try $0.add(ipvlan) } }

    /// `ip link add NAME type vrf table N`; the `async` form of `add(_: VRF)`.
    public func add(_ vrf: VRF) async throws(NetKitError) { try await onIOThread { try $0.add(vrf) } }

    /// `ip link add NAME type wireguard`; the `async` form of `add(_: WireGuard)`.
    public func add(_ wireGuard: WireGuard) async throws(NetKitError) { try await onIOThread { try $0.add(wireGuard) } }

    /// `ip link add NAME type vxlan id VNI …`; the `async` form of `add(_: VXLAN)`.
    public func add(_ vxlan: VXLAN) async throws(NetKitError) { try await onIOThread { try $0.add(vxlan) } }

    /// `ip link add NAME type geneve id VNI …`; the `async` form of `add(_: Geneve)`.
    public func add(_ geneve: Geneve) async throws(NetKitError) { try await onIOThread { try $0.add(geneve) } }

    /// `ip link add NAME type gre|gretap|ip6gre|ip6gretap …`; the `async` form of `add(_: GRETunnel)`.
    public func add(_ tunnel: GRETunnel) async throws(NetKitError) { try await onIOThread { try $0.add(tunnel) } }

    /// `ip link add NAME type sit …`; the `async` form of `add(_: SITTunnel)`.
    public func add(_ tunnel: SITTunnel) async throws(NetKitError) { try await onIOThread { try $0.add(tunnel) } }

    /// `ip link add NAME type ip6tnl …`; the `async` form of `add(_: IP6Tunnel)`.
    public func add(_ tunnel: IP6Tunnel) async throws(NetKitError) { try await onIOThread { try $0.add(tunnel) } }

    /// `ip link set dev NAME txqueuelen N`; the `async` form of `setTransmitQueueLength(_:to:)`.
    public func setTransmitQueueLength(_ name: InterfaceName, to length: UInt32) async throws(NetKitError) {
        try await onIOThread { try $0.setTransmitQueueLength(name, to: length) }
    }

    /// `ip link set dev NAME allmulticast on|off`; the `async` form of `setAllMulticast(_:to:)`.
    public func setAllMulticast(_ name: InterfaceName, to enabled: Bool) async throws(NetKitError) {
        try await onIOThread { try $0.setAllMulticast(name, to: enabled) }
    }

    /// `ip link set dev NAME arp on|off`; the `async` form of `setARP(_:to:)`.
    public func setARP(_ name: InterfaceName, to enabled: Bool) async throws(NetKitError) {
        try await onIOThread { try $0.setARP(name, to: enabled) }
    }

    /// `ip link property add dev NAME altname ALT`; the `async` form of `addAlternativeName(_:to:)`.
    public func addAlternativeName(_ alternativeName: String, to name: InterfaceName) async throws(NetKitError) {
        try await onIOThread { try $0.addAlternativeName(alternativeName, to: name) }
    }

    /// `ip link property del dev NAME altname ALT`; the `async` form of `deleteAlternativeName(_:from:)`.
    public func deleteAlternativeName(_ alternativeName: String, from name: InterfaceName) async throws(NetKitError) {
        try await onIOThread { try $0.deleteAlternativeName(alternativeName, from: name) }
    }

    /// `ip link show dev ALT` by alternative name; the `async` form of `link(alternativeName:)`.
    public func link(alternativeName: String) async throws(NetKitError) -> Link {
        try await onIOThread { try $0.link(alternativeName: alternativeName) }
    }
}
