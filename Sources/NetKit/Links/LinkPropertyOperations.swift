/// The link settings the CNI `tuning` plugin and node agents change, sent as `ip link set`
/// sends them: one `RTM_NEWLINK` addressed by `ifi_index` (a unit test compares the bytes).
extension NetlinkHandle {
    /// `ip link set dev NAME txqueuelen N` (`RTM_NEWLINK` with `IFLA_TXQLEN`): the transmit
    /// queue length, the CNI `tuning` plugin's `txQLen`.
    public func setTransmitQueueLength(_ name: InterfaceName, to length: UInt32) throws(NetKitError) {
        let operation: NetKitError.Operation = "ip link set txqueuelen"
        let index = try interfaceIndex(of: name, operation: operation)
        try execute(
            Self.linkSetRequest(index: index, operation: operation, object: "dev \(name) txqueuelen \(length)") {
                $0.appendAttribute(IFLA.txqlen, uint32: length)
            })
    }

    /// `ip link set dev NAME allmulticast on|off` (`RTM_NEWLINK` with `IFF_ALLMULTI` in
    /// `ifi_change`): receive every multicast frame (the `tuning` plugin's `allmulti`).
    public func setAllMulticast(_ name: InterfaceName, to enabled: Bool) throws(NetKitError) {
        try setFlag(
            .allMulticast, enabled, on: name, operation: "ip link set allmulticast",
            object: "dev \(name) allmulticast \(enabled ? "on" : "off")")
    }

    /// `ip link set dev NAME arp on|off` (`RTM_NEWLINK` with `IFF_NOARP` in `ifi_change`):
    /// `arp off` sets `NOARP`, so the link neither resolves nor answers neighbours.
    public func setARP(_ name: InterfaceName, to enabled: Bool) throws(NetKitError) {
        try setFlag(.noARP, !enabled, on: name, operation: "ip link set arp", object: "dev \(name) arp \(enabled ? "on" : "off")")
    }

    /// `ip link property add dev NAME altname ALT` (`RTM_NEWLINKPROP` with
    /// `NLM_F_CREATE|NLM_F_EXCL|NLM_F_APPEND` and an `IFLA_PROP_LIST` nest holding
    /// `IFLA_ALT_IFNAME`). The kernel then finds the link by `ALT` as by its name
    /// (`link(named:)` for names of up to 15 bytes, `link(alternativeName:)` for any). A
    /// name taken by another link throws `EEXIST`.
    public func addAlternativeName(_ alternativeName: String, to name: InterfaceName) throws(NetKitError) {
        try alternativeNameRequest(.newLinkProperty, alternativeName, name, operation: "ip link property add")
    }

    /// `ip link property del dev NAME altname ALT` (`RTM_DELLINKPROP` with the same nest). A
    /// name the link does not have throws `ENOENT`.
    public func deleteAlternativeName(_ alternativeName: String, from name: InterfaceName) throws(NetKitError) {
        try alternativeNameRequest(.delLinkProperty, alternativeName, name, operation: "ip link property del")
    }

    /// `ip link show dev ALT` for an alternative name of any length: the link's index from
    /// `RTM_GETLINK` with `IFLA_ALT_IFNAME`, as iproute2 looks up a name too long for
    /// `IFLA_IFNAME`, then the link by index. A name no link carries throws `ENODEV`
    /// (``NetKitError/isNotFound``).
    public func link(alternativeName: String) throws(NetKitError) -> Link {
        try Self.validateAlternativeName(alternativeName, operation: "ip link show")
        let index = try fetch(
            Self.alternativeNameLookupRequest(alternativeName),
            hint: { $0.errno == .ENODEV ? "no link has the name \(alternativeName)" : nil }
        ) { try $0.header(InterfaceInfoHeader.self).index }
        return try link(index: index)
    }

