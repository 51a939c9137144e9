/// An ICMP echo probe — `ping -c COUNT -W TIMEOUT -i INTERVAL [-I DEV] [-I ADDR] DEST` — checked
/// when it is made, so a bad count or a family mismatch fails before any socket exists.
/// Run it in a namespace with `Namespace.ping(_:)` (blocking or `async`).
///
/// A probe always ends: it sends ``count`` requests ``interval`` apart and waits at most
/// ``timeout`` for each reply, so it takes at most `(count − 1) × interval + timeout`.
public struct PingProbe: Sendable, Hashable, CustomStringConvertible {
    public let destination: IPAddress
    /// How many echo requests to send (`ping -c`), 1…10000.
    public let count: Int
    /// How long to wait for the reply to each request (`ping -W`), more than zero, at most an hour.
    public let timeout: Duration
    /// The time between requests (`ping -i`), zero to an hour.
    public let interval: Duration
    /// The interface to send from (`ping -I veth1`, `SO_BINDTODEVICE`): only routes through it
    /// are used. Needed for an IPv6 link-local destination.
    public let sourceInterface: InterfaceName?
    /// The source address (`ping -I 172.19.0.101`, `bind`); it must be configured in the namespace.
    public let sourceAddress: IPAddress?

    public static let countRange = 1...10_000
    /// The longest ``timeout`` and ``interval`` accepted.
    public static let maximumWait = Duration.seconds(3600)

    /// Checks every input, throwing `.invalidInput` that quotes the bad value.
    public init(
        _ destination: IPAddress, count: Int = 1, timeout: Duration = .seconds(1), interval: Duration = .seconds(1),
        sourceInterface: InterfaceName? = nil, sourceAddress: IPAddress? = nil
    ) throws(NetKitError) {
        func reject(_ why: String) -> NetKitError {
            .invalidInput(why, operation: "ping", object: destination.description)
        }
        guard Self.countRange.contains(count) else {
            throw reject("count \(count) is out of range \(Self.countRange.lowerBound)…\(Self.countRange.upperBound)")
        }
        guard timeout > .zero, timeout <= Self.maximumWait else {
            throw reject("timeout \(timeout) must be more than zero and at most \(Self.maximumWait)")
        }
        guard interval >= .zero, interval <= Self.maximumWait else {
            throw reject("interval \(interval) must be zero or more and at most \(Self.maximumWait)")
        }
        if destination.isUnspecified || destination.isMulticast || destination == .v4(.broadcast) {
            throw reject("\(destination) is not a single host; NetKit pings unicast destinations only")
        }
        if let sourceAddress {
            guard sourceAddress.family == destination.family else {
                throw reject(
                    "source address \(sourceAddress) is \(sourceAddress.family == .ipv4 ? "IPv4" : "IPv6") but destination \(destination) is \(destination.family == .ipv4 ? "IPv4" : "IPv6")"
                )
            }
            guard !sourceAddress.isMulticast, !sourceAddress.isUnspecified else {
                throw reject("source address \(sourceAddress) cannot be a sender's address")
            }
        }
        if sourceInterface == nil, destination.family == .ipv6,
            destination.isLinkLocal || sourceAddress?.isLinkLocal == true
        {
            throw reject("a link-local address is ambiguous without an interface; pass sourceInterface (ping -I DEV)")
        }
        self.destination = destination
        self.count = count
        self.timeout = timeout
        self.interval = interval
        self.sourceInterface = sourceInterface
        self.sourceAddress = sourceAddress
    }

    /// The iputils command with the same effect, e.g. `ping -c 3 -W 1 -i 0.2 -I veth1 172.19.0.100`.
    public var description: String {
        var words = ["ping", "-c", "\(count)", "-W", Self.seconds(timeout), "-i", Self.seconds(interval)]
        if let sourceInterface { words += ["-I", sourceInterface.rawValue] }
        if let sourceAddress { words += ["-I", sourceAddress.description] }
        words.append(destination.description)
        return words.joined(separator: " ")
    }

    /// `0.2`, `1`, `1.5`: seconds as ping's options take them.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        if fraction == 0 { return "\(whole)" }
        var decimals = String(fraction)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return "\(whole).\(decimals)"
    }

    /// `172.19.0.100 from 172.19.0.101 veth1` — ping's own words for what is probed from where.
    var target: String {
        var text = destination.description
        let from = [sourceAddress?.description, sourceInterface?.rawValue].compactMap { $0 }
        if !from.isEmpty { text += " from " + from.joined(separator: " ") }
        return text
    }
}
