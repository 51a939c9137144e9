/// Conversions between the kernel's packet-scheduler units and NetKit's, and the number formats
/// `tc` prints, in one place.
///
/// The kernel counts scheduler time in ticks of 64 ns (`PSCHED_TICKS_PER_SEC` = 10⁹ >> 6, the
/// `00000040` of `/proc/net/psched`): `tc` converts microseconds with `tick_in_usec` = 15.625.
enum TCUnits {
    static let ticksPerMicrosecond = 15.625

    /// Microseconds → ticks, truncated as `tc_core_time2tick` does.
    static func ticks(microseconds: Double) -> UInt32 {
        UInt32(clamping: Int64(microseconds * ticksPerMicrosecond))
    }

    /// Ticks → whole microseconds, truncated as `tc_core_tick2time` does.
    static func microseconds(ticks: UInt32) -> Double { (Double(ticks) / ticksPerMicrosecond).rounded(.towardZero) }

    /// The ticks needed to send `bytes` at `rate` (`tc_calc_xmittime`, which truncates the time
    /// to whole microseconds before converting it).
    static func transmitTicks(bytes: UInt32, rate: Bitrate) -> UInt32 {
        guard rate.bytesPerSecond > 0 else { return 0 }
        let microseconds = UInt32(clamping: Int64(1_000_000 * Double(bytes) / Double(rate.bytesPerSecond)))
        return ticks(microseconds: Double(microseconds))
    }

    /// The bytes sent in `ticks` at `rate` (`tc_calc_xmitsize`).
    static func transmitBytes(ticks: UInt32, rate: Bitrate) -> UInt32 {
        UInt32(clamping: Int64(Double(rate.bytesPerSecond) * microseconds(ticks: ticks) / 1_000_000))
    }

    static func microseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
    }

    static func duration(microseconds: Double) -> Duration {
        .nanoseconds(Int64(microseconds * 1000))
    }

    /// A size as `tc` prints it (`print_size`): `10Kb`, `1Mb`, `1599b`.
    static func size(_ bytes: UInt32) -> String {
        let value = Double(bytes)
        let mega = (value / 1_048_576).rounded(.toNearestOrEven)
        if bytes >= 1_048_576, abs(1_048_576 * mega - value) < 1024 { return "\(Int(mega))Mb" }
        let kilo = (value / 1024).rounded(.toNearestOrEven)
        if bytes >= 1024, abs(1024 * kilo - value) < 16 { return "\(Int(kilo))Kb" }
        return "\(bytes)b"
    }

    /// A time in microseconds as `tc` prints it (`print_time`, `%.3g`): `50ms`, `7.47ms`, `419us`, `1.5s`.
    static func time(microseconds: Double) -> String {
        let whole = UInt32(clamping: Int64(microseconds))
        if whole >= 1_000_000 { return threeSignificantDigits(Double(whole) / 1_000_000) + "s" }
        if whole >= 1000 { return threeSignificantDigits(Double(whole) / 1000) + "ms" }
        return "\(whole)us"
    }

    static func time(_ duration: Duration) -> String { time(microseconds: microseconds(duration)) }

    /// `printf("%.3g")` for 1 ≤ value < 1000: three significant digits, trailing zeros dropped.
    static func threeSignificantDigits(_ value: Double) -> String {
        let decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((value * scale).rounded(.toNearestOrEven))
        var text = String(scaled / Int64(scale))
        var fraction = decimals > 0 ? String(scaled % Int64(scale)) : ""
        while fraction.count < decimals { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return text
    }

    /// A probability as the kernel stores it (a fraction of `UInt32.max`) from a percentage, as
    /// `tc`'s `get_percent` rounds it.
    static func probability(percent: Double) -> UInt32 {
        UInt32(clamping: Int64((percent / 100 * Double(UInt32.max)).rounded(.toNearestOrEven)))
    }

    static func percent(probability: UInt32) -> Double { Double(probability) / Double(UInt32.max) * 100 }

    /// A percentage as `tc` prints it (`%g%%` of the stored fraction), e.g. `1%`, `25%`.
    static func percentText(_ percent: Double) -> String {
        let rounded = (percent * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return "\(Int(rounded))%" }
        var text = "\(rounded)"
        while text.hasSuffix("0") { text.removeLast() }
        return text + "%"
    }
}
