/// A route's or next hop's flags (`rtm_flags`, `rtnh_flags`) as iproute2 prints them after the
/// metric: `onlink`, `linkdown`, `dead`, ….
///
/// The low byte holds the `RTNH_F_*` next-hop flags (for a single-path route the kernel reports
/// its next hop's flags here); higher bits are `RTM_F_*` route flags and, on a cached IPv4 route
/// (`ip route get`), the `RTCF_*` cache flags.
public struct RouteFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The `RTNH_F_*` bits (low byte) and the `RTM_F_*` bits, as the kernel sends them.
    public var rawValue: UInt32
    /// Any bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The next hop is unusable (its device went down).
    public static let dead = RouteFlags(rawValue: UInt32(RTNHFlag.dead))
    /// `RTNH_F_PERVASIVE`: do recursive gateway lookup (printed `pervasive`; unused by current kernels).
    public static let pervasive = RouteFlags(rawValue: UInt32(RTNHFlag.pervasive))
    /// The gateway is taken to be on the device's link without checking the device's subnets
    /// (`onlink`; Calico's `via NODE dev tunl0 onlink`).
    public static let onlink = RouteFlags(rawValue: UInt32(RTNHFlag.onlink))
    /// `RTNH_F_OFFLOAD`: the next hop is offloaded to hardware (switch ASICs).
    public static let offload = RouteFlags(rawValue: UInt32(RTNHFlag.offload))
    /// The device has no carrier.
    public static let linkdown = RouteFlags(rawValue: UInt32(RTNHFlag.linkdown))
    /// `RTNH_F_UNRESOLVED`: the next hop's gateway is not resolved yet (offload drivers).
    public static let unresolved = RouteFlags(rawValue: UInt32(RTNHFlag.unresolved))
    /// `RTNH_F_TRAP`: the next hop traps packets to the CPU (offload drivers).
    public static let trap = RouteFlags(rawValue: UInt32(RTNHFlag.trap))
    /// `RTM_F_NOTIFY`: asked of `ip route get` to be told about changes (`notify`).
    public static let notify = RouteFlags(rawValue: RTMFlag.notify)
    /// A cached (cloned) route: what `ip route get` answers for IPv4.
    public static let cloned = RouteFlags(rawValue: RTMFlag.cloned)
    /// `RTM_F_OFFLOAD`: the whole route is offloaded to hardware (`rt_offload`).
    public static let routeOffload = RouteFlags(rawValue: RTMFlag.offload)
    /// `RTM_F_TRAP`: the whole route traps packets to the CPU (`rt_trap`).
    public static let routeTrap = RouteFlags(rawValue: RTMFlag.trap)
    /// `RTM_F_OFFLOAD_FAILED`: hardware refused to offload the route (`rt_offload_failed`).
    public static let routeOffloadFailed = RouteFlags(rawValue: RTMFlag.offloadFailed)

    /// In iproute2's order (`print_rt_flags`).
    static let printed: [(RouteFlags, String)] = [
        (.dead, "dead"), (.onlink, "onlink"), (.pervasive, "pervasive"), (.offload, "offload"),
        (.trap, "trap"), (.notify, "notify"), (.linkdown, "linkdown"), (.unresolved, "unresolved"),
        (.routeOffload, "rt_offload"), (.routeTrap, "rt_trap"), (.routeOffloadFailed, "rt_offload_failed"),
    ]

    /// The flag words `ip route` prints, e.g. `["onlink", "linkdown"]` (also `ip -j`'s `flags`).
    public var names: [String] {
        Self.printed.compactMap { contains($0.0) ? $0.1 : nil }
    }

    /// The words joined by spaces, e.g. `onlink linkdown`.
    public var description: String { names.joined(separator: " ") }

    /// The next-hop part, as it goes into `rtnh_flags`.
    var nextHopByte: UInt8 { UInt8(truncatingIfNeeded: rawValue) }

    /// iproute2's `print_cache_flags` for a cached IPv4 route: `cache <local,brd> `-style text
    /// without the leading `cache`, or an empty string when no cache flag is set.
    var cacheFlagsText: String {
        var flags = rawValue & ~0xFFFF
        guard flags != 0 else { return "" }
        var text = "<"
        let known: [(UInt32, String)] = [
            (RTCF.local, "local"), (RTCF.reject, "reject"), (RTCF.multicast, "mc"), (RTCF.broadcast, "brd"),
            (RTCF.destinationNAT, "dst-nat"), (RTCF.sourceNAT, "src-nat"), (RTCF.masquerade, "masq"),
            (RTCF.directDestination, "dst-direct"), (RTCF.directSource, "src-direct"),
            (RTCF.redirected, "redirected"), (RTCF.doRedirect, "redirect"), (RTCF.fast, "fastroute"),
            (RTCF.notify, "notify"), (RTCF.tproxy, "proxy"),
        ]
        for (bit, name) in known where flags & bit != 0 {
            flags &= ~bit
            text += name + (flags != 0 ? "," : ">")
        }
        if flags != 0 { text += String(flags, radix: 16) + ">" }
        return text
    }
}
