extension Link {
    /// Decodes an `RTM_NEWLINK` message (a dump entry or a `RTM_GETLINK` reply).
    init(message: NetlinkMessage) throws {
        let header = try message.header(InterfaceInfoHeader.self)
        var name = ""
        var infoKind: String?
        var slaveKind: String?
        var infoData: NetlinkAttributes?
        var slaveData: NetlinkAttributes?
        var link = Link(
            index: header.index, name: "", kind: .ether, hardwareType: HardwareType(rawValue: header.type),
            flags: LinkFlags(rawValue: header.flags), operationalState: .unknown, mtu: 0,
            hardwareAddress: [], broadcastAddress: [], group: 0, linkMode: 0)
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<InterfaceInfoHeader>.size) {
            switch attribute.type {
            case IFLA.ifname: name = attribute.string
            case IFLA.address: link.hardwareAddress = attribute.bytes
            case IFLA.broadcast: link.broadcastAddress = attribute.bytes
            case IFLA.mtu: link.mtu = attribute.uint32 ?? 0
            case IFLA.link: link.parentIndex = attribute.int32
            case IFLA.qdisc: link.qdisc = attribute.string
            case IFLA.master: link.masterIndex = attribute.int32
            case IFLA.txqlen: link.transmitQueueLength = attribute.uint32
            case IFLA.operstate: link.operationalState = OperationalState(rawValue: attribute.uint8 ?? 0) ?? .unknown
            case IFLA.linkmode: link.linkMode = attribute.uint8 ?? 0
            case IFLA.ifalias: link.alias = attribute.string
            case IFLA.group: link.group = attribute.uint32 ?? 0
            case IFLA.linkNetnsID: link.linkNetnsID = attribute.int32
            case IFLA.propList: link.alternativeNames = attribute.nested.filter { $0.type == IFLA.altIfname }.map(\.string)
            case IFLA.stats64: link.statistics = LinkStatistics(stats64: attribute.value)
            case IFLA.linkinfo:
                for info in attribute.nested {
                    switch info.type {
                    case IFLA.Info.kind: infoKind = info.string
                    case IFLA.Info.slaveKind: slaveKind = info.string
                    case IFLA.Info.data: infoData = info.nested
                    case IFLA.Info.slaveData: slaveData = info.nested
                    default: break
                    }
                }
            default: break
            }
        }
        link.name = name
        link.kind = LinkKind(infoKind: infoKind, hardwareType: header.type)
        if link.kind == .bridge, let infoData { link.bridge = BridgeAttributes(infoData) }
        if link.kind == .ipip { link.ipip = IPIPAttributes(infoData) }
        if slaveKind == "bridge", let slaveData { link.bridgePort = BridgePortAttributes(slaveData) }
        self = link
    }
}

extension BridgeAttributes {
    init(_ attributes: NetlinkAttributes) {
        self.init(stpEnabled: false, forwardDelay: 0, ageingTime: 0, vlanFiltering: false)
        for attribute in attributes {
            switch attribute.type {
            case IFLA.Bridge.stpState: stpEnabled = (attribute.uint32 ?? 0) != 0
            case IFLA.Bridge.forwardDelay: forwardDelay = attribute.uint32 ?? 0
            case IFLA.Bridge.ageingTime: ageingTime = attribute.uint32 ?? 0
            case IFLA.Bridge.vlanFiltering: vlanFiltering = (attribute.uint8 ?? 0) != 0
            default: break
            }
        }
    }
}

extension BridgePortAttributes {
    init(_ attributes: NetlinkAttributes) {
        self.init(state: 0, portNumber: 0, hairpin: false, isolated: false, learning: false, unicastFlood: false)
        for attribute in attributes {
            switch attribute.type {
            case IFLA.BridgePort.state: state = attribute.uint8 ?? 0
            case IFLA.BridgePort.portNumber: portNumber = attribute.uint16 ?? 0
            case IFLA.BridgePort.mode: hairpin = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgePort.isolated: isolated = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgePort.learning: learning = (attribute.uint8 ?? 0) != 0
            case IFLA.BridgePort.unicastFlood: unicastFlood = (attribute.uint8 ?? 0) != 0
            default: break
            }
        }
    }
}

extension IPIPAttributes {
    init(_ attributes: NetlinkAttributes?) {
        self.init(local: nil, remote: nil, ttl: 0, tos: 0, pathMTUDiscovery: true, underlyingIndex: 0)
        for attribute in attributes ?? NetlinkAttributes(UnsafeRawBufferPointer(start: nil, count: 0)) {
            switch attribute.type {
            case IFLA.IPTunnel.local: local = IPv4Address(networkBytes: attribute.value).flatMap { $0 == .any ? nil : $0 }
            case IFLA.IPTunnel.remote: remote = IPv4Address(networkBytes: attribute.value).flatMap { $0 == .any ? nil : $0 }
            case IFLA.IPTunnel.ttl: ttl = attribute.uint8 ?? 0
            case IFLA.IPTunnel.tos: tos = attribute.uint8 ?? 0
            case IFLA.IPTunnel.pmtudisc: pathMTUDiscovery = (attribute.uint8 ?? 1) != 0
            case IFLA.IPTunnel.link: underlyingIndex = attribute.uint32 ?? 0
            case IFLA.IPTunnel.proto: tunnelProtocol = attribute.uint8
            default: break
            }
        }
    }
}
