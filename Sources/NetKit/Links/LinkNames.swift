extension Link {
    /// This link with the names iproute2 prints beside indices filled in: the peer
    /// (`veth1@veth1_p`, and `M-DOWN` when it is down), the master (`master br0`) and the devices
    /// a kind's details name (an IPIP tunnel's `dev eth1`). `lookup` answers for an index of this namespace
    /// (from the same dump, or one `RTM_GETLINK`); an index it cannot answer stays unnamed and
    /// prints as `ifN`, as iproute2's `ll_index_to_name` does.
    func resolvingNames(_ lookup: (Int32) -> (name: InterfaceName, isUp: Bool)?) -> Link {
        var link = self
        var namers = DeviceNamingTypes()
        link.resolveNames(lookup, namers: &namers)
        return link
    }

    /// ``resolvingNames(_:)`` in place: a dump of a thousand links names them without copying
    /// each one. `namers` remembers which details types name devices, across one dump.
    mutating func resolveNames(_ lookup: (Int32) -> (name: InterfaceName, isUp: Bool)?, namers: inout DeviceNamingTypes) {
        // A peer in another namespace (link-netnsid) has an index that means nothing here.
        if linkNetnsID == nil, let parent = parentIndex, parent != 0, parent != index, let peer = lookup(parent) {
            parentName = peer.name
            parentIsDown = !peer.isUp
        }
        if let master = masterIndex, master != 0 { masterName = lookup(master)?.name }
        // Only a kind with details can name devices; most links (veths) have none.
        if let current = details, let name = namers.namer(current, kind: kind) {
            details = name(current) { lookup($0)?.name }
        }
    }
}

/// Which types of ``LinkDetails`` name devices, remembered for one listing: the answer comes
/// from the kind's decoder (``LinkDetailsDecoders/Decoder/nameDevices``), looked up once per
/// type, and a listing of a hundred bridges and macvlans meets the same two or three types.
struct DeviceNamingTypes {
    typealias Namer = @Sendable (any LinkDetails, (Int32) -> InterfaceName?) -> any LinkDetails

    /// The types met so far, each with its namer (nil: it names no device); a listing meets
    /// only a few.
    private var known: [(type: ObjectIdentifier, namer: Namer?)] = []

    /// What names the devices of `details`, decoded for a link of `kind`; nil when they name none.
    mutating func namer(_ details: any LinkDetails, kind: LinkKind) -> Namer? {
        let type = ObjectIdentifier(Swift.type(of: details))
        for entry in known where entry.type == type { return entry.namer }
        let namer = LinkDetailsDecoders.data(kind)?.nameDevices
        known.append((type, namer))
        return namer
    }
}

extension NetlinkHandle {
    /// `links` with ``Link/linkNetnsName`` filled in, as `ip link` names a peer's namespace
    /// (`link-netns NAME`): for each namespace under `/run/netns`, the id this handle's namespace
    /// knows it by (`RTM_GETNSID` with `NETNSA_FD`), until every id the links carry is named.
    /// Links without `IFLA_LINK_NETNSID` cost nothing; an id no named namespace has stays
    /// unnamed (`link-netnsid N`).
    func namingPeerNamespaces(_ links: inout [Link]) {
        // Read in place: mapping over `links` would copy every `Link` to read one field.
        var wanted = Set<Int32>()
        for i in links.indices {
            if let id = links[i].linkNetnsID, id >= 0 { wanted.insert(id) }
        }
        guard !wanted.isEmpty else { return }
        var names: [Int32: String] = [:]
        for name in (try? Namespace.namedNamespaces()) ?? [] {
            guard let namespace = try? Namespace.open(named: name), let id = try? namespaceID(of: namespace),
                wanted.remove(id) != nil
            else { continue }
            names[id] = name
            if wanted.isEmpty { break }
        }
        for i in links.indices {
            if let id = links[i].linkNetnsID { links[i].linkNetnsName = names[id] }
        }
    }
}
