extension NetlinkHandle {
    /// `ip link show dev NAME` when the link may be absent: the link, or nil when the namespace
    /// has none of that name (`RTM_GETLINK` with `IFLA_IFNAME`, answered with `ENODEV`). Every
    /// other failure throws, as `link(named:)`'s does.
    ///
    /// The lookup a "create it if missing" step starts with — pyroute2's `link_lookup(ifname=)`
    /// returning `[]`, vishvananda/netlink's `LinkByName` with a `LinkNotFoundError` caught —
    /// without catching ``NetKitError/isNotFound`` at every call:
    ///
    ///     if try net.linkIfPresent(named: "cni0") == nil { try net.add(Bridge(name: "cni0")) }
    public func linkIfPresent(named name: InterfaceName) throws(NetKitError) -> Link? {
        try Self.nilIfNotFound(operation: "ip link show", object: "dev \(name)") { try link(named: name) }
    }

    /// `ip link show` of one index when it may be gone (`RTM_GETLINK` with `ifi_index` set): the
    /// link, or nil on `ENODEV`; other failures throw, as `link(index:)`'s do.
    public func linkIfPresent(index: Int32) throws(NetKitError) -> Link? {
        try Self.nilIfNotFound(operation: "ip link show", object: "index \(index)") { try link(index: index) }
    }

    /// `ip link show dev NAME`, nil when absent; the `async` form of `linkIfPresent(named:)`.
    public func linkIfPresent(named name: InterfaceName) async throws(NetKitError) -> Link? {
        try await onIOThread { try $0.linkIfPresent(named: name) }
    }

    /// `RTM_GETLINK` by index, nil when gone; the `async` form of `linkIfPresent(index:)`.
    public func linkIfPresent(index: Int32) async throws(NetKitError) -> Link? {
        try await onIOThread { try $0.linkIfPresent(index: index) }
    }

    private static func nilIfNotFound(operation: NetKitError.Operation, object: String, _ lookup: () throws -> Link) throws(NetKitError)
        -> Link?
    {
        do {
            return try lookup()
        } catch {
            let error = NetKitError.wrap(error, operation: operation, object: object)
            if error.isNotFound { return nil }
            throw error
        }
    }
}
