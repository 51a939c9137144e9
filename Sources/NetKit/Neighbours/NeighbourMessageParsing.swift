extension Neighbour {
    /// Decodes an `RTM_NEWNEIGH` message; nil for families other than IPv4 and IPv6 (bridge
    /// forwarding-database entries share the message). The device name is left as `ifN` for the
    /// caller to resolve.
    init?(message: NetlinkMessage) throws {
        let header = try message.header(NeighbourHeader.self)
        guard let family = AddressFamily(rawValue: header.family) else { return nil }
        var destination: IPAddress?
        var neighbour = Neighbour(
            address: .v4(.any), interfaceIndex: header.index, interfaceName: .unnamed(index: header.index),
            state: NeighbourState(rawValue: header.state), flags: NeighbourFlags(rawValue: header.flags))
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<NeighbourHeader>.size) {
            switch attribute.type {
            case NDA.destination:
                guard let address = IPAddress(family: family, networkBytes: attribute.value) else {
                    throw NetKitError(
                        .malformedMessage("NDA_DST of \(attribute.value.count) bytes in an \(family) RTM_NEWNEIGH"),
                        operation: "RTM_GETNEIGH (ip neigh show)")
                }
                destination = address
            case NDA.linkLayerAddress: neighbour.hardwareAddress = attribute.bytes
            case NDA.protocolID: neighbour.protocol = attribute.uint8.map(RouteProtocol.init(rawValue:))
            case NDA.flagsExtended: neighbour.isManaged = (attribute.uint32 ?? 0) & NTF.extendedManaged != 0
            default: break
            }
        }
        guard let destination else {
            throw NetKitError(
                .malformedMessage("RTM_NEWNEIGH for index \(header.index) without NDA_DST"),
                operation: "RTM_GETNEIGH (ip neigh show)")
        }
        neighbour.address = destination
        self = neighbour
    }
}
