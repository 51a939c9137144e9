extension Sequence<String> {
    /// The names sorted by their UTF-8 bytes: the order the kernel compares names in (`strcmp`)
    /// and ``InterfaceName`` sorts by. `String`'s own order compares canonical Unicode, in which
    /// `"e\u{301}"` equals `"é"` and sorts after `"f"`.
    func sortedByBytes() -> [String] {
        sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

extension Link {
    /// Whether `a`'s name comes before `b`'s in byte order, the kernel's order and
    /// ``InterfaceName``'s.
    static func byteOrderOfNames(_ a: Link, _ b: Link) -> Bool {
        a.name < b.name
    }
}
