/// The four ways `ip route` changes a route, with their netlink flags.
enum RouteCommand: Sendable {
    /// `ip route add`: `NLM_F_CREATE|NLM_F_EXCL` — `EEXIST` if the route is there.
    case add
    /// `ip route replace`: `NLM_F_CREATE|NLM_F_REPLACE` — create or overwrite.
    case replace
    /// `ip route append`: `NLM_F_CREATE|NLM_F_APPEND` — add another route to the same prefix.
    case append
    /// `ip route del`
    case delete

    var messageType: MessageType { self == .delete ? .delRoute : .newRoute }

    var flags: MessageFlags {
        switch self {
        case .add: [.create, .exclusive]
        case .replace: [.create, .replace]
        case .append: [.create, .append]
        case .delete: []
        }
    }

    var command: String {
        switch self {
        case .add: "ip route add"
        case .replace: "ip route replace"
        case .append: "ip route append"
        case .delete: "ip route del"
        }
    }

    /// Literals, not interpolation: a batch builds one request per route.
    var operation: NetKitError.Operation {
        switch self {
        case .add: "RTM_NEWROUTE (ip route add)"
        case .replace: "RTM_NEWROUTE (ip route replace)"
        case .append: "RTM_NEWROUTE (ip route append)"
        case .delete: "RTM_DELROUTE (ip route del)"
        }
    }
}

extension Route {
    /// The `RTM_NEWROUTE`/`RTM_DELROUTE` request iproute2 would send for this route: the same
    /// `rtmsg` defaults (`proto boot`, the guessed scope when adding; protocol, type 0 and scope
    /// `nowhere` — "any" — when deleting) and the same attribute order, so the bytes can be
    /// compared with `strace ip route …`. `index` turns a device name into its index. A batch
    /// passes `describing: false` and names the route only if the kernel refuses it, since
    /// formatting 100k descriptions would cost more than sending the routes.
    func request(
        _ command: RouteCommand, describing: Bool = true,
        index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) -> NetlinkRequest {
        // One pointer for both steps: each `withUnsafePointer(to: self)` copies the route.
        try withUnsafePointer(to: self) { (route) throws(NetKitError) in
            try Route.validate(route, operation: NetKitError.Operation(command: command.command), adding: command != .delete)
            return try Route.encodedRequest(route, command, describing: describing, index: index)
        }
    }

    /// Resolves every device name the request for the route at `route` will carry, so a batch
    /// can report an unknown device before it sends anything.
    static func resolveDevices(
        _ route: UnsafePointer<Route>, _ index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) {
        if route.pointee.deviceIndex == nil, let name = route.pointee.device { _ = try index(name) }
        guard let extras = route.pointee.extrasStorage else { return }
        for hop in extras.value.nextHops { _ = try Route.resolve(hop.device, hop.deviceIndex, index) }
    }

    /// ``request(_:describing:index:)`` without validation, for a batch that validated every
    /// route before sending the first.
    func encodedRequest(
        _ command: RouteCommand, describing: Bool,
        index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) -> NetlinkRequest {
        try withUnsafePointer(to: self) { (route) throws(NetKitError) in
            try Route.encodedRequest(route, command, describing: describing, index: index)
        }
    }

    private static func encodedRequest(
        _ route: UnsafePointer<Route>, _ command: RouteCommand, describing: Bool,
        index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) -> NetlinkRequest {
        var request = NetlinkRequest(
            command.messageType, flags: command.flags, operation: command.operation,
            object: describing ? route.pointee.description : "")
        try encodeBody(route, command, into: &request, index: index)
        return request
    }

    /// The request for the route at `route` into `request`'s storage (restarted; a batch reuses
    /// one for every route), carrying no `ip route` text. Inlined, with
    /// ``encodeBody(_:_:into:index:)``, into the batch's loop: a route batch encodes a million
    /// routes, and the call per route cost more than the fields it writes. Each field is read
    /// in place: a method called on a route read through a pointer works on a copy of all of it.
    @inline(__always) static func encode(
        _ route: UnsafePointer<Route>, _ command: RouteCommand, into request: inout NetlinkRequest,
        index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) {
        request.restart(command.messageType, flags: command.flags, operation: command.operation)
        try encodeBody(route, command, into: &request, index: index)
    }

