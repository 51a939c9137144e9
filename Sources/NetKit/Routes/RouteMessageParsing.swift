extension Route {
    /// Decodes an `RTM_NEWROUTE` (a dump entry or an `ip route get` answer) straight from the
    /// receive buffer: no intermediate objects, and no allocation for a single-path route
    /// without metrics. `names` maps device indices to names (one link dump per listing);
    /// indices it lacks keep only ``deviceIndex``. Returns nil for families other than IPv4 and
    /// IPv6 (an `AF_UNSPEC` dump also returns multicast-routing entries).
    init?(message: NetlinkMessage, names: [Int32: InterfaceName]) throws {
        guard let route = try Route.decode(message, names: names) else { return nil }
        self = route
    }

    /// The decoder behind ``init(message:names:)``, building the route in a local variable
    /// that is returned by move: a listing of 100k routes neither copies nor retains a route
    /// on the way into its result array.
    static func decode(_ message: NetlinkMessage, names: some InterfaceNameLookup) throws -> Route? {
        let header = try message.header(RouteHeader.self)
        guard let family = AddressFamily(rawValue: header.family) else { return nil }
        let messageType = message.type
        var destinationAddress: IPAddress?
        var sourceAddress: IPAddress?
        var table = UInt32(header.table)
        var multipath: NetlinkAttributes?
        // Rare attributes collect here and reach the route in one assignment (one box, if any);
        // created only when the message has one, so a plain route neither builds nor destroys it.
        var extras: RouteExtrasBuilder?
        var route = Route(destination: .defaultRoute(family), type: RouteType(rawValue: header.type))
        route.flags = RouteFlags(rawValue: header.flags)
        route.protocol = RouteProtocol(rawValue: header.protocolID)
        route.scope = RouteScope(rawValue: header.scope)
        route.tos = header.tos
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<RouteHeader>.size) {
            switch attribute.type {
            case RTA.dst: destinationAddress = Route.address(family, attribute.value)
            case RTA.src: sourceAddress = Route.address(family, attribute.value)
            case RTA.gateway: route.gateway = Route.address(family, attribute.value)
            case RTA.via: route.gateway = Route.via(attribute.value)
            case RTA.oif:
                if let index = attribute.int32 {
                    route.device = names.name(ofIndex: index)
                    route.deviceIndex = index  // after `device`, whose setter clears it
                }
            case RTA.iif:
                if let index = attribute.int32 {
                    extras.created.value.inputDevice = names.name(ofIndex: index)
                    extras.created.value.inputDeviceIndex = index
                }
            case RTA.priority: route.metric = attribute.uint32
            case RTA.prefsrc: route.preferredSource = Route.address(family, attribute.value)
            case RTA.table: table = attribute.uint32 ?? table
            case RTA.metrics: extras.created.value.metrics = RouteMetrics(attribute.nested)
            case RTA.multipath: multipath = NetlinkAttributes(attribute.value)
            case RTA.pref: route.preference = attribute.uint8.map(RoutePreference.init(rawValue:))
            case RTA.mark: extras.created.value.mark = attribute.uint32
            case RTA.uid: extras.created.value.uid = attribute.uint32
            case RTA.nexthopID: extras.created.value.nexthopID = attribute.uint32
            case RTA.cacheinfo:
                if attribute.value.count >= MemoryLayout<RouteCacheInfo>.size {
                    let info = attribute.value.loadUnaligned(as: RouteCacheInfo.self)
                    if info.expires != 0 { extras.created.value.expires = info.expires / Route.userHZ }
                    if info.error != 0 { extras.created.value.cacheError = info.error }
                }
            default: break
            }
        }
        route.table = RouteTable(rawValue: table)
        if let destinationAddress {
            route.destination = try Route.network(destinationAddress, header.destinationLength, messageType)
        } else if header.destinationLength != 0 {
            route.destination = try Route.network(family == .ipv4 ? .v4(.any) : .v6(.any), header.destinationLength, messageType)
        }
        if let sourceAddress {
            extras.created.value.source = try Route.network(sourceAddress, header.sourceLength, messageType)
        } else if header.sourceLength != 0 {
            extras.created.value.source = try Route.network(family == .ipv4 ? .v4(.any) : .v6(.any), header.sourceLength, messageType)
        }
        if let multipath { extras.created.value.nextHops = Route.nextHops(multipath.buffer, family: family, names: names) }
        if let extras, !extras.value.isEmpty { route.extras = extras.value }
        return route
    }

    /// `rta_cacheinfo.rta_expires` is in `USER_HZ` ticks, which is 100 on every Linux ABI.
    static let userHZ: Int32 = 100

    /// An address of `family` from an attribute's network-order bytes, read without a temporary array.
    static func address(_ family: AddressFamily, _ value: UnsafeRawBufferPointer) -> IPAddress? {
        switch family {
        case .ipv4:
            guard value.count == 4 else { return nil }
            return .v4(IPv4Address(rawValue: UInt32(bigEndian: value.loadUnaligned(as: UInt32.self))))
        case .ipv6:
            guard value.count == 16 else { return nil }
            return .v6(
                IPv6Address(
                    high: UInt64(bigEndian: value.loadUnaligned(as: UInt64.self)),
                    low: UInt64(bigEndian: value.loadUnaligned(fromByteOffset: 8, as: UInt64.self))))
        }
    }

    /// `struct rtvia`: a 16-bit address family, then the address.
    static func via(_ value: UnsafeRawBufferPointer) -> IPAddress? {
        guard value.count >= 2, let family = AddressFamily(rawValue: UInt8(truncatingIfNeeded: value.loadUnaligned(as: UInt16.self))) else {
            return nil
        }
        return address(family, UnsafeRawBufferPointer(rebasing: value[2...]))
    }

    /// `type` names the message in the error ("RTM_NEWROUTE parse"); the text is built only
    /// then, not for each of 100k routes.
    private static func network(_ address: IPAddress, _ length: UInt8, _ type: MessageType) throws -> IPNetwork {
        do {
            return try IPNetwork(address: address, prefixLength: length)
        } catch {
            throw NetKitError(.malformedMessage("route prefix length \(length) is too long for \(address)"), operation: "\(type) parse")
        }
    }

    /// The `rtnexthop` entries of `RTA_MULTIPATH`, each followed by its own attributes.
    private static func nextHops(_ buffer: UnsafeRawBufferPointer, family: AddressFamily, names: some InterfaceNameLookup) -> [NextHop] {
        var hops: [NextHop] = []
        var offset = 0
        let headerSize = MemoryLayout<RouteNextHopHeader>.size
        while buffer.count - offset >= headerSize {
            let entry = buffer.loadUnaligned(fromByteOffset: offset, as: RouteNextHopHeader.self)
            let length = Int(entry.length)
            guard length >= headerSize, length <= buffer.count - offset else { break }
            var gateway: IPAddress?
            let attributes = NetlinkAttributes(UnsafeRawBufferPointer(rebasing: buffer[(offset + headerSize)..<(offset + length)]))
            for attribute in attributes {
                switch attribute.type {
                case RTA.gateway: gateway = address(family, attribute.value)
                case RTA.via: gateway = via(attribute.value)
                default: break
                }
            }
            hops.append(
                NextHop(
                    gateway: gateway, device: names.name(ofIndex: entry.index), deviceIndex: entry.index,
                    weight: Int(entry.hops) + 1, flags: RouteFlags(rawValue: UInt32(entry.flags))))
            offset += (length + 3) & ~3
        }
        return hops
    }
}

extension RouteMetrics {
    /// Decodes the `RTAX_*` attributes nested in `RTA_METRICS`.
    init(_ attributes: NetlinkAttributes) {
        self.init()
        for attribute in attributes {
            switch attribute.type {
            case RTA.Metric.lock: lockMask = attribute.uint32 ?? 0
            case RTA.Metric.ccAlgo: congestionControl = attribute.string
            default:
                if let value = attribute.uint32 { self[attribute.type] = value }
            }
        }
    }
}

/// The rare attributes of the message being decoded, collected in a box allocated only when the
/// message has one: a plain route neither builds nor destroys a `RouteExtras`.
private final class RouteExtrasBuilder {
    var value = RouteExtras()
}

extension Optional where Wrapped == RouteExtrasBuilder {
    /// The builder, created on first use.
    fileprivate var created: RouteExtrasBuilder {
        mutating get {
            if let self { return self }
            let builder = RouteExtrasBuilder()
            self = builder
            return builder
        }
    }
}
