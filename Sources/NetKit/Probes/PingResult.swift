/// What a probe saw when at least one reply came back. ``description`` prints ping's output:
///
///     64 bytes from 172.19.0.100: icmp_seq=1 ttl=64 time=0.045 ms
///     64 bytes from 172.19.0.100: icmp_seq=2 ttl=64 time=0.051 ms
///
///     --- 172.19.0.100 ping statistics ---
///     2 packets transmitted, 2 received, 0% packet loss, time 201ms
///     rtt min/avg/max/mdev = 0.045/0.048/0.051/0.003 ms
public struct PingResult: Sendable, Hashable, CustomStringConvertible {
    /// The kind of ICMP socket the probe used (see `Namespace.ping(_:)`).
    public enum SocketKind: String, Sendable, Hashable {
        /// `socket(AF_INET[6], SOCK_DGRAM, IPPROTO_ICMP[V6])`, allowed by `net.ipv4.ping_group_range`.
        case datagram
        /// `socket(AF_INET[6], SOCK_RAW, IPPROTO_ICMP[V6])`, allowed by `CAP_NET_RAW`.
        case raw
    }

    public var probe: PingProbe
    public var socketKind: SocketKind
    /// Echo requests sent (failed sends are not counted, as ping does not count them).
    public var transmitted: Int
    /// Replies in arrival order, one per answered request.
    public var replies: [PingReply]
    /// Requests answered by an ICMP error, or whose send failed.
    public var failures: [PingFailure]
    /// From the first request to the end of the probe.
    public var elapsed: Duration

    public init(
        probe: PingProbe, socketKind: SocketKind, transmitted: Int, replies: [PingReply],
        failures: [PingFailure], elapsed: Duration
    ) {
        self.probe = probe
        self.socketKind = socketKind
        self.transmitted = transmitted
        self.replies = replies
        self.failures = failures
        self.elapsed = elapsed
    }

    public var received: Int { replies.count }
    /// The round-trip time of each reply, in arrival order.
    public var roundTripTimes: [Duration] { replies.map(\.roundTripTime) }
    /// Lost requests as a percentage of those sent, as ping prints it.
    public var packetLossPercent: Int {
        transmitted == 0 ? 100 : (transmitted - received) * 100 / transmitted
    }

    public var description: String {
        var lines = replies.map(\.description) + failures.map(\.description)
        lines.append("")
        lines.append("--- \(probe.destination) ping statistics ---")
        var summary = "\(transmitted) packets transmitted, \(received) received"
        if !failures.isEmpty { summary += ", +\(failures.count) errors" }
        summary += ", \(packetLossPercent)% packet loss, time \(Int(PingReply.milliseconds(of: elapsed)))ms"
        lines.append(summary)
        if !replies.isEmpty {
            let values = roundTripTimes.map(PingReply.milliseconds(of:))
            let average = values.reduce(0, +) / Double(values.count)
            let squares = values.map { $0 * $0 }.reduce(0, +) / Double(values.count)
            let deviation = max(0, squares - average * average).squareRoot()
            let numbers = [values.min() ?? 0, average, values.max() ?? 0, deviation].map { PingReply.fixed($0, decimals: 3) }
            lines.append("rtt min/avg/max/mdev = \(numbers.joined(separator: "/")) ms")
        }
        return lines.joined(separator: "\n")
    }
}
