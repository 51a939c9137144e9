/// The one table of the kinds NetKit reads: for each kind, how its `IFLA_INFO_DATA` (or, for a
/// port, `IFLA_INFO_SLAVE_DATA`) becomes its ``LinkDetails``. Each decoder lives beside its
/// kind's type; adding a kind is one line here. A `switch`, not a dictionary: a listing looks up
/// each kind once, and building a dictionary keyed by ``LinkKind`` costs the runtime more (its
/// generic metadata, checked against the conformance records) than the listing saves.
enum LinkDetailsDecoders {
    /// How one kind's details are read, and whether they name devices.
    struct Decoder: Sendable {
        /// Decodes a kind's nested attributes; `nil` when the kernel sent none.
        let decode: @Sendable (NetlinkAttributes?) -> (any LinkDetails)?
        /// Names the devices the details refer to by index (``LinkDetailsNamingDevices``); nil
        /// for details that name none. Known from the decoder's type, so that naming a listing's
        /// links asks the runtime no conformance question (a cast to a protocol searches its
        /// conformance records).
        let nameDevices: DeviceNamingTypes.Namer?

        init<Details: LinkDetails>(_ decode: @escaping @Sendable (NetlinkAttributes?) -> Details?) {
            self.decode = { decode($0) }
            nameDevices = nil
        }

        init<Details: LinkDetailsNamingDevices>(_ decode: @escaping @Sendable (NetlinkAttributes?) -> Details?) {
            self.decode = { decode($0) }
            nameDevices = { details, lookup in (details as? Details)?.resolvingNames(lookup) ?? details }
        }
    }

    /// The `IFLA_INFO_DATA` decoder for an `IFLA_INFO_KIND`.
    static func data(_ kind: LinkKind) -> Decoder? {
        switch kind {
        case .bridge: Decoder { $0.map(BridgeDetails.init(infoData:)) }
        case .ipip: Decoder { IPIPTunnelDetails(infoData: $0) }
        case .vlan: Decoder { VLANDetails(infoData: $0) }
        case .macvlan: Decoder { MACVLANDetails(infoData: $0) }
        case .macvtap: Decoder { MACVTAPDetails(infoData: $0) }
        case .ipvlan: Decoder { IPVLANDetails(infoData: $0) }
        case .vrf: Decoder { VRFDetails(infoData: $0) }
        case .wireguard: Decoder { _ in WireGuardDetails() }
        case .vxlan: Decoder { VXLANDetails(infoData: $0) }
        case .geneve: Decoder { GeneveDetails(infoData: $0) }
        case .gre: Decoder { GRETunnelDetails(variant: .gre, infoData: $0) }
        case .gretap: Decoder { GRETunnelDetails(variant: .gretap, infoData: $0) }
        case .ip6gre: Decoder { GRETunnelDetails(variant: .ip6gre, infoData: $0) }
        case .ip6gretap: Decoder { GRETunnelDetails(variant: .ip6gretap, infoData: $0) }
        case GRETunnel.Variant.erspan.kind: Decoder { GRETunnelDetails(variant: .erspan, infoData: $0) }
        case GRETunnel.Variant.ip6erspan.kind: Decoder { GRETunnelDetails(variant: .ip6erspan, infoData: $0) }
        case .sit: Decoder { SITTunnelDetails(infoData: $0) }
        case .ip6tnl: Decoder { IP6TunnelDetails(infoData: $0) }
        default: nil
        }
    }

    /// The `IFLA_INFO_SLAVE_DATA` decoder for an `IFLA_INFO_SLAVE_KIND` (the master's kind).
    static func port(_ kind: LinkKind) -> Decoder? {
        switch kind {
        case .bridge: Decoder { $0.map(BridgePortDetails.init(infoData:)) }
        case .vrf: Decoder { VRFPortDetails(infoData: $0) }
        default: nil
        }
    }
}

