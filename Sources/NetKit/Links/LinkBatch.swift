extension NetlinkHandle {
    /// `ip -batch` of `ip link add NAME type veth peer name PEER [netns NS]` lines: one
    /// `RTM_NEWLINK` (`NLM_F_CREATE|NLM_F_EXCL`) per pair, sent about 256 to a `sendmsg` with one
    /// ACK asked for per run (the kernel still reports each failure).
    ///
    /// Returns one ``BatchResult`` per pair, in order; a refused pair does not stop the others.
    /// Invalid input (as for `add(_:)` of one pair) is thrown before anything is sent. Creating
    /// a veth costs the kernel far more than the request, so this saves system calls rather
    /// than most of the time.
    public func addLinks(_ veths: [VethPair]) throws(NetKitError) -> [BatchResult<VethPair>] {
        try createBatch(veths)
    }

    /// The `RTM_NEWLINK` requests of `specifications`, sent in batches with one ACK per run; one
    /// ``BatchResult`` per link, in order, each error annotated as ``create(_:)`` annotates it.
    func createBatch<Specification: LinkSpecification>(
        _ specifications: [Specification]
    ) throws(NetKitError) -> [BatchResult<Specification>] {
        var requests: [NetlinkRequest] = []
        requests.reserveCapacity(specifications.count)
        for specification in specifications { requests.append(try Self.createRequest(specification)) }
        let errors = try batch(requests)
        return specifications.batchResults(
            zip(specifications, errors).map { specification, error in
                guard var error else { return nil }
                error.object = annotate(specification.command)
                if error.hint == nil { error.hint = specification.hint(for: error) ?? Self.existingLinkHint(error, specification.name) }
                return specification.featureError(for: error) ?? error
            })
    }

    /// `ip -batch` of `ip link set dev NAME up` lines (`RTM_NEWLINK` with `IFF_UP`), sent in
    /// batches with one ACK per run. Returns one ``BatchResult`` per name, in order; a missing
    /// link is `ENODEV` (``NetKitError/isNotFound``) and does not stop the others.
    public func setLinksUp(_ names: [InterfaceName]) throws(NetKitError) -> [BatchResult<InterfaceName>] {
        let requests = names.map { name in
            var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (ip link set up)")
            request.appendHeader(InterfaceInfoHeader(flags: LinkFlags.up.rawValue, change: LinkFlags.up.rawValue))
            request.appendAttribute(IFLA.ifname, string: name.rawValue)
            return request
        }
        return results(names, try batch(requests)) { "dev \($0) up" }
    }

    /// `ip -batch` of `ip link set dev NAME master MASTER` lines (`RTM_NEWLINK` with
    /// `IFLA_MASTER` = the master's index), sent in batches with one ACK per run: many ports
    /// into one bridge (or VRF, bond) at once.
    ///
    /// Returns one ``BatchResult`` per name, in order; a refused link does not stop the others.
    /// A missing master throws before anything is sent.
    public func setMaster(ofLinks names: [InterfaceName], to master: InterfaceName) throws(NetKitError) -> [BatchResult<InterfaceName>] {
        guard !names.isEmpty else { return [] }
        let masterIndex = try interfaceIndex(of: master, operation: "ip link set master")
        let requests = names.map { name in
            var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (ip link set master)")
            request.appendHeader(InterfaceInfoHeader())
            request.appendAttribute(IFLA.ifname, string: name.rawValue)
            request.appendAttribute(IFLA.master, uint32: UInt32(bitPattern: masterIndex))
            return request
        }
        return results(names, try batch(requests)) { "dev \($0) master \(master)" }
    }

    /// `ip link del dev NAME` for many links at the cost of one: each deletion on its own waits
    /// for an RCU grace period (~16–20 ms), so deleting 1000 links one by one takes seconds.
    /// Instead the links are tagged with a link group no link of the namespace uses (one
    /// `RTM_GETLINK` dump to find one, then `ip link set dev NAME group G` for each, in batches)
    /// and the group is deleted with one `RTM_DELLINK` (`ip link del group G`): one unregister
    /// and one grace period for all of them. Deleting one end of a veth pair deletes both.
    ///
    /// Returns one ``BatchResult`` per name, in order; a missing link is `ENODEV`
    /// (``NetKitError/isNotFound``) and does not stop the others. If the kernel refuses the group
    /// deletion (a tagged link that cannot be deleted, such as `lo`), each link is deleted on
    /// its own instead, so every result still says what happened to that link.
    public func deleteLinks(named names: [InterfaceName]) throws(NetKitError) -> [BatchResult<InterfaceName>] {
        guard !names.isEmpty else { return [] }
        let group = try unusedLinkGroup()
        let tags = names.map { name in
            var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (ip link set group)")
            request.appendHeader(InterfaceInfoHeader())
            request.appendAttribute(IFLA.ifname, string: name.rawValue)
            request.appendAttribute(IFLA.group, uint32: group)
            return request
        }
        var errors = try batch(tags)
        do {
            try deleteLinks(inGroup: group)
        } catch {
            // Something in the group cannot go: fall back to one deletion per tagged link.
            for (index, name) in names.enumerated() where errors[index] == nil {
                var request = NetlinkRequest(.delLink, flags: [], operation: "RTM_DELLINK (ip link del)")
                request.appendHeader(InterfaceInfoHeader())
                request.appendAttribute(IFLA.ifname, string: name.rawValue)
                errors[index] = try batch([request])[0]
            }
        }
        return results(names, errors) { "dev \($0)" }
    }

    // MARK: - Helpers

    /// `requests` sent as ``NetlinkSocket/batch(_:)`` sends them: one error (or nil) per request.
    func batch(_ requests: [NetlinkRequest]) throws(NetKitError) -> [NetKitError?] {
        do {
            return try socket.batch(requests)
        } catch {
            throw NetKitError.wrap(error, operation: requests.first?.operation ?? "netlink batch")
        }
    }

    /// A link group no link of this namespace is in (one `RTM_GETLINK` dump without statistics).
    func unusedLinkGroup() throws(NetKitError) -> UInt32 {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)")
        request.appendHeader(InterfaceInfoHeader())
        request.appendAttribute(IFLA.extMask, uint32: IFLA.skipStatsFilter)
        let used = Set(
            try dump(request) { message -> UInt32? in
                for attribute in message.attributes(afterHeaderOf: MemoryLayout<InterfaceInfoHeader>.size)
                where attribute.type == IFLA.group {
                    return attribute.uint32
                }
                return nil
            })
        var group = UInt32.random(in: 0x4000_0000...0xFFFF_FFFE)
        while used.contains(group) { group = UInt32.random(in: 0x4000_0000...0xFFFF_FFFE) }
        return group
    }

    /// One ``BatchResult`` per name, errors annotated with the link (`object(name)`) and a hint.
    private func results(
        _ names: [InterfaceName], _ errors: [NetKitError?], object: (InterfaceName) -> String
    ) -> [BatchResult<InterfaceName>] {
        names.batchResults(
            zip(names, errors).map { name, error in
                guard var error else { return nil }
                error.object = annotate(object(name))
                if error.hint == nil, error.errno == .ENODEV { error.hint = "no link named \(name)" }
                return error
            })
    }

    /// The hint for creating a link whose name is taken.
    static func existingLinkHint(_ error: NetKitError, _ name: InterfaceName) -> String? {
        error.errno == .EEXIST ? "a link named \(name) (or the peer's name) already exists" : nil
    }
}
