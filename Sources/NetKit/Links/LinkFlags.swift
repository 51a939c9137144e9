/// Device flags (`ifi_flags`, `IFF_*`), printed as `ip link` prints them: `<BROADCAST,MULTICAST,UP,LOWER_UP>`.
public struct LinkFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let up = LinkFlags(rawValue: 0x1)
    public static let broadcast = LinkFlags(rawValue: 0x2)
    public static let debug = LinkFlags(rawValue: 0x4)
    public static let loopback = LinkFlags(rawValue: 0x8)
    public static let pointToPoint = LinkFlags(rawValue: 0x10)
    public static let noTrailers = LinkFlags(rawValue: 0x20)
    public static let running = LinkFlags(rawValue: 0x40)
    public static let noARP = LinkFlags(rawValue: 0x80)
    public static let promiscuous = LinkFlags(rawValue: 0x100)
    public static let allMulticast = LinkFlags(rawValue: 0x200)
    public static let master = LinkFlags(rawValue: 0x400)
    public static let slave = LinkFlags(rawValue: 0x800)
    public static let multicast = LinkFlags(rawValue: 0x1000)
    public static let lowerUp = LinkFlags(rawValue: 0x10000)
    public static let dormant = LinkFlags(rawValue: 0x20000)
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

    public var description: String { "<\(names.joined(separator: ","))>" }
}
