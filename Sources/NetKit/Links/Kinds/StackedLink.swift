/// A kind created on top of a parent device (`ip link add link DEV NAME type vlan|macvlan|ipvlan`):
/// the parent is named, and resolved to `IFLA_LINK` in the handle's namespace, also when
/// ``LinkOptions/namespace`` creates the link in another one.
protocol StackedLinkSpecification: LinkSpecification {
    /// The parent device's name (`link DEV`).
    var parent: InterfaceName { get }
    /// ``parent``'s index, set by ``NetlinkHandle/createStacked(_:)``.
    var parentIndex: Int32? { get set }
}

extension NetlinkHandle {
    /// Resolves the parent in this namespace (`RTM_GETLINK`), then creates the link
    /// (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL` and `IFLA_LINK`).
    func createStacked(_ specification: some StackedLinkSpecification) throws(NetKitError) {
        var specification = specification
        specification.parentIndex = try interfaceIndex(of: specification.parent, operation: "ip link add")
        try create(specification)
    }

    /// Resolves each distinct parent once (`RTM_GETLINK`), then creates the links in batches
    /// (``createBatch(_:)``).
    func createStackedBatch<Specification: StackedLinkSpecification>(
        _ specifications: [Specification]
    ) throws(NetKitError) -> [BatchResult<Specification>] {
        var indexes: [InterfaceName: Int32] = [:]
        var resolved = specifications
        for i in resolved.indices {
            let parent = resolved[i].parent
            if indexes[parent] == nil { indexes[parent] = try interfaceIndex(of: parent, operation: "ip link add") }
            resolved[i].parentIndex = indexes[parent]
        }
        return try createBatch(resolved)
    }
}
