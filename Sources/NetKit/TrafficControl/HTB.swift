/// The options of an `htb` qdisc: `tc qdisc add dev eth0 root handle 1: htb default 10`.
public struct HTB: Sendable, Hashable, CustomStringConvertible {
    /// The minor number of the class unclassified traffic goes to (`default 10` is `0x10`);
    /// 0 sends it straight out unshaped.
    public var defaultClass: UInt16
    /// `r2q`: divides a class's rate to give its default quantum.
    public var rateToQuantum: UInt32
    /// `direct_qlen`, as the kernel reports it (read back only).
    public internal(set) var directQueueLength: UInt32?
    /// `direct_packets_stat` (read back only).
    public internal(set) var directPackets: UInt32?

    /// `htb [default MINOR] [r2q N]`.
    public init(defaultClass: UInt16 = 0, rateToQuantum: UInt32 = 10) {
        self.defaultClass = defaultClass
        self.rateToQuantum = rateToQuantum
    }

    /// `r2q 10 default 0x10 direct_packets_stat 0 direct_qlen 1000`, as `tc qdisc show` prints it.
    public var description: String {
        var text = "r2q \(rateToQuantum) default 0x\(String(defaultClass, radix: 16)) direct_packets_stat \(directPackets ?? 0)"
        if let directQueueLength { text += " direct_qlen \(directQueueLength)" }
        return text
    }
}

/// The options of an `htb` class: `tc class add dev eth0 parent 1: classid 1:10 htb rate 5mbit ceil 10mbit`.
public struct HTBClass: Sendable, Hashable, CustomStringConvertible {
    /// The guaranteed rate; required (libnl 3.7 aborts the process on a class without one, so
    /// NetKit checks first).
    public var rate: Bitrate
    /// The most the class may borrow up to; `tc`'s default is ``rate``.
    public var ceil: Bitrate?
    /// Bytes that may be sent at ``rate`` at once; `tc`'s default is 1600.
    public var burst: UInt32?
    /// Bytes that may be sent at ``ceil`` at once; `tc`'s default is 1600.
    public var ceilBurst: UInt32?
    /// `prio`: lower values are served first when borrowing.
    public var priority: UInt32
    /// `quantum` in bytes; by default the kernel derives it from the rate and the qdisc's `r2q`.
    public var quantum: UInt32?

    /// `tc`'s default burst for a class: `rate / HZ + mtu` with a 1600-byte mtu and the
    /// nanosecond clock every current kernel reports (HZ 10⁹).
    static let defaultBurst: UInt32 = 1600

    public init(
        rate: Bitrate, ceil: Bitrate? = nil, burst: UInt32? = nil, ceilBurst: UInt32? = nil,
        priority: UInt32 = 0, quantum: UInt32? = nil
    ) {
        self.rate = rate
        self.ceil = ceil
        self.burst = burst
        self.ceilBurst = ceilBurst
        self.priority = priority
        self.quantum = quantum
    }

    /// `prio 0 rate 5Mbit ceil 10Mbit burst 1600b cburst 1600b`, as `tc class show` prints it.
    public var description: String {
        "prio \(priority) rate \(rate) ceil \(ceil ?? rate) burst \(TCUnits.size(burst ?? Self.defaultBurst))"
            + " cburst \(TCUnits.size(ceilBurst ?? Self.defaultBurst))"
    }

    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        guard rate.bytesPerSecond > 0 else {
            throw NetKitError.invalidInput("an htb class needs a rate above 0 (at least 8 bit/s)", operation: operation)
        }
        if let ceil, ceil < rate {
            throw NetKitError.invalidInput("an htb class's ceil (\(ceil)) is below its rate (\(rate))", operation: operation)
        }
    }
}
