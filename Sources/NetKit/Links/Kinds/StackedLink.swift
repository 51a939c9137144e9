/// A kind created on top of a parent device (`ip link add link DEV NAME type vlan|macvlan|ipvlan`):
/// the parent is named, and resolved to `IFLA_LINK` in the handle's namespace, also when
/// ``LinkOptions/namespace`` creates the link in another one.
protocol StackedLinkSpecification: LinkSpecification {
    /// The parent device's name (`link DEV`).
    var parent: String { get }
    /// ``parent``'s index, set by ``NetlinkHandle/createStacked(_:)``.
    var parentIndex: Int32? { get set }
}

extension NetlinkHandle {
    /// Resolves the parent in this namespace (`RTM_GETLINK`), then creates the link
    /// (`RTM_NEWLINK` with `NLM_F_CREATE|NLM_F_EXCL` and `IFLA_LINK`).
    func createStacked(_ specification: some StackedLinkSpecification) throws {
        var specification = specification
        specification.parentIndex = try linkIndex(of: specification.parent)
        try create(specification)
    }
}
