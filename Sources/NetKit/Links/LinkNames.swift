extension Link {
    /// This link with the names iproute2 prints beside indices filled in: the peer
    /// (`veth1@veth1_p`, and `M-DOWN` when it is down), the master (`master br0`) and the devices
    /// a kind's details name (an IPIP tunnel's `dev eth1`). `lookup` answers for an index of this namespace
    /// (from the same dump, or one `RTM_GETLINK`); an index it cannot answer stays unnamed and
    /// prints as `ifN`, as iproute2's `ll_index_to_name` does.
    func resolvingNames(_ lookup: (Int32) -> (name: String, isUp: Bool)?) -> Link {
        var link = self
        link.resolveNames(lookup)
        return link
    }

    /// ``resolvingNames(_:)`` in place: a dump of a thousand links names them without copying
    /// each one.
    mutating func resolveNames(_ lookup: (Int32) -> (name: String, isUp: Bool)?) {
        // A peer in another namespace (link-netnsid) has an index that means nothing here.
        if linkNetnsID == nil, let parent = parentIndex, parent != 0, parent != index, let peer = lookup(parent) {
            parentName = peer.name
            parentIsDown = !peer.isUp
        }
        if let master = masterIndex, master != 0 { masterName = lookup(master)?.name }
        // Only a kind with details can name devices; most links (veths) have none to cast.
        if details != nil, let named = details as? any LinkDetailsNamingDevices {
            details = named.resolvingNames { lookup($0)?.name }
        }
    }
}
