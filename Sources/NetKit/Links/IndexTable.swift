/// Values by interface index, for a listing that looks one up per item (a device name per
/// route of 100k, a peer and master per link): the kernel hands out interface indices in
/// order, so the values sit in an array indexed by ifindex and a lookup is a bounds check
/// instead of hashing. Indices far beyond the number of entries (a namespace whose links were
/// created and deleted for long) go to a dictionary.
struct IndexTable<Value> {
    private var dense: [Value?] = []
    private var sparse: [Int32: Value] = [:]

    /// The table of `entries`; of two entries for one index, the first is kept.
    init(_ entries: some Collection<(Int32, Value)>) {
        // At most four slots per entry (plus a few), so a table never costs more than a small
        // multiple of a dictionary of the same entries.
        let limit = 4 * entries.count + 64
        var top = 0  // one past the highest index kept in the array
        for (index, _) in entries where index >= 0 && Int(index) < limit { top = max(top, Int(index) + 1) }
        dense = [Value?](repeating: nil, count: top)
        for (index, value) in entries {
            if index >= 0 && Int(index) < top {
                if dense[Int(index)] == nil { dense[Int(index)] = value }
            } else if sparse[index] == nil {
                sparse[index] = value
            }
        }
    }

    /// The table of a dictionary's entries.
    init(_ entries: [Int32: Value]) {
        self.init(entries.map { ($0.key, $0.value) })
    }

    subscript(index: Int32) -> Value? {
        let slot = Int(index)
        if slot >= 0 && slot < dense.count { return dense[slot] }
        return sparse.isEmpty ? nil : sparse[index]
    }
}

/// Device names by index, as a listing of routes reads them.
typealias InterfaceNameTable = IndexTable<InterfaceName>

extension IndexTable: InterfaceNameLookup where Value == InterfaceName {
    func name(ofIndex index: Int32) -> InterfaceName? { self[index] }
}

/// What a message decoder asks to name a device index: a dictionary (one `ip route get`
/// answer, an event) or an ``InterfaceNameTable`` (a listing).
protocol InterfaceNameLookup {
    func name(ofIndex index: Int32) -> InterfaceName?
}

extension Dictionary: InterfaceNameLookup where Key == Int32, Value == InterfaceName {
    func name(ofIndex index: Int32) -> InterfaceName? { self[index] }
}
