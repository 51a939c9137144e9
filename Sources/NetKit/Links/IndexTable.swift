/// Index → name for the links of one namespace, as a listing of 100k routes reads it once per
/// route: the kernel hands out interface indices in order, so the names sit in an array indexed
/// by ifindex and a lookup is a bounds check instead of hashing. Indices far beyond the number
/// of links (a namespace whose links were created and deleted for long) go to a dictionary.
struct InterfaceNameTable: InterfaceNameLookup {
    private var dense: [InterfaceName?] = []
    private var sparse: [Int32: InterfaceName] = [:]

    init(_ names: [Int32: InterfaceName]) {
        // At most four slots per link (plus a few), so a table never costs more than a small
        // multiple of the dictionary it replaces.
        let limit = 4 * names.count + 64
        let top = names.keys.lazy.filter { $0 >= 0 && Int($0) < limit }.max().map { Int($0) + 1 } ?? 0
        dense = [InterfaceName?](repeating: nil, count: top)
        for (index, name) in names {
            if index >= 0 && Int(index) < top { dense[Int(index)] = name } else { sparse[index] = name }
        }
    }

    func name(ofIndex index: Int32) -> InterfaceName? {
        let slot = Int(index)
        if slot >= 0 && slot < dense.count { return dense[slot] }
        return sparse.isEmpty ? nil : sparse[index]
    }
}

/// What a message decoder asks to name a device index: a dictionary (one `ip route get`
/// answer, an event) or an ``InterfaceNameTable`` (a listing).
protocol InterfaceNameLookup {
    func name(ofIndex index: Int32) -> InterfaceName?
}

extension Dictionary: InterfaceNameLookup where Key == Int32, Value == InterfaceName {
    func name(ofIndex index: Int32) -> InterfaceName? { self[index] }
}
