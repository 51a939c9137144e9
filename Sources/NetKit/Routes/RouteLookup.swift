extension NetlinkHandle {
    /// `ip route get ADDRESS [from SRC] [iif DEV] [oif DEV] [mark M]` (`RTM_GETROUTE` without
    /// `NLM_F_DUMP`): the route the kernel would use for a packet to `destination`, with the
    /// output device, the gateway and — the answer to "which address does a reply leave with" —
    /// the preferred source (``Route/preferredSource``).
    ///
    /// As iproute2 does, an IPv4 lookup sets `RTM_F_LOOKUP_TABLE` so that ``Route/table`` is
    /// the table the lookup matched in. With `iif` the kernel simulates a packet arriving on that
    /// device (give `from` too); it answers `EHOSTUNREACH` when it would have to forward and
    /// forwarding is off. The answer's ``Route/description`` is what `ip route get` prints.
    public func routeLookup(
        _ destination: IPAddress, from source: IPAddress? = nil, iif inputDevice: String? = nil,
        oif outputDevice: String? = nil, mark: UInt32? = nil
    ) throws -> Route {
        var words = [destination.description]
        if let source { words.append("from \(source)") }
        if let inputDevice { words.append("iif \(inputDevice)") }
        if let outputDevice { words.append("oif \(outputDevice)") }
        if let mark { words.append("mark \(mark)") }
        let object = words.joined(separator: " ")
        if let source, source.family != destination.family {
            throw NetKitError.invalidInput(
                "from \(source) is \(Route.familyName(source.family)) but \(destination) is \(Route.familyName(destination.family))",
                operation: "ip route get", object: object)
        }
        let inputIndex = try inputDevice.map { try lookupDevice($0, object) }
        let outputIndex = try outputDevice.map { try lookupDevice($0, object) }
        var request = Route.lookupRequest(destination, from: source, iif: inputIndex, oif: outputIndex, mark: mark)
        request.object = object
        let route = try fetch(request, hint: { Self.lookupHint($0, destination: destination, inputDevice: inputDevice) }) { message in
            try Route(message: message, names: [:])
        }
        let names = try linkNamesByIndex(operation: "RTM_GETLINK (ip route get)")
        return route.resolvingNames(names)
    }

    private func lookupDevice(_ name: String, _ object: String) throws -> Int32 {
        do {
            return try linkIndex(of: name)
        } catch {
            guard error.errno == .ENODEV else { throw error }
            throw NetKitError.noSuchDevice(name, operation: "RTM_GETROUTE (ip route get)", object: annotate(object))
        }
    }

    private static func lookupHint(_ error: NetKitError, destination: IPAddress, inputDevice: String?) -> String? {
        switch error.errno {
        case .ENETUNREACH?:
            return "no route to \(destination) in the tables the routing rules reach (is there a default route?)"
        case .EHOSTUNREACH? where inputDevice != nil:
            return
                "a packet arriving on \(inputDevice ?? "") for \(destination) would be forwarded, and forwarding is off (net.ipv4.ip_forward / conf.DEV.forwarding), or no route leads back"
        case .EINVAL? where inputDevice != nil:
            return "a lookup with iif needs a valid source address (from SRC) — the kernel checks it like an arriving packet's"
        default:
            return nil
        }
    }
}

extension Route {
    /// The `RTM_GETROUTE` of `ip route get`: a host-length `RTA_DST` (and `RTA_SRC`), the
    /// device indices, the mark when non-zero, and for IPv4 `RTM_F_LOOKUP_TABLE` (only IPv4
    /// knows it; iproute2 sets it the same way).
    static func lookupRequest(_ destination: IPAddress, from source: IPAddress?, iif: Int32?, oif: Int32?, mark: UInt32?) -> NetlinkRequest
    {
        let family = destination.family
        var header = RouteHeader()
        header.family = family.rawValue
        header.destinationLength = family.maxPrefixLength
        header.sourceLength = source == nil ? 0 : family.maxPrefixLength
        if family == .ipv4 { header.flags = RTMFlag.lookupTable }
        var request = NetlinkRequest(.getRoute, flags: [], operation: "RTM_GETROUTE (ip route get)", object: destination.description)
        request.appendHeader(header)
        request.appendAttribute(RTA.dst, bytes: destination.networkBytes)
        if let source { request.appendAttribute(RTA.src, bytes: source.networkBytes) }
        if let iif { request.appendAttribute(RTA.iif, uint32: UInt32(bitPattern: iif)) }
        if let oif { request.appendAttribute(RTA.oif, uint32: UInt32(bitPattern: oif)) }
        if let mark, mark != 0 { request.appendAttribute(RTA.mark, uint32: mark) }
        return request
    }

    /// The route with device names filled in from `names`.
    func resolvingNames(_ names: [Int32: String]) -> Route {
        var route = self
        if let index = deviceIndex, let name = names[index] {
            route.device = name
            route.deviceIndex = index
        }
        if let index = inputDeviceIndex { route.inputDevice = names[index] }
        for i in route.nextHops.indices {
            if let index = route.nextHops[i].deviceIndex, let name = names[index] {
                route.nextHops[i].device = name
                route.nextHops[i].deviceIndex = index
            }
        }
        return route
    }
}
