/// One echo reply, printed as ping prints it:
/// `64 bytes from 172.19.0.100: icmp_seq=1 ttl=64 time=0.045 ms`.
public struct PingReply: Sendable, Hashable, CustomStringConvertible {
    /// ping's `icmp_seq`, counting from 1.
    public var sequence: Int
    /// The replying address.
    public var from: IPAddress
    /// The bytes of the ICMP reply (header and payload).
    public var byteCount: Int
    /// The IPv4 TTL or IPv6 hop limit the reply arrived with, when the kernel reported it.
    public var ttl: Int?
    /// From sending the request to receiving this reply, measured on the monotonic clock.
    public var roundTripTime: Duration

    public init(sequence: Int, from: IPAddress, byteCount: Int, ttl: Int?, roundTripTime: Duration) {
        self.sequence = sequence
        self.from = from
        self.byteCount = byteCount
        self.ttl = ttl
        self.roundTripTime = roundTripTime
    }

    public var description: String {
        var text = "\(byteCount) bytes from \(from): icmp_seq=\(sequence)"
        if let ttl { text += " ttl=\(ttl)" }
        return text + " time=\(PingReply.milliseconds(roundTripTime)) ms"
    }

    /// ping's precision: three decimals below 1 ms, two below 10 ms, one below 100 ms, none above.
    static func milliseconds(_ duration: Duration) -> String {
        let value = milliseconds(of: duration)
        let decimals = value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0
        return fixed(value, decimals: decimals)
    }

    static func milliseconds(of duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// `value` with exactly `decimals` digits after the point, rounded half up.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { return "\(value)" }
        let integer = Int64(scaled)
        let sign = integer < 0 ? "-" : ""
        let magnitude = integer.magnitude
        guard decimals > 0 else { return sign + "\(magnitude)" }
        let divisor = UInt64(scale)
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        return sign + "\(magnitude / divisor).\(fraction)"
    }
}
