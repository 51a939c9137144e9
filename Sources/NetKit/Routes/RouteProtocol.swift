/// Who installed a route (`rtm_protocol`, `ip route … proto P`): the kernel, `ip route add`
/// (`boot`), a routing daemon (`bird`, `zebra`, …) or any number up to 255.
///
/// Its text form is iproute2's: the names of `/etc/iproute2/rt_protos`, else the number.
public struct RouteProtocol: RawRepresentable, Hashable, Sendable, Comparable,
    CustomStringConvertible, LosslessStringConvertible, ExpressibleByIntegerLiteral
{
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt8) { rawValue = value }

    /// 0: no protocol. As a deletion filter it matches any protocol, as `ip route del` sends it.
    public static let unspec = RouteProtocol(rawValue: 0)
    /// 1: installed by an ICMP redirect.
    public static let redirect = RouteProtocol(rawValue: 1)
    /// 2: installed by the kernel for an address's prefix (`proto kernel`).
    public static let kernel = RouteProtocol(rawValue: 2)
    /// 3: what `ip route add` sets when no `proto` is given; `ip route` does not print it.
    public static let boot = RouteProtocol(rawValue: 3)
    /// 4: installed by an administrator (libnl's default, and `route add`'s).
    public static let `static` = RouteProtocol(rawValue: 4)
    /// 8, GateD (`RTPROT_GATED`).
    public static let gated = RouteProtocol(rawValue: 8)
    /// 9: learned from IPv6 router advertisements.
    public static let ra = RouteProtocol(rawValue: 9)
    /// 10, the MRT routing toolkit (`RTPROT_MRT`).
    public static let mrt = RouteProtocol(rawValue: 10)
    /// 11, Zebra (Quagga/FRR's core) (`RTPROT_ZEBRA`).
    public static let zebra = RouteProtocol(rawValue: 11)
    /// 12: BIRD — what Calico's routes carry (`proto bird`).
    public static let bird = RouteProtocol(rawValue: 12)
    /// 13, DECnet routing daemon (`RTPROT_DNROUTED`).
    public static let dnrouted = RouteProtocol(rawValue: 13)
    /// 14, XORP (`RTPROT_XORP`).
    public static let xorp = RouteProtocol(rawValue: 14)
    /// 15, Netsukuku (`RTPROT_NTK`).
    public static let ntk = RouteProtocol(rawValue: 15)
    /// 16: installed by a DHCP client.
    public static let dhcp = RouteProtocol(rawValue: 16)
    /// 17, mrouted (multicast); iproute2 has no name for it (`RTPROT_MROUTED`).
    public static let mrouted = RouteProtocol(rawValue: 17)
    /// 18, keepalived (`RTPROT_KEEPALIVED`).
    public static let keepalived = RouteProtocol(rawValue: 18)
    /// 42, Babel (`RTPROT_BABEL`).
    public static let babel = RouteProtocol(rawValue: 42)
    /// 99, Open/R (`RTPROT_OPENR`).
    public static let openr = RouteProtocol(rawValue: 99)
    /// 186, BGP (FRR) (`RTPROT_BGP`).
    public static let bgp = RouteProtocol(rawValue: 186)
    /// 187, IS-IS (FRR) (`RTPROT_ISIS`).
    public static let isis = RouteProtocol(rawValue: 187)
    /// 188, OSPF (FRR) (`RTPROT_OSPF`).
    public static let ospf = RouteProtocol(rawValue: 188)
    /// 189, RIP (FRR) (`RTPROT_RIP`).
    public static let rip = RouteProtocol(rawValue: 189)
    /// 192, EIGRP (FRR) (`RTPROT_EIGRP`).
    public static let eigrp = RouteProtocol(rawValue: 192)

    /// iproute2's names (its built-in table plus the stock `rt_protos` file), used where
    /// `/etc/iproute2/rt_protos` does not say otherwise. `mrouted` (17) has no name there.
    static let builtInNames: [UInt32: String] = [
        0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra",
        10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk", 16: "dhcp",
        18: "keepalived", 42: "babel", 99: "openr", 186: "bgp", 187: "isis", 188: "ospf",
        189: "rip", 192: "eigrp",
    ]

    /// `bird`, `kernel`, … or the number, as `ip route` prints it.
    public var description: String { IPRoute2Names.protocols.name(UInt32(rawValue)) }

    /// Parses a name (`bird`, or one from `/etc/iproute2/rt_protos`) or a number 0–255, as
    /// `ip route … proto P` does.
    public init(parsing text: String) throws(NetKitError) {
        self.init(
            rawValue: UInt8(
                try IPRoute2Names.protocols.parse(
                    text, limit: 255, kind: "route protocol",
                    examples: "kernel, boot, static, dhcp, bird or 0–255")))
    }

    public init?(_ description: String) { try? self.init(parsing: description) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
