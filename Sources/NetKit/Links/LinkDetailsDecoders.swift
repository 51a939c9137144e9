/// The one table of the kinds NetKit reads: for each kind, how its `IFLA_INFO_DATA` (or, for a
/// port, `IFLA_INFO_SLAVE_DATA`) becomes its ``LinkDetails``. Each decoder lives beside its
/// kind's type; adding a kind is one line here.
enum LinkDetailsDecoders {
    /// Decodes a kind's nested attributes; `nil` when the kernel sent none.
    typealias Decoder = @Sendable (NetlinkAttributes?) -> (any LinkDetails)?

    /// `IFLA_INFO_DATA` decoders by `IFLA_INFO_KIND`.
    static let data: [LinkKind: Decoder] = [
        .bridge: { $0.map(BridgeDetails.init(infoData:)) },
        .ipip: { IPIPTunnelDetails(infoData: $0) },
        .vlan: { VLANDetails(infoData: $0) },
        .macvlan: { MACVLANDetails(infoData: $0) },
        .macvtap: { MACVTAPDetails(infoData: $0) },
        .ipvlan: { IPVLANDetails(infoData: $0) },
        .vrf: { VRFDetails(infoData: $0) },
        .wireguard: { _ in WireGuardDetails() },
    ]

    /// `IFLA_INFO_SLAVE_DATA` decoders by `IFLA_INFO_SLAVE_KIND` (the master's kind).
    static let port: [LinkKind: Decoder] = [
        .bridge: { $0.map(BridgePortDetails.init(infoData:)) },
        .vrf: { VRFPortDetails(infoData: $0) },
    ]
}

extension NetlinkAttributes {
    /// No attributes: what a decoder reads when the kernel sent no `IFLA_INFO_DATA`.
    static var empty: NetlinkAttributes { NetlinkAttributes(UnsafeRawBufferPointer(start: nil, count: 0)) }
}
