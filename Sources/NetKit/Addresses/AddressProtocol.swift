/// Who added an address (`IFA_PROTO`, `ip addr add … proto P`): the kernel for loopback, a router
/// advertisement or a link-local address, or any number up to 255 a user or daemon chose.
///
/// Its text form is iproute2's (`rt_addrprotos`): `kernel_lo`, `kernel_ra`, `kernel_ll`, else
/// the number.
public struct AddressProtocol: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// 0: not said (`IFAPROT_UNSPEC`).
    public static let unspec = AddressProtocol(rawValue: 0)
    /// 1: the kernel's loopback address (`IFAPROT_KERNEL_LO`).
    public static let kernelLoopback = AddressProtocol(rawValue: 1)
    /// 2: made by the kernel from a router advertisement (`IFAPROT_KERNEL_RA`).
    public static let kernelRouterAdvertisement = AddressProtocol(rawValue: 2)
    /// 3: the kernel's link-local address (`IFAPROT_KERNEL_LL`).
    public static let kernelLinkLocal = AddressProtocol(rawValue: 3)

    /// `unspec`, `kernel_lo`, `kernel_ra`, `kernel_ll`, or the number, as `ip addr` prints it.
    public var description: String {
        switch rawValue {
        case 0: "unspec"
        case 1: "kernel_lo"
        case 2: "kernel_ra"
        case 3: "kernel_ll"
        default: String(rawValue)
        }
    }

    public static func < (lhs: AddressProtocol, rhs: AddressProtocol) -> Bool { lhs.rawValue < rhs.rawValue }
}
