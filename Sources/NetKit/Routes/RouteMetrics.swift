#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Per-route TCP and path parameters (`RTA_METRICS`): `mtu 1400 advmss 1360 …`.
///
/// Stored as the kernel sends them (`RTAX_*` number → value) so that every metric survives a
/// read-modify-write; the common ones have properties. Empty for most routes, and then it costs
/// no allocation.
public struct RouteMetrics: Sendable, Hashable, CustomStringConvertible {
    /// `RTAX_*` number and value, in ascending number order.
    public private(set) var values: [Metric]
    /// Bit `n` set: metric `n` is locked (`mtu lock 1400`).
    public var lockMask: UInt32
    /// `congctl NAME` (`RTAX_CC_ALGO`).
    public var congestionControl: String?

    /// One `RTAX_*` attribute of `RTA_METRICS`.
    public struct Metric: Sendable, Hashable {
        /// The `RTAX_*` number (`RTAX_MTU` = 2, `RTAX_ADVMSS` = 8, …).
        public var kind: UInt16
        /// Its value, in the unit `ip route` prints it in (bytes, milliseconds …).
        public var value: UInt32
    }

    /// No metrics: the kernel's defaults apply.
    public init() {
        values = []
        lockMask = 0
    }

    /// Nothing set: the route carries no `RTA_METRICS`.
    public var isEmpty: Bool { values.isEmpty && lockMask == 0 && congestionControl == nil }

    /// `RTAX_*` value by number.
    public subscript(kind: UInt16) -> UInt32? {
        get { values.first { $0.kind == kind }?.value }
        set {
            values.removeAll { $0.kind == kind }
            if let newValue {
                values.append(Metric(kind: kind, value: newValue))
                values.sort { $0.kind < $1.kind }
            }
        }
    }

    /// `mtu N`: the path MTU for this destination.
    public var mtu: UInt32? {
        get { self[RTA.Metric.mtu] }
        set { self[RTA.Metric.mtu] = newValue }
    }

    /// `advmss N`: the TCP MSS advertised to peers on this route.
    public var advmss: UInt32? {
        get { self[RTA.Metric.advmss] }
        set { self[RTA.Metric.advmss] = newValue }
    }

    /// `hoplimit N`
    public var hopLimit: UInt32? {
        get { self[RTA.Metric.hoplimit] }
        set { self[RTA.Metric.hoplimit] = newValue }
    }

    private static let names: [String?] = [
        nil, nil, "mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd", "advmss", "reordering",
        "hoplimit", "initcwnd", "features", "rto_min", "initrwnd", "quickack", "congctl", "fastopen_no_cookie",
    ]

    /// The words `ip route` prints (`print_rta_metrics`), e.g. `mtu lock 1400 advmss 1360`.
    public var description: String {
        var words: [String] = []
        for kind in 2...RTA.Metric.max {
            let value = self[kind]
            let locked = lockMask & (1 << UInt32(kind)) != 0
            let present = kind == RTA.Metric.ccAlgo ? congestionControl != nil : value != nil
            guard present || locked else { continue }
            let number = value ?? 0
            if kind == RTA.Metric.hoplimit && number == UInt32.max { continue }
            let name = Int(kind) < Self.names.count ? Self.names[Int(kind)] : nil
            words.append(name ?? "metric \(kind)")
            if locked { words.append("lock") }
            switch kind {
            case RTA.Metric.features:
                if number & RTA.Metric.featureECN != 0 { words.append("ecn") }
                // iproute2 prints the whole original value when any other bit is set.
                if number & ~RTA.Metric.featureECN != 0 { words.append("0x" + String(number, radix: 16)) }
            case RTA.Metric.rtt, RTA.Metric.rttvar, RTA.Metric.rtoMin:
                let scaled = kind == RTA.Metric.rtt ? number / 8 : kind == RTA.Metric.rttvar ? number / 4 : number
                words.append(scaled >= 1000 ? Self.shortestSeconds(scaled) + "s" : "\(scaled)ms")
            case RTA.Metric.ccAlgo:
                words.append(congestionControl ?? "")
            default:
                words.append(String(number))
            }
        }
        return words.joined(separator: " ")
    }

    /// `%g` of milliseconds ÷ 1000, as iproute2 formats a long RTT.
    private static func shortestSeconds(_ milliseconds: UInt32) -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        _ = withVaList([Double(milliseconds) / 1e3]) { arguments in
            vsnprintf(&buffer, buffer.count, "%g", arguments)
        }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
