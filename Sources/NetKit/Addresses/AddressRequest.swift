/// One `ip addr add|replace|del` request, validated before anything is sent and then encoded
/// exactly as iproute2 encodes it (a unit test compares the bytes with what `ip` sends).
/// The public form is ``InterfaceAddress``.
struct AddressRequest: Sendable, Hashable {
    var local: IPNetwork
    var dev: InterfaceName
    var peer: IPAddress?
    var broadcast: InterfaceAddress.Broadcast?
    var label: String?
    var scope: AddressScope?
    var metric: UInt32?
    var lifetime: AddressLifetime?
    var flags: AddressFlags = []

    /// The command line `ip` would take, for errors: `172.19.0.100/24 brd + dev veth1`.
    var object: String {
        var words = [peer.map { "\(local.address) peer \($0)/\(local.prefixLength)" } ?? local.description]
        switch broadcast {
        case .computed?: words.append("brd +")
        case .address(let address)?: words.append("brd \(address)")
        case nil: break
        }
        words.append("dev \(dev)")
        if let label { words.append("label \(label)") }
        // The scope ip would choose by itself is left out, as a user would leave it out.
        if let scope, scope != AddressScope.addressDefault(for: local.address), scope != AddressScope.ipv6Derived(for: local.address) {
            words.append("scope \(scope)")
        }
        if let metric { words.append("metric \(metric)") }
        if let lifetime { words.append(lifetime.description) }
        if flags.contains(.noPrefixRoute) { words.append("noprefixroute") }
        if flags.contains(.noDAD) { words.append("nodad") }
        return words.joined(separator: " ")
    }

    /// Rejects what the kernel would reject or silently ignore, saying which value is wrong.
    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        let object = self.object
        func reject(_ why: String) -> NetKitError { .invalidInput(why, operation: operation, object: object) }
        let family = local.family
        if let peer, peer.family != family {
            throw reject(
                "peer \(peer) is \(peer.family == .ipv4 ? "IPv4" : "IPv6") but the address \(local) is \(family == .ipv4 ? "IPv4" : "IPv6")"
            )
        }
        if family == .ipv6 {
            if broadcast != nil {
                throw reject("brd applies to IPv4 addresses only; IPv6 has no broadcast (\(local) is IPv6)")
            }
            if label != nil {
                throw reject("labels exist for IPv4 addresses only; the kernel ignores IFA_LABEL for IPv6 (\(local) is IPv6)")
            }
            if let scope, scope != .global, scope != AddressScope.ipv6Derived(for: local.address) {
                throw reject("scope \(scope) cannot be set on IPv6 address \(local): the kernel derives IPv6 scope from the address")
            }
        } else if flags.contains(.noDAD) {
            throw reject("nodad applies to IPv6 addresses only; IPv4 has no duplicate address detection (\(local) is IPv4)")
        }
        if let label { try Self.validate(label: label, dev: dev, reject) }
        if let lifetime { try lifetime.validate(operation: operation, object: object) }
    }

    /// Labels name IPv4 aliases in the `eth0:1` style that `ifconfig` and `ip addr show label
    /// eth0:*` rely on; iproute2 historically insisted they start with the device name. The
    /// kernel only bounds the length (IFNAMSIZ), so NetKit enforces the naming rule itself.
    private static func validate(label: String, dev: InterfaceName, _ reject: (String) -> NetKitError) throws(NetKitError) {
        let quoted = AddressText.quote(label)
        if label.utf8.count > InterfaceName.maxByteCount {
            throw reject("label \(quoted) is \(label.utf8.count) bytes; labels are at most 15 bytes (IFNAMSIZ-1)")
        }
        if label.utf8.contains(0) {
            throw reject("label \(quoted) contains a NUL byte")
        }
        if !label.utf8.starts(with: dev.rawValue.utf8) {
            throw reject("label \(quoted) must start with the device name \(AddressText.quote(dev.rawValue)), e.g. \(dev):1")
        }
    }

    /// The IPv4 broadcast `brd +` yields (iproute2 computes it from the peer when there is one).
    var computedBroadcast: IPv4Address? {
        switch broadcast {
        case .computed?:
            let base = peer ?? local.address
            return (try? IPNetwork(address: base, prefixLength: local.prefixLength))?.broadcast
        case .address(let address)?:
            return address
        case nil:
            return nil
        }
    }

    /// `RTM_NEWADDR` or `RTM_DELADDR` for device `index`, attributes in iproute2's order.
    func encode(_ type: MessageType, flags messageFlags: MessageFlags, index: Int32, operation: NetKitError.Operation) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: messageFlags, operation: operation, object: object)
        let deleting = type == .delAddress
        request.appendHeader(
            InterfaceAddressHeader(
                family: local.family.rawValue, prefixLength: local.prefixLength,
                flags: flags.rawValue <= 0xFF ? UInt8(flags.rawValue) : 0,
                scope: deleting ? 0 : (scope ?? AddressScope.addressDefault(for: local.address)).rawValue,
                index: UInt32(bitPattern: index)))
        request.appendAttribute(IFA.local, bytes: local.address.networkBytes)
        if let label { request.appendAttribute(IFA.label, string: label) }
        if let metric { request.appendAttribute(IFA.routePriority, uint32: metric) }
        if flags.rawValue > 0xFF { request.appendAttribute(IFA.flags, uint32: flags.rawValue) }
        request.appendAttribute(IFA.address, bytes: (peer ?? local.address).networkBytes)
        if !deleting, let broadcast = computedBroadcast {
            request.appendAttribute(IFA.broadcast, bytes: broadcast.networkBytes)
        }
        if !deleting, let lifetime {
            let info = InterfaceAddressCacheInfo(preferred: lifetime.preferredSeconds, valid: lifetime.validSeconds)
            withUnsafeBytes(of: info) { request.appendAttribute(IFA.cacheinfo, bytes: $0) }
        }
        return request
    }
}

extension AddressRequest {
    /// What `ip addr add|replace` sends for `address`: its broadcast as an address, and only
    /// the flags a caller may set.
    init(_ address: InterfaceAddress) {
        self.init(
            local: address.local, dev: address.interfaceName, peer: address.peer,
            broadcast: address.broadcast.map { .address($0) }, label: address.label, scope: address.scope,
            metric: address.metric, lifetime: address.lifetime, flags: address.flags.intersection(.requestable))
    }

    /// What `ip addr del` sends for `address`: the kernel matches the local address, the prefix
    /// length and the peer.
    init(deleting address: InterfaceAddress) {
        self.init(local: address.local, dev: address.interfaceName, peer: address.peer)
    }
}
