/// Device flags (`ifi_flags`, `IFF_*`), printed as `ip link` prints them: `<BROADCAST,MULTICAST,UP,LOWER_UP>`.
public struct LinkFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The `ifi_flags` bits.
    public var rawValue: UInt32
    /// Flags from raw `IFF_*` bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IFF_UP` (`UP`): administratively up, set by `ip link set dev NAME up`.
    public static let up = LinkFlags(rawValue: 0x1)
    /// `IFF_BROADCAST` (`BROADCAST`): the link has a broadcast address.
    public static let broadcast = LinkFlags(rawValue: 0x2)
    /// `IFF_DEBUG` (`DEBUG`).
    public static let debug = LinkFlags(rawValue: 0x4)
    /// `IFF_LOOPBACK` (`LOOPBACK`): `lo`.
    public static let loopback = LinkFlags(rawValue: 0x8)
    /// `IFF_POINTOPOINT` (`POINTOPOINT`): a point-to-point link such as a tunnel with a remote.
    public static let pointToPoint = LinkFlags(rawValue: 0x10)
    /// `IFF_NOTRAILERS` (`NOTRAILERS`).
    public static let noTrailers = LinkFlags(rawValue: 0x20)
    /// `IFF_RUNNING`: the carrier is up; `ip link` does not print it (it prints `NO-CARRIER`
    /// when a link is up without it).
    public static let running = LinkFlags(rawValue: 0x40)
    /// `IFF_NOARP` (`NOARP`): no neighbour resolution, e.g. `tunl0`.
    public static let noARP = LinkFlags(rawValue: 0x80)
    /// `IFF_PROMISC` (`PROMISC`), set by `ip link set dev NAME promisc on`.
    public static let promiscuous = LinkFlags(rawValue: 0x100)
    /// `IFF_ALLMULTI` (`ALLMULTI`): receives all multicast frames.
    public static let allMulticast = LinkFlags(rawValue: 0x200)
    /// `IFF_MASTER` (`MASTER`): a bonding master.
    public static let master = LinkFlags(rawValue: 0x400)
    /// `IFF_SLAVE` (`SLAVE`): a bonding slave.
    public static let slave = LinkFlags(rawValue: 0x800)
    /// `IFF_MULTICAST` (`MULTICAST`): the link supports multicast.
    public static let multicast = LinkFlags(rawValue: 0x1000)
    /// `IFF_LOWER_UP` (`LOWER_UP`): the driver signals the layer-1 link is up.
    public static let lowerUp = LinkFlags(rawValue: 0x10000)
    /// `IFF_DORMANT` (`DORMANT`): waiting for an external event (e.g. 802.1X).
    public static let dormant = LinkFlags(rawValue: 0x20000)
    /// `IFF_ECHO` (`ECHO`): echoes sent packets.
    public static let echo = LinkFlags(rawValue: 0x40000)

    /// In iproute2's order (print_link_flags), without RUNNING, which `ip link` omits.
    static let names: [(LinkFlags, String)] = [
        (.loopback, "LOOPBACK"), (.broadcast, "BROADCAST"), (.pointToPoint, "POINTOPOINT"),
        (.multicast, "MULTICAST"), (.noARP, "NOARP"), (.allMulticast, "ALLMULTI"),
        (.promiscuous, "PROMISC"), (.noTrailers, "NOTRAILERS"), (.debug, "DEBUG"),
        (.dormant, "DORMANT"), (.master, "MASTER"), (.slave, "SLAVE"), (.echo, "ECHO"),
        (.up, "UP"), (.lowerUp, "LOWER_UP"),
    ]

    /// The flag names as `ip -j link` lists them.
    public var names: [String] {
        var result: [String] = []
        var flags = self
        // iproute2 prints NO-CARRIER for a link that is up but not running (print_link_flags).
        if flags.contains(.up) && !flags.contains(.running) { result.append("NO-CARRIER") }
        for (flag, name) in Self.names where flags.contains(flag) {
            result.append(name)
            flags.remove(flag)
        }
        return result
    }

    /// The flags as `ip link` prints them: `<BROADCAST,MULTICAST,UP,LOWER_UP>`.
    public var description: String { "<\(names.joined(separator: ","))>" }
}
