extension NetlinkHandle {
    /// `ip link show`: every link in the namespace (`RTM_GETLINK` dump). The names of peers,
    /// masters and tunnels' underlying devices come from the same dump, as iproute2 prints them.
    public func links() throws(NetKitError) -> [Link] {
        var links = try linksNamingDevices()
        namingPeerNamespaces(&links)
        return links
    }

    /// `links()` without naming the peers' namespaces: for callers that read only names,
    /// indices and flags.
    func linksNamingDevices() throws(NetKitError) -> [Link] {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)")
        request.appendHeader(InterfaceInfoHeader())
        var kinds = LinkKindCache()
        var links = try dump(request, reserving: Link.listingCapacity) { try Link(message: $0, kinds: &kinds) }
        // Names and flags by index rather than copies of the links: a node with a thousand pods
        // lists a thousand links, and only names and flags are read back; each link is then
        // named in place.
        var entries: [(Int32, (name: InterfaceName, isUp: Bool))] = []
        entries.reserveCapacity(links.count)
        for i in links.indices { entries.append((links[i].index, (links[i].name, links[i].isUp))) }
        let names = IndexTable(entries)
        var namers = DeviceNamingTypes()
        for i in links.indices {
            links[i].resolveNames({ names[$0] }, namers: &namers)
        }
        return links
    }

    /// `ip link show dev NAME` (`RTM_GETLINK` with `IFLA_IFNAME`). A missing link throws
    /// ``NetKitError`` with `ENODEV` (``NetKitError/isNotFound``).
    public func link(named name: InterfaceName) throws(NetKitError) -> Link {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)", object: "dev \(name)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.ifname, string: name.rawValue)
        let link = try fetch(request, hint: { $0.errno == .ENODEV ? "no link named \(name)" : nil }) { try Link(message: $0) }
        return resolvingNames(link)
    }

    /// `ip link show` of one index (`RTM_GETLINK` with `ifi_index` set). A missing index throws
    /// ``NetKitError`` with `ENODEV` (``NetKitError/isNotFound``).
    public func link(index: Int32) throws(NetKitError) -> Link {
        resolvingNames(try unresolvedLink(index: index))
    }

    private func unresolvedLink(index: Int32) throws(NetKitError) -> Link {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)", object: "index \(index)")
        request.appendHeader(InterfaceInfoHeader(index: index))
        return try fetch(request) { try Link(message: $0) }
    }

    /// The index of the link called `name` in this handle's namespace (`ip link show dev NAME`'s
    /// `ifindex`) — unlike `if_nametoindex`, which looks in the calling thread's namespace. A
    /// missing link throws `ENODEV` (``NetKitError/isNotFound``).
    ///
    /// One `RTM_GETLINK` without statistics, reading only the header: every `addRoute` or
    /// `addAddress` that names its device pays for it, so it is kept to a single round trip
    /// (`link(named:)` would also look up the parent and decode every attribute).
    public func linkIndex(of name: InterfaceName) throws(NetKitError) -> Int32 {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)", object: "dev \(name)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.ifname, string: name.rawValue)
        request.appendAttribute(IFLA.extMask, uint32: IFLA.skipStatsFilter)
        return try fetch(request, hint: { $0.errno == .ENODEV ? "no link named \(name)" : nil }) { message in
            try message.header(InterfaceInfoHeader.self).index
        }
    }

    /// Names one link's peer, master and underlying device with one `RTM_GETLINK` each; an index
    /// that vanished meanwhile stays unnamed (`ifN`), as iproute2 prints it.
    private func resolvingNames(_ link: Link) -> Link {
        var links = [link.resolvingNames { index in (try? unresolvedLink(index: index)).map { ($0.name, $0.isUp) } }]
        namingPeerNamespaces(&links)
        return links[0]
    }

    /// `ip link set dev NAME up` (`RTM_NEWLINK` with `IFF_UP` in `ifi_flags` and `ifi_change`).
    ///
    /// Returns once `IFF_UP` is set; carrier (`LOWER_UP`) and `state UP` follow from the kernel's
    /// linkwatch up to a second later (a veth's only while both ends are up), and packets sent
    /// before are dropped. Before the first packet, wait: `waitForLink(_:until:timeout:)` with
    /// ``LinkCondition/operational``.
    public func setUp(_ name: InterfaceName) throws(NetKitError) {
        try modifyLink(name, operation: "ip link set up", object: "dev \(name) up", flags: .up, change: .up) { _ in }
    }

    /// `ip link set dev NAME down` (`RTM_NEWLINK` with `IFF_UP` in `ifi_change` only).
    public func setDown(_ name: InterfaceName) throws(NetKitError) {
        try modifyLink(name, operation: "ip link set down", object: "dev \(name) down", flags: [], change: .up) { _ in }
    }

    /// `ip link set dev NAME mtu MTU` (`RTM_NEWLINK` with `IFLA_MTU`). The kernel checks the
    /// device's limits (`min_mtu`/`max_mtu`).
    public func setMTU(_ name: InterfaceName, to mtu: UInt32) throws(NetKitError) {
        guard mtu >= 68 || mtu == 0 else {
            throw NetKitError.invalidInput(
                "MTU \(mtu) is below the IPv4 minimum of 68", operation: "ip link set mtu", object: "dev \(name)")
        }
        try modifyLink(name, operation: "ip link set mtu", object: "dev \(name) mtu \(mtu)") { $0.appendAttribute(IFLA.mtu, uint32: mtu) }
    }

    /// `ip link set dev NAME address MAC` (`RTM_NEWLINK` with `IFLA_ADDRESS`).
    public func setMACAddress(_ name: InterfaceName, to address: MACAddress) throws(NetKitError) {
        guard !address.isMulticast else {
            throw NetKitError.invalidInput(
                "\(address) is a multicast address; a device address must be unicast", operation: "ip link set address",
                object: "dev \(name)")
        }
        try modifyLink(name, operation: "ip link set address", object: "dev \(name) address \(address)") {
            $0.appendAttribute(IFLA.address, bytes: address.bytes)
        }
    }

    /// `ip link set dev NAME name NEWNAME` (`RTM_NEWLINK` by `ifi_index`, with the new
    /// `IFLA_IFNAME`). Older kernels refuse (`EBUSY`) while the link is up.
    public func rename(_ name: InterfaceName, to newName: InterfaceName) throws(NetKitError) {
        let index = try linkIndex(of: name)
        var request = NetlinkRequest(
            .newLink, flags: [], operation: "RTM_NEWLINK (ip link set name)", object: "dev \(name) name \(newName)")
        request.appendHeader(InterfaceInfoHeader(index: index))
        request.appendAttribute(IFLA.ifname, string: newName.rawValue)
        try execute(request) { $0.errno == .EBUSY ? "this kernel renames a link only while it is down" : nil }
    }

    /// `ip link set dev NAME master BRIDGE` / `brctl addif BRIDGE NAME` (`RTM_NEWLINK` with
    /// `IFLA_MASTER` = the master's index): makes `name` a port of the bridge (or a VRF's or
    /// bond's member). Many links at once: `setMaster(ofLinks:to:)`.
    public func setMaster(_ name: InterfaceName, to master: InterfaceName) throws(NetKitError) {
        let masterIndex = try interfaceIndex(of: master, operation: "ip link set master")
        try modifyLink(
            name, operation: "ip link set master", object: "dev \(name) master \(master)",
            hint: {
                $0.errno == .EOPNOTSUPP
                    ? "\(master) takes no ports (a bridge, bond or VRF does); the port comes first: setMaster(PORT, to: BRIDGE)" : nil
            }
        ) {
            $0.appendAttribute(IFLA.master, uint32: UInt32(bitPattern: masterIndex))
        }
    }

    /// `ip link set dev NAME nomaster` / `brctl delif BRIDGE NAME` (`RTM_NEWLINK` with
    /// `IFLA_MASTER` = 0): takes `name` out of its bridge (or VRF, bond).
    public func clearMaster(_ name: InterfaceName) throws(NetKitError) {
        try modifyLink(name, operation: "ip link set nomaster", object: "dev \(name) nomaster") {
            $0.appendAttribute(IFLA.master, uint32: 0)
        }
    }

    /// `ip link set dev NAME alias TEXT` (`RTM_NEWLINK` with `IFLA_IFALIAS`).
    public func setAlias(_ name: InterfaceName, to alias: String) throws(NetKitError) {
        guard alias.utf8.count < 256 else {
            throw NetKitError.invalidInput(
                "alias is \(alias.utf8.count) bytes; at most 255 (IFALIASZ-1)", operation: "ip link set alias", object: "dev \(name)")
        }
        try modifyLink(name, operation: "ip link set alias", object: "dev \(name) alias \(alias)") {
            $0.appendAttribute(IFLA.ifalias, string: alias)
        }
    }

    /// `ip link set dev NAME group GROUP` (`RTM_NEWLINK` with `IFLA_GROUP`).
    public func setGroup(_ name: InterfaceName, to group: UInt32) throws(NetKitError) {
        try modifyLink(name, operation: "ip link set group", object: "dev \(name) group \(group)") {
            $0.appendAttribute(IFLA.group, uint32: group)
        }
    }

    /// `ip link set dev NAME netns NS`: moves the link into `namespace` (`RTM_NEWLINK` with
    /// `IFLA_NET_NS_FD`). Its addresses are lost and it arrives down, as with `ip`. A
    /// namespace-local device (`lo`, a bridge, `tunl0`) throws `EINVAL` with a hint saying so.
    public func move(_ name: InterfaceName, to namespace: Namespace) throws(NetKitError) {
        try namespace.checkStillNamed(operation: "ip link set netns", object: "dev \(name)")
        let fd = namespace.fileDescriptor
        try withExtendedLifetime(namespace) { () throws(NetKitError) in
            try modifyLink(
                name, operation: "ip link set netns", object: "dev \(name) netns \(namespace.nameOrDescription)",
                hint: { error in
                    if error.errno == .EINVAL && name == "tunl0" {
                        return "tunl0 is the per-namespace IPIP fallback device and cannot change namespace (NETIF_F_NETNS_LOCAL)"
                    }
                    return error.errno == .EINVAL
                        ? "the device is namespace-local (lo, bridges, tunl0 and other fallback tunnels cannot move); move a veth end instead"
                        : nil
                }
            ) {
                $0.appendAttribute(IFLA.netnsFD, uint32: UInt32(bitPattern: fd))
            }
        }
    }

    /// `ip link del dev NAME` (`RTM_DELLINK` with `IFLA_IFNAME`). Each deletion waits for the kernel's RCU grace period (~16–20 ms);
    /// to remove many links use `deleteLinks(inGroup:)` or delete their namespace.
    public func deleteLink(_ name: InterfaceName) throws(NetKitError) {
        var request = NetlinkRequest(.delLink, flags: [], operation: "RTM_DELLINK (ip link del)", object: "dev \(name)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.ifname, string: name.rawValue)
        try execute(request) { $0.errno == .ENODEV ? "no link named \(name)" : nil }
    }

    /// `ip link del group GROUP` (`RTM_DELLINK` with `IFLA_GROUP`): every link in the group, in
    /// one request and one RCU wait. A group no link is in throws `ENODEV`.
    public func deleteLinks(inGroup group: UInt32) throws(NetKitError) {
        guard group != 0 else {
            throw NetKitError.invalidInput(
                "group 0 is the default group of every link; refusing to delete them all", operation: "ip link del group", object: "group 0"
            )
        }
        var request = NetlinkRequest(.delLink, flags: [], operation: "RTM_DELLINK (ip link del group)", object: "group \(group)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.group, uint32: group)
        try execute(request)
    }

    // MARK: - Helpers

    /// `name` checked as an ``InterfaceName``, a failure reported as part of `operation`.
    func validName(_ name: String, operation: NetKitError.Operation) throws(NetKitError) -> String {
        do {
            return try InterfaceName(parsing: name).rawValue
        } catch {
            var error = error
            error.operation = operation
            throw error
        }
    }

    /// `linkIndex(of:)` of a name held as text (checked first).
    func linkIndex(of name: String) throws(NetKitError) -> Int32 {
        try linkIndex(of: InterfaceName(parsing: validName(name, operation: "ip link show")))
    }

    /// `link(named:)` of a name held as text (checked first).
    func link(named name: String) throws(NetKitError) -> Link {
        try link(named: InterfaceName(parsing: validName(name, operation: "ip link show")))
    }

    /// `RTM_NEWLINK` without `NLM_F_CREATE` on an existing link found by name: how `ip link set`
    /// changes one property.
    func modifyLink(
        _ name: InterfaceName, operation: NetKitError.Operation, object: String,
        flags: LinkFlags = [], change: LinkFlags = [],
        hint: (NetKitError) -> String? = { _ in nil },
        _ attributes: (inout NetlinkRequest) -> Void
    ) throws(NetKitError) {
        var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (\(operation))", object: object)
        request.appendHeader(InterfaceInfoHeader(flags: flags.rawValue, change: change.rawValue))
        request.appendAttribute(IFLA.ifname, string: name.rawValue)
        attributes(&request)
        try execute(request) { error in
            hint(error) ?? (error.errno == .ENODEV ? "no link named \(name)" : nil)
        }
    }
}

extension Link {
    /// Links a listing reserves room for before the first arrives. The room is address space,
    /// not memory: a large allocation is mapped, and only the pages links are written to are
    /// ever touched. A listing that grew from nothing would instead copy its links at every
    /// doubling and touch about three times their memory (a node with 1,000 links: ~230 page
    /// faults instead of ~85); one with more links than this still doubles from here.
    static let listingCapacity = 4096
}
