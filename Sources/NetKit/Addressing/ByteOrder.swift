extension Sequence<String> {
    /// The names sorted by their UTF-8 bytes: the order the kernel compares names in (`strcmp`)
    /// and ``InterfaceName`` sorts by. `String`'s own order compares canonical Unicode, in which
    /// `"e\u{301}"` equals `"é"` and sorts after `"f"`.
    func sortedByBytes() -> [String] {
        sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
