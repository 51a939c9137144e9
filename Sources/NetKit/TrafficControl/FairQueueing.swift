/// The options of an `fq_codel` qdisc: `tc qdisc add dev eth0 root fq_codel limit 1000 target 5ms interval 100ms`.
/// Unset values are the kernel's defaults (and read back as the kernel reports them).
public struct FQCoDel: Sendable, Hashable, CustomStringConvertible {
    /// Packets the qdisc holds (`limit`, kernel default 10240).
    public var limit: UInt32?
    /// Flows hashed into (`flows`, default 1024).
    public var flows: UInt32?
    /// Bytes dequeued per flow per round (`quantum`, default 1514).
    public var quantum: UInt32?
    /// Acceptable standing queue delay (`target`, default 5 ms).
    public var target: Duration?
    /// The window the minimum delay is measured over (`interval`, default 100 ms).
    public var interval: Duration?

    public init(
        limit: UInt32? = nil, flows: UInt32? = nil, quantum: UInt32? = nil,
        target: Duration? = nil, interval: Duration? = nil
    ) {
        self.limit = limit
        self.flows = flows
        self.quantum = quantum
        self.target = target
        self.interval = interval
    }

    /// `limit 10240p flows 1024 quantum 1514 target 5ms interval 100ms`, as `tc` prints the start of it.
    public var description: String {
        var parts: [String] = []
        if let limit { parts.append("limit \(limit)p") }
        if let flows { parts.append("flows \(flows)") }
        if let quantum { parts.append("quantum \(quantum)") }
        if let target { parts.append("target \(TCUnits.time(target))") }
        if let interval { parts.append("interval \(TCUnits.time(interval))") }
        return parts.joined(separator: " ")
    }
}

/// The options of an `sfq` qdisc (stochastic fairness): `tc qdisc add dev eth0 root sfq perturb 10`.
public struct SFQ: Sendable, Hashable, CustomStringConvertible {
    /// Packets the qdisc holds (`limit`, kernel default 127).
    public var limit: UInt32?
    /// Bytes dequeued per flow per round (`quantum`, default the device's MTU).
    public var quantum: UInt32?
    /// How often the flow hash changes (`perturb`, whole seconds; none by default).
    public var perturb: Duration?

    public init(limit: UInt32? = nil, quantum: UInt32? = nil, perturb: Duration? = nil) {
        self.limit = limit
        self.quantum = quantum
        self.perturb = perturb
    }

    /// `limit 127p quantum 1514b perturb 10sec`, as `tc` prints the start of it.
    public var description: String {
        var parts: [String] = []
        if let limit { parts.append("limit \(limit)p") }
        if let quantum { parts.append("quantum \(TCUnits.size(quantum))") }
        if let perturb { parts.append("perturb \(perturb.components.seconds)sec") }
        return parts.joined(separator: " ")
    }
}
