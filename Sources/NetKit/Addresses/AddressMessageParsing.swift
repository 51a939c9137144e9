extension InterfaceAddress {
    /// Decodes an `RTM_NEWADDR` message; nil for families other than IPv4 and IPv6. The device
    /// name is left as `ifN` for the caller to resolve.
    init?(message: NetlinkMessage) throws {
        let header = try message.header(InterfaceAddressHeader.self)
        guard let family = AddressFamily(rawValue: header.family) else { return nil }
        func address(_ attribute: NetlinkAttributes.Attribute, _ name: String) throws -> IPAddress {
            guard let address = IPAddress(family: family, networkBytes: attribute.value) else {
                throw NetKitError(
                    .malformedMessage("\(name) of \(attribute.value.count) bytes in an \(family) RTM_NEWADDR"),
                    operation: "RTM_GETADDR (ip addr show)")
            }
            return address
        }
        var local: IPAddress?
        var prefixAddress: IPAddress?
        var flags = UInt32(header.flags)
        var result = InterfaceAddress(
            interfaceIndex: Int32(bitPattern: header.index), interfaceName: .unnamed(index: header.index),
            local: .defaultRoute(family), scope: AddressScope(rawValue: header.scope), flags: [])
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<InterfaceAddressHeader>.size) {
            switch attribute.type {
            case IFA.local: local = try address(attribute, "IFA_LOCAL")
            case IFA.address: prefixAddress = try address(attribute, "IFA_ADDRESS")
            case IFA.broadcast: result.broadcast = try address(attribute, "IFA_BROADCAST").ipv4
            case IFA.anycast: result.anycast = try address(attribute, "IFA_ANYCAST")
            case IFA.label: result.label = attribute.string
            case IFA.flags: flags = attribute.uint32 ?? flags
            case IFA.routePriority: result.metric = attribute.uint32
            case IFA.proto: result.protocol = attribute.uint8.map(AddressProtocol.init(rawValue:))
            case IFA.cacheinfo:
                if attribute.value.count >= MemoryLayout<InterfaceAddressCacheInfo>.size {
                    let info = attribute.value.loadUnaligned(as: InterfaceAddressCacheInfo.self)
                    result.lifetime = AddressLifetime(validSeconds: info.valid, preferredSeconds: info.preferred)
                }
            default: break
            }
        }
        // As iproute2: either attribute stands for the other when only one is present.
        guard let localAddress = local ?? prefixAddress else {
            throw NetKitError(
                .malformedMessage("RTM_NEWADDR for index \(header.index) has neither IFA_LOCAL nor IFA_ADDRESS"),
                operation: "RTM_GETADDR (ip addr show)")
        }
        if let prefixAddress, prefixAddress != localAddress { result.peer = prefixAddress }
        do {
            result.local = try IPNetwork(address: localAddress, prefixLength: header.prefixLength)
        } catch {
            throw NetKitError(
                .malformedMessage("prefix length \(header.prefixLength) for \(localAddress)"),
                operation: "RTM_GETADDR (ip addr show)")
        }
        result.flags = AddressFlags(rawValue: flags)
        self = result
    }
}
