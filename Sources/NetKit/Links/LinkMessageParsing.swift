extension Link {
    /// Decodes an `RTM_NEWLINK` message (a dump entry or a `RTM_GETLINK` reply).
    init(message: NetlinkMessage) throws {
        var kinds = LinkKindCache()
        try self.init(message: message, kinds: &kinds)
    }

    /// ``init(message:)`` for one message of a listing: `kinds` holds the kinds and qdiscs the
    /// listing has met, so each kind's name is read and its decoders found once per listing.
    init(message: NetlinkMessage, kinds: inout LinkKindCache) throws {
        let header = try message.header(InterfaceInfoHeader.self)
        var name = InterfaceName(unchecked: "")
        var infoKind: Int?  // positions in `kinds`
        var slaveKind: Int?
        var infoData: NetlinkAttributes?
        var slaveData: NetlinkAttributes?
        var link = Link(
            index: header.index, name: name, kind: .ether, hardwareType: HardwareType(rawValue: header.type),
            flags: LinkFlags(rawValue: header.flags), operationalState: .unknown, mtu: 0,
            hardwareAddress: [], broadcastAddress: [], group: 0, linkMode: .default)
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<InterfaceInfoHeader>.size) {
            switch attribute.type {
            // The kernel validated the name when the link was made (dev_valid_name): no second pass.
            case IFLA.ifname: name = InterfaceName(unchecked: attribute.string)
            case IFLA.address: link.hardwareAddress = attribute.bytes
            case IFLA.broadcast: link.broadcastAddress = Link.broadcastBytes(attribute.value)
            case IFLA.mtu: link.mtu = attribute.uint32 ?? 0
            case IFLA.link: link.parentIndex = attribute.int32
            case IFLA.qdisc: link.qdisc = kinds.qdisc(attribute.value)
            case IFLA.master: link.masterIndex = attribute.int32
            case IFLA.txqlen: link.transmitQueueLength = attribute.uint32
            case IFLA.operstate: link.operationalState = OperationalState(rawValue: attribute.uint8 ?? 0) ?? .unknown
            case IFLA.linkmode: link.linkMode = LinkMode(rawValue: attribute.uint8 ?? 0)
            case IFLA.ifalias: link.alias = attribute.string
            case IFLA.group: link.group = attribute.uint32 ?? 0
            case IFLA.linkNetnsID: link.linkNetnsID = attribute.int32
            case IFLA.propList: link.alternativeNames = attribute.nested.filter { $0.type == IFLA.altIfname }.map(\.string)
            case IFLA.stats64: link.statistics = LinkStatistics(stats64: attribute.value)
            case IFLA.linkinfo:
                for info in attribute.nested {
                    switch info.type {
                    case IFLA.Info.kind: infoKind = kinds.kind(info.value)
                    case IFLA.Info.slaveKind: slaveKind = kinds.kind(info.value)
                    case IFLA.Info.data: infoData = info.nested
                    case IFLA.Info.slaveData: slaveData = info.nested
                    default: break
                    }
                }
            default: break
            }
        }
        link.name = name
        link.kind = LinkKind(infoKind: infoKind.map { kinds.name($0) }, hardwareType: header.type)
        link.details = infoKind.flatMap { kinds.details($0, infoData) }
        link.portDetails = slaveKind.flatMap { kinds.portDetails($0, slaveData) }
        self = link
    }

    /// The Ethernet broadcast address (`ff:ff:ff:ff:ff:ff`), which nearly every link reports,
    /// shared by all of them: a listing of a thousand links allocates it once, not per link.
    private static let ethernetBroadcast: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]

    /// `IFLA_BROADCAST`'s bytes, sharing ``ethernetBroadcast`` when they are that address.
    private static func broadcastBytes(_ value: UnsafeRawBufferPointer) -> [UInt8] {
        if value.count == 6, value.loadUnaligned(as: UInt32.self) == .max, value.loadUnaligned(fromByteOffset: 4, as: UInt16.self) == .max {
            return ethernetBroadcast
        }
        return value.withMemoryRebound(to: UInt8.self) { Array($0) }
    }
}