extension NetlinkAttributes {
    /// No attributes: what a decoder reads when the kernel sent no `IFLA_INFO_DATA`.
    static var empty: NetlinkAttributes { NetlinkAttributes(UnsafeRawBufferPointer(start: nil, count: 0)) }
}

/// The short names a listing of links meets again and again: the kinds (`IFLA_INFO_KIND` and
/// `IFLA_INFO_SLAVE_KIND` values), each with its name and decoders, and the queueing
/// disciplines (`IFLA_QDISC`). A node's links are of a few kinds and qdiscs, so each kind's
/// name is decoded and its decoders looked up (the name hashed) once per listing, not once per
/// link, and links with the same qdisc share one string.
struct LinkKindCache {
    /// A kind's name and the decoders of ``LinkDetailsDecoders`` for it.
    struct Entry {
        let name: String
        let data: LinkDetailsDecoders.Decoder?
        let port: LinkDetailsDecoders.Decoder?

        init(_ name: String) {
            self.name = name
            data = LinkDetailsDecoders.data(LinkKind(rawValue: name))
            port = LinkDetailsDecoders.port(LinkKind(rawValue: name))
        }
    }

    /// A name's bytes (at most 16, zero-filled) and length: compared without decoding it.
    private typealias Key = (low: UInt64, high: UInt64, count: Int)

    /// The names met so far, apart from their values so that a search copies no value. A kind's
    /// position in `entries` stands for it in a link being decoded: an entry copied out would
    /// retain its name and decoders for every link.
    private var keys: [Key] = []
    private var entries: [Entry] = []
    private var qdiscKeys: [Key] = []
    private var qdiscs: [String] = []

    /// The position of the entry for an attribute holding a kind's name (up to a NUL, as
    /// ``NetlinkAttributes/Attribute/string`` reads it).
    mutating func kind(_ value: UnsafeRawBufferPointer) -> Int {
        let key = Self.key(value)
        if let key, let i = Self.position(of: key, in: keys) { return i }
        // A name longer than 16 bytes gets a key no search matches: such a kind is read anew.
        keys.append(key ?? (0, 0, -1))
        entries.append(Entry(Self.string(value)))
        return entries.count - 1
    }

    /// The entry at a position ``kind(_:)`` returned.
    subscript(kind: Int) -> Entry { entries[kind] }

    /// The name of the kind at `kind`.
    func name(_ kind: Int) -> String { entries[kind].name }

    /// The kind's `IFLA_INFO_DATA` decoded, for the kind at `kind`; nil if NetKit does not read it.
    func details(_ kind: Int, _ data: NetlinkAttributes?) -> (any LinkDetails)? { entries[kind].data?.decode(data) }

    /// The port's `IFLA_INFO_SLAVE_DATA` decoded, for the master's kind at `kind`.
    func portDetails(_ kind: Int, _ data: NetlinkAttributes?) -> (any LinkDetails)? { entries[kind].port?.decode(data) }

    /// The qdisc's name in an `IFLA_QDISC` attribute, as ``NetlinkAttributes/Attribute/string``
    /// reads it.
    mutating func qdisc(_ value: UnsafeRawBufferPointer) -> String {
        guard let key = Self.key(value) else { return Self.string(value) }
        if let i = Self.position(of: key, in: qdiscKeys) { return qdiscs[i] }
        let name = Self.string(value)
        qdiscKeys.append(key)
        qdiscs.append(name)
        return name
    }

    private static func key(_ value: UnsafeRawBufferPointer) -> Key? {
        let count = value.firstIndex(of: 0) ?? value.count
        guard count <= 16 else { return nil }
        var key: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &key) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: value[..<count])) }
        return (key.0, key.1, count)
    }

    private static func position(of key: Key, in keys: [Key]) -> Int? {
        keys.firstIndex { $0.low == key.low && $0.high == key.high && $0.count == key.count }
    }

    private static func string(_ value: UnsafeRawBufferPointer) -> String {
        String(decoding: value[..<(value.firstIndex(of: 0) ?? value.count)], as: UTF8.self)
    }
}
