/// The options of a `netem` qdisc (network emulation):
/// `tc qdisc add dev eth0 root netem delay 50ms 5ms loss 1% duplicate 1% reorder 25% rate 1mbit`.
///
/// Percentages are 0–100, as `tc` writes them.
public struct Netem: Sendable, Hashable, CustomStringConvertible {
    /// Packets the queue holds (`limit`, `tc`'s default 1000).
    public var limit: UInt32
    /// Added delay (`delay`).
    public var delay: Duration
    /// Random variation of the delay, ± (`delay 50ms 5ms`).
    public var jitter: Duration
    /// Packets dropped at random, in percent (`loss 1%`).
    public var loss: Double
    /// Packets sent twice, in percent (`duplicate 1%`).
    public var duplicate: Double
    /// Packets sent at once, ahead of delayed ones, in percent (`reorder 25%`); needs a ``delay``.
    public var reorder: Double
    /// Reordering happens to every `gap`-th packet (`gap`; `tc` uses 1 when reordering).
    public var gap: UInt32
    /// The rate the emulated link sends at (`rate 1mbit`).
    public var rate: Bitrate?

    public init(
        delay: Duration = .zero, jitter: Duration = .zero, loss: Double = 0, duplicate: Double = 0,
        reorder: Double = 0, gap: UInt32? = nil, rate: Bitrate? = nil, limit: UInt32 = 1000
    ) {
        self.limit = limit
        self.delay = delay
        self.jitter = jitter
        self.loss = loss
        self.duplicate = duplicate
        self.reorder = reorder
        self.gap = gap ?? (reorder > 0 ? 1 : 0)
        self.rate = rate
    }

    /// `limit 1000 delay 50ms  5ms loss 1%`, as `tc qdisc show` prints it.
    public var description: String {
        var text = "limit \(limit)"
        if delay > .zero {
            text += " delay \(TCUnits.time(delay))"
            if jitter > .zero { text += "  \(TCUnits.time(jitter))" }
        }
        if loss > 0 { text += " loss \(TCUnits.percentText(loss))" }
        if duplicate > 0 { text += " duplicate \(TCUnits.percentText(duplicate))" }
        if reorder > 0 { text += " reorder \(TCUnits.percentText(reorder))" }
        if let rate { text += " rate \(rate)" }
        if gap > 0 { text += " gap \(gap)" }
        return text
    }

    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        for (name, value) in [("loss", loss), ("duplicate", duplicate), ("reorder", reorder)] where !(0...100).contains(value) {
            throw NetKitError.invalidInput("netem \(name) \(value)% is not a percentage (0–100)", operation: operation)
        }
        guard delay >= .zero, jitter >= .zero else {
            throw NetKitError.invalidInput("netem delay and jitter cannot be negative", operation: operation)
        }
        if reorder > 0, delay == .zero {
            throw NetKitError.invalidInput(
                "netem reorder needs a delay (the packets not reordered are the delayed ones)",
                operation: operation)
        }
    }
}