    /// `RTM_GETLINK` as `ip link show dev ALT` first sends it to find the index of a name longer
    /// than `IFNAMSIZ - 1` bytes: `IFLA_EXT_MASK` `RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS`,
    /// then `IFLA_ALT_IFNAME`. For a shorter name iproute2 sends `IFLA_IFNAME` instead; the
    /// kernel's `rtnl_dev_get` looks either up with `__dev_get_by_name`, which finds
    /// alternative names too, so NetKit sends the one form for every length.
    static func alternativeNameLookupRequest(_ alternativeName: String) -> NetlinkRequest {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)", object: "dev \(alternativeName)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.extMask, uint32: IFLA.vfFilter | IFLA.skipStatsFilter)
        request.appendAttribute(IFLA.altIfname, string: alternativeName)
        return request
    }

    // MARK: - Helpers

    /// `RTM_NEWLINK` for the link at `index`, without `NLM_F_CREATE`: `ip link set`'s request.
    static func linkSetRequest(
        index: Int32, operation: NetKitError.Operation, object: String, flags: LinkFlags = [], change: LinkFlags = [],
        _ attributes: (inout NetlinkRequest) -> Void = { _ in }
    ) -> NetlinkRequest {
        var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (\(operation))", object: object)
        request.appendHeader(InterfaceInfoHeader(index: index, flags: flags.rawValue, change: change.rawValue))
        attributes(&request)
        return request
    }

    /// `RTM_NEWLINKPROP`/`RTM_DELLINKPROP` for the link at `index`, as `ip link property` sends it.
    static func alternativeNameRequest(
        _ type: MessageType, _ alternativeName: String, index: Int32, operation: NetKitError.Operation, object: String
    )
        -> NetlinkRequest
    {
        let flags: MessageFlags = type == .newLinkProperty ? [.create, .exclusive, .append] : []
        var request = NetlinkRequest(type, flags: flags, operation: "\(type) (\(operation))", object: object)
        request.appendHeader(InterfaceInfoHeader(index: index))
        request.nested(IFLA.propList) { $0.appendAttribute(IFLA.altIfname, string: alternativeName) }
        return request
    }

    /// An alternative name as the kernel takes it: 1–127 bytes, no `/`, `:` or white space,
    /// not `.` or `..`.
    static func validateAlternativeName(_ name: String, operation: NetKitError.Operation) throws(NetKitError) {
        let bytes = Array(name.utf8)
        let problem: String? =
            if bytes.isEmpty { "an alternative name cannot be empty" } else if bytes.count >= IFLA.altNameSize {
                "\(bytes.count) bytes; an alternative name has at most \(IFLA.altNameSize - 1)"
            } else if name == "." || name == ".." {
                "\(name) is not a valid name"
            } else if bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 <= 0x20 || $0 == 0x7f }) {
                "an alternative name cannot contain '/', ':', white space or control characters"
            } else { nil }
        if let problem { throw NetKitError.invalidInput(problem, operation: operation, object: "altname \(AddressText.quote(name))") }
    }

    private func alternativeNameRequest(
        _ type: MessageType, _ alternativeName: String, _ name: InterfaceName, operation: NetKitError.Operation
    ) throws(NetKitError) {
        try Self.validateAlternativeName(alternativeName, operation: operation)
        let index = try interfaceIndex(of: name, operation: operation)
        let request = Self.alternativeNameRequest(
            type, alternativeName, index: index, operation: operation,
            object: "dev \(name) altname \(alternativeName)")
        try execute(request) { error in
            switch error.errno {
            case .EEXIST?: "\(alternativeName) is already a name or alternative name of a link in this namespace"
            case .ENOENT?: "\(name) has no alternative name \(alternativeName)"
            case .EOPNOTSUPP?: "this kernel has no alternative names (Linux 5.5 or later)"
            default: nil
            }
        }
    }

    private func setFlag(_ flag: LinkFlags, _ set: Bool, on name: InterfaceName, operation: NetKitError.Operation, object: String)
        throws(NetKitError)
    {
        let index = try interfaceIndex(of: name, operation: operation)
        try execute(Self.linkSetRequest(index: index, operation: operation, object: object, flags: set ? flag : [], change: flag))
    }
}
