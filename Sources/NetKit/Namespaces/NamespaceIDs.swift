/// The id by which one namespace knows another (`RTM_NEWNSID`): a line of `ip netns
/// list-id`, `nsid 7 (iproute2 netns name: pod1)`. A link whose peer lives in that namespace
/// reports the same number as its ``Link/linkNetnsID`` (`link-netnsid 7`).
public struct NamespaceID: Sendable, Hashable, CustomStringConvertible {
    /// The id (`NETNSA_NSID`), local to the namespace that assigned it.
    public var id: Int32
    /// The name under `/run/netns` of the namespace with this id, when one has it.
    public var name: String?

    /// An id, with the name of its namespace when known.
    public init(id: Int32, name: String? = nil) {
        self.id = id
        self.name = name
    }

    /// `nsid 7 (iproute2 netns name: pod1)`, or `nsid 7` for an unnamed namespace.
    public var description: String {
        name.map { "nsid \(id) (iproute2 netns name: \($0))" } ?? "nsid \(id)"
    }
}

extension NetlinkHandle {
    /// `ip netns set NAME ID` (or `auto` for a nil `id`), run in this handle's namespace:
    /// `RTM_NEWNSID` with `NETNSA_FD` and `NETNSA_NSID`. From then on links of this namespace
    /// whose peer is in `namespace` report `link-netnsid ID`. An id already given to another
    /// namespace, or a namespace that already has one, throws `EEXIST`.
    public func setNamespaceID(_ namespace: Namespace, to id: Int32?) throws(NetKitError) {
        let object = "\(namespace.nameOrDescription) \(id.map(String.init) ?? "auto")"
        if let id, id < 0 {
            throw NetKitError.invalidInput(
                "namespace id \(id) is negative; ids are 0 or more (nil lets the kernel pick)",
                operation: "ip netns set", object: object)
        }
        try namespace.checkStillNamed(operation: "ip netns set", object: object)
        try withExtendedLifetime(namespace) { () throws(NetKitError) in
            let request = Self.namespaceIDRequest(id: id, fileDescriptor: namespace.fileDescriptor, object: object)
            try execute(request) { error in
                error.errno == .EEXIST ? "the id is taken, or the namespace already has an id here (ip netns list-id)" : nil
            }
        }
    }

    /// The id this handle's namespace knows `namespace` by (`RTM_GETNSID` with `NETNSA_FD`, as
    /// `ip netns list-id` asks about each named namespace); nil when it has none.
    public func namespaceID(of namespace: Namespace) throws(NetKitError) -> Int32? {
        let id = try withExtendedLifetime(namespace) { () throws(NetKitError) -> Int32 in
            let request = Self.namespaceIDLookupRequest(
                fileDescriptor: namespace.fileDescriptor, object: namespace.nameOrDescription)
            return try fetch(request) { Self.namespaceID(in: $0) ?? NETNSA.notAssigned }
        }
        return id == NETNSA.notAssigned ? nil : id
    }

    /// `ip netns list-id`: every id this handle's namespace has assigned (`RTM_GETNSID` dump),
    /// in the kernel's order, each named after the namespace under `/run/netns` that has it.
    public func namespaceIDs() throws(NetKitError) -> [NamespaceID] {
        let ids = try dump(Self.namespaceIDLookupRequest()) { Self.namespaceID(in: $0) }
        guard !ids.isEmpty else { return [] }
        // As iproute2 does: ask for the id of each named namespace; one that vanished meanwhile
        // stays unnamed.
        var names: [Int32: String] = [:]
        for name in (try? Namespace.namedNamespaces()) ?? [] {
            guard let namespace = try? Namespace.open(named: name), let id = try? namespaceID(of: namespace) else { continue }
            if names[id] == nil { names[id] = name }
        }
        return ids.map { NamespaceID(id: $0, name: names[$0]) }
    }

    /// `RTM_NEWNSID` as `ip netns set NAME ID|auto` sends it (`auto`, a nil `id`, as
    /// `NETNSA_NSID_NOT_ASSIGNED`).
    static func namespaceIDRequest(id: Int32?, fileDescriptor: Int32, object: String) -> NetlinkRequest {
        var request = NetlinkRequest(.newNSID, flags: [], operation: "RTM_NEWNSID (ip netns set)", object: object)
        request.appendHeader(GenericHeader())
        request.appendAttribute(NETNSA.fd, uint32: UInt32(bitPattern: fileDescriptor))
        request.appendAttribute(NETNSA.nsid, int32: id ?? NETNSA.notAssigned)
        return request
    }

    /// `RTM_GETNSID` as `ip netns list-id` sends it: with a `fileDescriptor`, the question for
    /// one namespace's id (`NETNSA_FD`, as `ip netns list` and `list-id` ask about each named
    /// namespace); without, the dump's request (the dump flag is added when it is sent).
    static func namespaceIDLookupRequest(fileDescriptor: Int32? = nil, object: String = "") -> NetlinkRequest {
        var request = NetlinkRequest(.getNSID, flags: [], operation: "RTM_GETNSID (ip netns list-id)", object: object)
        request.appendHeader(GenericHeader())
        if let fileDescriptor { request.appendAttribute(NETNSA.fd, uint32: UInt32(bitPattern: fileDescriptor)) }
        return request
    }

    /// `NETNSA_NSID` of an `RTM_NEWNSID` reply.
    static func namespaceID(in message: NetlinkMessage) -> Int32? {
        guard message.type == .newNSID else { return nil }
        return message.attributes(afterHeaderOf: MemoryLayout<GenericHeader>.size).first { $0.type == NETNSA.nsid }?.int32
    }
}
