/// One remote in a device's own forwarding database (`self`): frames for ``mac`` go to
/// ``destination`` — on a vxlan device, the node behind it (`bridge fdb append MAC dev vxlan0
/// self dst IP`). The item of the batch calls `appendForwardingEntries(_:dev:kind:)`,
/// `replaceForwardingEntries(_:dev:kind:)` and `deleteForwardingEntries(_:dev:)`.
public struct ForwardingRemote: Sendable, Hashable, CustomStringConvertible {
    public var mac: MACAddress
    /// `dst`: the remote's address, of the family the device tunnels over.
    public var destination: IPAddress
    /// `port`: the remote's UDP port, when not the device's.
    public var port: UInt16?
    /// `vni`: the remote's VXLAN network identifier, when not the device's.
    public var vni: UInt32?

    public init(_ mac: MACAddress, destination: IPAddress, port: UInt16? = nil, vni: UInt32? = nil) {
        self.mac = mac
        self.destination = destination
        self.port = port
        self.vni = vni
    }

    /// `bridge fdb`'s words for it: `02:00:00:00:00:01 dst 10.0.0.2 port 4789 vni 1`.
    public var description: String {
        var text = "\(mac) dst \(destination)"
        if let port { text += " port \(port)" }
        if let vni { text += " vni \(vni)" }
        return text
    }

    /// The request for this remote on `dev`.
    func request(dev: InterfaceName, kind: ForwardingEntryKind?) -> ForwardingEntryRequest {
        ForwardingEntryRequest(mac: mac, dev: dev, isSelf: true, kind: kind, destination: destination, destinationPort: port, vni: vni)
    }
}
