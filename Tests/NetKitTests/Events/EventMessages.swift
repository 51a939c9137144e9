@testable import NetKit

/// Notifications as the kernel would send them, built with NetKit's request encoder, so the
/// decoder is tested without privilege.
enum EventMessages {
    static func link(
        _ type: MessageType = .newLink, index: Int32, name: String, up: Bool = true, parent: Int32? = nil,
        family: UInt8 = 0
    ) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: [], operation: "test")
        let flags: LinkFlags = up ? [.broadcast, .multicast, .up, .lowerUp, .running] : [.broadcast, .multicast]
        request.appendHeader(InterfaceInfoHeader(family: family, type: 1, index: index, flags: flags.rawValue))
        request.appendAttribute(IFLA.ifname, string: name)
        request.appendAttribute(IFLA.mtu, uint32: 1500)
        request.appendAttribute(IFLA.operstate, uint8: up ? 6 : 2)
        request.appendAttribute(IFLA.qdisc, string: up ? "noqueue" : "noop")
        request.appendAttribute(IFLA.group, uint32: 0)
        request.appendAttribute(IFLA.address, bytes: [0x9a, 0x9c, 0xec, 0x83, 0x47, UInt8(index)])
        request.appendAttribute(IFLA.broadcast, bytes: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        if let parent { request.appendAttribute(IFLA.link, int32: parent) }
        return request
    }

    static func address(_ type: MessageType = .newAddress, index: UInt32, _ bytes: [UInt8], prefix: UInt8) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: [], operation: "test")
        request.appendHeader(
            InterfaceAddressHeader(family: bytes.count == 4 ? 2 : 10, prefixLength: prefix, flags: 0x80, scope: 0, index: index))
        request.appendAttribute(IFA.address, bytes: bytes)
        request.appendAttribute(IFA.local, bytes: bytes)
        return request
    }

    static func route(
        _ type: MessageType = .newRoute, device: Int32, flags: UInt32 = 0, messageFlags: MessageFlags = [],
        gateway: [UInt8] = [10, 0, 0, 2]
    ) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: messageFlags, operation: "test")
        request.appendHeader(
            RouteHeader(
                family: 2, destinationLength: 24, sourceLength: 0, tos: 0, table: 254,
                protocolID: 4, scope: 0, type: 1, flags: flags))
        request.appendAttribute(RTA.table, uint32: 254)
        request.appendAttribute(RTA.dst, bytes: [10, 9, 0, 0])
        request.appendAttribute(RTA.gateway, bytes: gateway)
        request.appendAttribute(RTA.oif, int32: device)
        return request
    }

    static func neighbour(_ type: MessageType = .newNeighbour, index: Int32, state: UInt16, family: UInt8 = 2) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: [], operation: "test")
        request.appendHeader(NeighbourHeader(family: family, index: index, state: state, flags: 0, type: 1))
        request.appendAttribute(NDA.destination, bytes: family == 2 ? [10, 0, 0, 7] : [2, 0, 0, 0, 0, 7])
        request.appendAttribute(NDA.linkLayerAddress, bytes: [2, 0, 0, 0, 0, 7])
        return request
    }

    static func rule(_ type: MessageType = .newRule) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: [], operation: "test")
        request.appendHeader(RuleHeader(family: 2, destinationLength: 0, sourceLength: 16, tos: 0, table: 100, action: 1))
        request.appendAttribute(FRA.source, bytes: [10, 1, 0, 0])
        request.appendAttribute(FRA.priority, uint32: 100)
        request.appendAttribute(FRA.table, uint32: 100)
        return request
    }
}

extension EventDecoder {
    /// Decodes `request` as a received notification.
    mutating func decode(_ request: NetlinkRequest) throws -> Decoded? {
        var result: Decoded?
        try request.encoded(sequence: 0).withUnsafeBytes { buffer in
            try NetlinkMessage.forEach(in: buffer) { result = try decode($0) }
        }
        return result
    }
}
