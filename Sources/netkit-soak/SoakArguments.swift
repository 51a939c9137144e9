/// `netkit-soak [--operations N] [--samples K] [--rss-growth-kib KIB]`
struct SoakArguments {
    /// Operations to make after the warm-up (100,000 by default, as issue 8 asks).
    var operations = 100_000
    /// Samples taken during the measured run, evenly spaced (plus the one after the warm-up).
    var samples = 10
    /// Rounds run before the first sample, so allocator arenas, caches and the kernel's
    /// per-namespace state reach their steady size first.
    var warmUpRounds = 20
    /// The largest RSS growth from the first sample to the last that passes. Measured here:
    /// +12 to +96 KiB over 3,000–300,000 operations (malloc's page-granular noise; 13.5 MiB
    /// resident), so 1 MiB is ten times the noise, while a leak averaging 11 bytes or more per
    /// operation over 100,000 operations exceeds it.
    var rssGrowthKiB = 1024

    static let usage = "usage: netkit-soak [--operations N] [--samples K] [--warm-up ROUNDS] [--rss-growth-kib KIB]"

    init(_ words: [String]) throws {
        var words = words[...]
        while let word = words.popFirst() {
            guard let text = words.popFirst(), let value = Int(text), value >= 0 else {
                throw SoakFailure("\(word) needs a number\n\(Self.usage)")
            }
            switch word {
            case "--operations": operations = value
            case "--samples": samples = max(1, value)
            case "--warm-up": warmUpRounds = value
            case "--rss-growth-kib": rssGrowthKiB = value
            default: throw SoakFailure("unknown option \(word)\n\(Self.usage)")
            }
        }
    }
}
