/// The options of a `tbf` qdisc: `tc qdisc add dev eth0 root tbf rate 1mbit burst 10kb latency 50ms`.
///
/// Give the queue's size either as ``limit`` (bytes) or as ``latency`` (the longest a packet may
/// wait, from which `tc` and NetKit compute the limit); read back from the kernel, ``limit`` is set.
public struct TokenBucket: Sendable, Hashable, CustomStringConvertible {
    /// The rate the bucket fills at.
    public var rate: Bitrate
    /// The bucket's size in bytes: how much may be sent at once at full speed.
    public var burst: UInt32
    /// The bytes that may wait in the queue for tokens.
    public var limit: UInt32?
    /// The longest a packet may wait for tokens (`latency`), instead of ``limit``.
    public var latency: Duration?

    /// `tbf rate RATE burst BYTES limit BYTES`.
    public init(rate: Bitrate, burst: UInt32, limit: UInt32) {
        self.rate = rate
        self.burst = burst
        self.limit = limit
    }

    /// `tbf rate RATE burst BYTES latency TIME`.
    public init(rate: Bitrate, burst: UInt32, latency: Duration) {
        self.rate = rate
        self.burst = burst
        self.latency = latency
    }

    /// The queue limit in bytes: ``limit``, or the bytes that ``latency`` allows as `tc`
    /// computes them (`rate × latency + burst`).
    var effectiveLimit: UInt32 {
        if let limit { return limit }
        let seconds = TCUnits.microseconds(latency ?? .zero) / 1_000_000
        return UInt32(clamping: Int64(Double(rate.bytesPerSecond) * seconds) + Int64(burst))
    }

    /// The burst in ticks as the kernel reported it (read back only).
    var reportedBufferTicks: UInt32?

    /// The burst as the kernel holds it, in ticks at ``rate`` (`tc_tbf_qopt.buffer`).
    var bufferTicks: UInt32 { reportedBufferTicks ?? TCUnits.transmitTicks(bytes: burst, rate: rate) }

    /// `rate 1Mbit burst 10Kb lat 50ms`, as `tc qdisc show` prints it (the latency computed from
    /// the limit, as `tc` does).
    public var description: String {
        var text = "rate \(rate) burst \(TCUnits.size(burst))"
        if rate.bytesPerSecond > 0 {
            let latency =
                1_000_000 * Double(effectiveLimit) / Double(rate.bytesPerSecond)
                - TCUnits.microseconds(ticks: bufferTicks)
            text += " lat \(TCUnits.time(microseconds: latency))"
        }
        return text
    }

    /// Read back from `TCA_TBF_PARMS` (`tc_tbf_qopt`), `TCA_TBF_RATE64` and the burst in ticks.
    init(rateBytes: UInt64, bufferTicks: UInt32, limit: UInt32) {
        rate = Bitrate(bytesPerSecond: rateBytes)
        burst = TCUnits.transmitBytes(ticks: bufferTicks, rate: rate)
        self.limit = limit
        reportedBufferTicks = bufferTicks
    }

    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        guard rate.bytesPerSecond > 0 else {
            throw NetKitError.invalidInput("tbf needs a rate above 0 (at least 8 bit/s)", operation: operation)
        }
        guard burst > 0 else { throw NetKitError.invalidInput("tbf needs a burst above 0 bytes", operation: operation) }
        guard limit != nil || latency != nil else {
            throw NetKitError.invalidInput("tbf needs a limit or a latency", operation: operation)
        }
    }
}
