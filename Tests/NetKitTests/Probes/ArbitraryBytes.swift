/// Inputs for "never traps" tests of the probe's parsers: random buffers (which exercise the
/// length guards) alternating with a valid message mutated in a few bytes and cut at a random
/// length (which get past the guards into the field checks).
func arbitraryByteSamples(_ count: Int, mutating valid: [UInt8], maxRandomLength: Int) -> [[UInt8]] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { round in
        if round % 2 == 0 || valid.isEmpty {
            return (0..<Int.random(in: 0...maxRandomLength, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        var bytes = valid
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
        }
        return Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
    }
}
