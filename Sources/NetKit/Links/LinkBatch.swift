/// The outcome of one link of a batch: `NetlinkHandle.addLinks(_:)`, the batch form of
/// `setUp`, `NetlinkHandle.deleteLinks(named:)`.
public struct LinkResult: Sendable, Hashable, CustomStringConvertible {
    /// The link's name, as given.
    public let name: String
    /// Why the kernel refused it, with the link as the error's object; nil if it was applied.
    public let error: NetKitError?

    /// The kernel applied it.
    public var succeeded: Bool { error == nil }

    /// `NAME: ok` or `NAME: ERROR`, one line per link as `ip -batch` reports failures.
    public var description: String {
        if let error { return "\(name): \(error)" }
        return "\(name): ok"
    }
}

extension NetlinkHandle {
    /// `ip -batch` of `ip link add NAME type veth peer name PEER [netns NS]` lines: one
    /// `RTM_NEWLINK` (`NLM_F_CREATE|NLM_F_EXCL`) per pair, sent about 256 to a `sendmsg` with one
    /// ACK asked for per run (the kernel still reports each failure).
    ///
    /// Returns one ``LinkResult`` per pair (named after its first end), in order; a refused pair
    /// does not stop the others. Invalid input (as for `add(_:)` of one pair) is thrown before
    /// anything is sent. Creating a veth costs the kernel far more than the request, so this
    /// saves system calls rather than most of the time.
    public func addLinks(_ veths: [VethPair]) throws -> [LinkResult] { try createBatch(veths) }

    /// The `RTM_NEWLINK` requests of `specifications`, sent in batches with one ACK per run; one
    /// ``LinkResult`` per link, in order, each error annotated as ``create(_:)`` annotates it.
    func createBatch<Specification: LinkSpecification>(_ specifications: [Specification]) throws -> [LinkResult] {
        let requests = try specifications.map { try Self.createRequest($0) }
        let errors = try socket.batch(requests)
        return zip(specifications, errors).map { specification, error in
            guard var error else { return LinkResult(name: specification.name, error: nil) }
            error.object = annotate(specification.command)
            if error.hint == nil {
                error.hint =
                    specification.hint(for: error)
                    ?? (error.errno == .EEXIST ? "a link named \(specification.name) (or the peer's name) already exists" : nil)
            }
            error = specification.featureError(for: error) ?? error
            return LinkResult(name: specification.name, error: error)
        }
    }

    /// `ip -batch` of `ip link set dev NAME up` lines (`RTM_NEWLINK` with `IFF_UP`), sent in
    /// batches with one ACK per run. Returns one ``LinkResult`` per name, in order.
    public func setUp(_ names: [String]) throws -> [LinkResult] {
        let operation: NetKitError.Operation = "ip link set up"
        let requests = try names.map { name in
            var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (\(operation))")
            request.appendHeader(InterfaceInfoHeader(flags: LinkFlags.up.rawValue, change: LinkFlags.up.rawValue))
            request.appendAttribute(IFLA.ifname, string: try validName(name, operation: operation))
            return request
        }
        return results(names, try socket.batch(requests)) { "dev \($0) up" }
    }

    /// `ip link del dev NAME` for many links at the cost of one: each deletion on its own waits
    /// for an RCU grace period (~16–20 ms), so deleting 1000 links one by one takes seconds.
    /// Instead the links are tagged with a link group no link of the namespace uses (one
    /// `RTM_GETLINK` dump to find one, then `ip link set dev NAME group G` for each, in batches)
    /// and the group is deleted with one `RTM_DELLINK` (`ip link del group G`): one unregister
    /// and one grace period for all of them. Deleting one end of a veth pair deletes both.
    ///
    /// Returns one ``LinkResult`` per name, in order; a missing link is `ENODEV`
    /// (``NetKitError/isNotFound``) and does not stop the others. If the kernel refuses the group
    /// deletion (a tagged link that cannot be deleted, such as `lo`), each link is deleted on
    /// its own instead, so every result still says what happened to that link.
    public func deleteLinks(named names: [String]) throws -> [LinkResult] {
        let operation: NetKitError.Operation = "ip link del"
        let valid = try names.map { try validName($0, operation: operation) }
        guard !valid.isEmpty else { return [] }
        let group = try unusedLinkGroup()
        let tags = valid.map { name in
            var request = NetlinkRequest(.newLink, flags: [], operation: "RTM_NEWLINK (ip link set group)")
            request.appendHeader(InterfaceInfoHeader())
            request.appendAttribute(IFLA.ifname, string: name)
            request.appendAttribute(IFLA.group, uint32: group)
            return request
        }
        var errors = try socket.batch(tags)
        do {
            try deleteLinks(inGroup: group)
        } catch {
            // Something in the group cannot go: fall back to one deletion per tagged link.
            for (index, name) in valid.enumerated() where errors[index] == nil {
                var request = NetlinkRequest(.delLink, flags: [], operation: "RTM_DELLINK (ip link del)")
                request.appendHeader(InterfaceInfoHeader())
                request.appendAttribute(IFLA.ifname, string: name)
                errors[index] = try socket.batch([request])[0]
            }
        }
        return results(valid, errors) { "dev \($0)" }
    }

    // MARK: - Helpers

    /// A link group no link of this namespace is in (one `RTM_GETLINK` dump without statistics).
    func unusedLinkGroup() throws -> UInt32 {
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

    /// One ``LinkResult`` per name, errors annotated with the link (`object(name)`) and a hint.
    private func results(_ names: [String], _ errors: [NetKitError?], object: (String) -> String) -> [LinkResult] {
        zip(names, errors).map { name, error in
            guard var error else { return LinkResult(name: name, error: nil) }
            error.object = annotate(object(name))
            if error.hint == nil, error.errno == .ENODEV { error.hint = "no link named \(name)" }
            return LinkResult(name: name, error: error)
        }
    }
}
