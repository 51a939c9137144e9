/// An IPVLAN device as the kernel reports it (`IFLA_INFO_DATA` as `IFLA_IPVLAN_*`), named and
/// typed as ``IPVLAN`` creates it; printed as `ip -d link` prints it: `ipvlan mode l3 bridge`.
public struct IPVLANDetails: LinkDetails {
    public static var kind: LinkKind { .ipvlan }
    /// `mode` (`IFLA_IPVLAN_MODE`).
    public var mode: IPVLANMode
    /// `bridge`, `private` or `vepa` (`IFLA_IPVLAN_FLAGS`).
    public var flags: IPVLANFlags

    /// Details with these values.
    public init(mode: IPVLANMode, flags: IPVLANFlags = .bridge) {
        self.mode = mode
        self.flags = flags
    }

    /// The kind line of `ip -d link show`.
    public var description: String { "ipvlan mode \(mode) \(flags)" }

    init(infoData attributes: NetlinkAttributes?) {
        self.init(mode: .l3)
        for attribute in attributes ?? .empty {
            switch attribute.type {
            case IFLA.IPVLAN.mode: mode = IPVLANMode(rawValue: attribute.uint16 ?? 0)
            case IFLA.IPVLAN.flags: flags = IPVLANFlags(rawValue: attribute.uint16 ?? 0)
            default: break
            }
        }
    }
}
