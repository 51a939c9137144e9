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
        .vxlan: { VXLANDetails(infoData: $0) },
        .geneve: { GeneveDetails(infoData: $0) },
        .gre: { GRETunnelDetails(variant: .gre, infoData: $0) },
        .gretap: { GRETunnelDetails(variant: .gretap, infoData: $0) },
        .ip6gre: { GRETunnelDetails(variant: .ip6gre, infoData: $0) },
        .ip6gretap: { GRETunnelDetails(variant: .ip6gretap, infoData: $0) },
        GRETunnel.Variant.erspan.kind: { GRETunnelDetails(variant: .erspan, infoData: $0) },
        GRETunnel.Variant.ip6erspan.kind: { GRETunnelDetails(variant: .ip6erspan, infoData: $0) },
        .sit: { SITTunnelDetails(infoData: $0) },
        .ip6tnl: { IP6TunnelDetails(infoData: $0) },
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

/// The kinds a listing of links has met (`IFLA_INFO_KIND` and `IFLA_INFO_SLAVE_KIND` values),
/// each with its name and decoders. A node's links are of a few kinds, so each kind's name is
/// decoded and its decoders looked up (the name hashed) once per listing, not once per link.
struct LinkKindCache {
    /// A kind's name and the decoders of ``LinkDetailsDecoders`` for it.
    struct Entry {
        let name: String
        let data: LinkDetailsDecoders.Decoder?
        let port: LinkDetailsDecoders.Decoder?

        init(_ name: String) {
            self.name = name
            data = LinkDetailsDecoders.data[LinkKind(rawValue: name)]
            port = LinkDetailsDecoders.port[LinkKind(rawValue: name)]
        }
    }

    /// The names met so far as their bytes (at most 16, zero-filled), apart from their
    /// entries so that a search copies no entry.
    private var keys: [(low: UInt64, high: UInt64, count: Int)] = []
    private var entries: [Entry] = []

    /// The entry for an attribute holding a kind's name (up to a NUL, as
    /// ``NetlinkAttributes/Attribute/string`` reads it).
    mutating func entry(_ value: UnsafeRawBufferPointer) -> Entry {
        let count = value.firstIndex(of: 0) ?? value.count
        guard count <= 16 else { return Entry(String(decoding: value[..<count], as: UTF8.self)) }
        var key: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &key) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: value[..<count])) }
        for i in keys.indices where keys[i].low == key.0 && keys[i].high == key.1 && keys[i].count == count { return entries[i] }
        let entry = Entry(String(decoding: value[..<count], as: UTF8.self))
        keys.append((key.0, key.1, count))
        entries.append(entry)
        return entry
    }
}