    /// The `rtmsg` and attributes after the request's `nlmsghdr`.
    @inline(__always) private static func encodeBody(
        _ route: UnsafePointer<Route>, _ command: RouteCommand, into request: inout NetlinkRequest,
        index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) {
        let deleting = command == .delete
        let destination = route.pointee.destination
        let family = destination.family
        let extras = route.pointee.extrasStorage
        let source = extras?.value.source
        let gateway = route.pointee.gateway
        let type = route.pointee.type
        let table = route.pointee.table
        let nexthopID = extras?.value.nexthopID
        let hasNextHops = !(extras?.value.nextHops.isEmpty ?? true)
        var header = RouteHeader()
        header.family = family.rawValue
        header.destinationLength = destination.prefixLength
        header.sourceLength = source?.prefixLength ?? 0
        header.tos = route.pointee.tos
        header.table = table.rawValue < 256 ? UInt8(table.rawValue) : UInt8(RTTable.unspec)
        if deleting {
            header.protocolID = (route.pointee.protocol ?? .unspec).rawValue
            header.scope = (route.pointee.scope ?? .nowhere).rawValue
            // Type 0 matches any type, as `ip route del PREFIX` does for a blackhole route.
            header.type = type == .unicast ? RouteType.unspec.rawValue : type.rawValue
        } else {
            header.protocolID = (route.pointee.protocol ?? .boot).rawValue
            header.scope =
                (route.pointee.scope
                ?? Route.guessedScope(family: family, type: type, hasGateway: gateway != nil || hasNextHops || nexthopID != nil))
                .rawValue
            header.type = type.rawValue
        }
        // The kernel refuses DEAD/LINKDOWN in a request; they are reported state, not settings.
        header.flags = route.pointee.flags.rawValue & RouteFlags.onlink.rawValue
        request.appendHeader(header)

        if destination.prefixLength > 0 { request.appendAttribute(RTA.dst, address: destination.address) }
        if let source, source.prefixLength > 0 { request.appendAttribute(RTA.src, address: source.address) }
        if let gateway { Route.appendGateway(gateway, routeFamily: family, to: &request) }
        if let metric = route.pointee.metric { request.appendAttribute(RTA.priority, uint32: metric) }
        if let preferredSource = route.pointee.preferredSource { request.appendAttribute(RTA.prefsrc, address: preferredSource) }
        if table.rawValue >= 256 { request.appendAttribute(RTA.table, uint32: table.rawValue) }
        // The index first: reading the name when the index is known would retain it for nothing.
        if let known = route.pointee.deviceIndex {
            request.appendAttribute(RTA.oif, uint32: UInt32(bitPattern: known))
        } else if let name = route.pointee.device {
            request.appendAttribute(RTA.oif, uint32: UInt32(bitPattern: try index(name)))
        }
        if let nexthopID { request.appendAttribute(RTA.nexthopID, uint32: nexthopID) }
        if !deleting {
            if let metrics = extras?.value.metrics, !metrics.isEmpty { request.appendAttribute(RTA.metrics, bytes: metrics.encoded()) }
            if let preference = route.pointee.preference { request.appendAttribute(RTA.pref, uint8: preference.rawValue) }
            if let expires = extras?.value.expires, expires > 0 { request.appendAttribute(RTA.expires, uint32: UInt32(expires)) }
        }
        if let extras, hasNextHops {
            var payload: [UInt8] = []
            for hop in extras.value.nextHops {
                var attributes = NetlinkRequest(.newRoute, flags: [], operation: "")
                if let gateway = hop.gateway { Route.appendGateway(gateway, routeFamily: family, to: &attributes) }
                let body = attributes.bytes.dropFirst(NetlinkRequest.headerSize)
                var entry = RouteNextHopHeader()
                entry.length = UInt16(truncatingIfNeeded: MemoryLayout<RouteNextHopHeader>.size + body.count)
                entry.flags = hop.flags.nextHopByte & RTNHFlag.onlink
                entry.hops = UInt8(truncatingIfNeeded: hop.weight - 1)
                entry.index = try Route.resolve(hop.device, hop.deviceIndex, index) ?? 0
                withUnsafeBytes(of: entry) { payload.append(contentsOf: $0) }
                payload.append(contentsOf: body)
            }
            request.appendAttribute(RTA.multipath, bytes: payload)
        }
    }

    /// The known index, else the name's index, else nil.
    private static func resolve(
        _ name: InterfaceName?, _ knownIndex: Int32?,
        _ index: (InterfaceName) throws(NetKitError) -> Int32
    ) throws(NetKitError) -> Int32? {
        if let knownIndex { return knownIndex }
        if let name { return try index(name) }
        return nil
    }

    /// `RTA_GATEWAY` for a gateway of the route's family, else `RTA_VIA` (`struct rtvia`: a
    /// 16-bit family, then the address).
    static func appendGateway(_ gateway: IPAddress, routeFamily: AddressFamily, to request: inout NetlinkRequest) {
        if gateway.family == routeFamily {
            request.appendAttribute(RTA.gateway, address: gateway)
        } else {
            var via: [UInt8] = [gateway.family.rawValue, 0]
            gateway.appendNetworkBytes(to: &via)
            request.appendAttribute(RTA.via, bytes: via)
        }
    }
}

extension RouteMetrics {
    /// The `RTAX_*` attributes nested in `RTA_METRICS`, `RTAX_LOCK` last as iproute2 sends it.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func append(_ type: UInt16, _ value: some Collection<UInt8>) {
            let length = 4 + value.count
            bytes += [
                UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8),
                UInt8(truncatingIfNeeded: type), UInt8(truncatingIfNeeded: type >> 8),
            ]
            bytes += value
            while bytes.count % 4 != 0 { bytes.append(0) }
        }
        for metric in values where metric.kind != RTA.Metric.ccAlgo && metric.kind != RTA.Metric.lock {
            withUnsafeBytes(of: metric.value.littleEndian) { append(metric.kind, $0) }
        }
        if let congestionControl { append(RTA.Metric.ccAlgo, Array(congestionControl.utf8)) }
        if lockMask != 0 { withUnsafeBytes(of: lockMask.littleEndian) { append(RTA.Metric.lock, $0) } }
        return bytes
    }
}
