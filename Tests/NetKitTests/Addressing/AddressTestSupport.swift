#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import Foundation
import Testing
@testable import NetKit

/// Checks that `body` throws `.invalidInput` for `input`, with the operation and object set, the
/// input quoted in the message, and every fragment present.
func expectInvalidInput(
    _ input: String,
    operation: String,
    mentioning fragments: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("\(AddressText.quote(input)) was accepted", sourceLocation: sourceLocation)
    } catch {
        guard let error = error as? NetKitError, case .invalidInput(let message) = error.reason else {
            Issue.record("expected .invalidInput, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.operation.messageType == nil && error.operation.command == operation, sourceLocation: sourceLocation)
        #expect(error.object == input, sourceLocation: sourceLocation)
        #expect(
            message.contains(AddressText.quote(input)),
            "message does not quote the input: \(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                message.contains(fragment), "\(message) lacks \(AddressText.quote(fragment))",
                sourceLocation: sourceLocation)
        }
    }
}

/// The message of a `.invalidInput` error, or nil.
func invalidInputMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        if let error = error as? NetKitError, case .invalidInput(let message) = error.reason { return message }
        return nil
    }
}

/// A value round-tripped through JSON, plus the JSON text.
func jsonRoundTrip<T: Codable>(_ value: T) throws -> (T, String) {
    let data = try JSONEncoder().encode(value)
    let decoded = try JSONDecoder().decode(T.self, from: data)
    return (decoded, String(decoding: data, as: UTF8.self))
}

/// A small deterministic generator, so randomized tests fail reproducibly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// glibc's `inet_ntop`, which iproute2 uses to print addresses: the oracle for ``IPv6Address``.
func libcFormat(family: Int32, _ bytes: [UInt8]) -> String? {
    var buffer = [CChar](repeating: 0, count: 64)
    let ok = bytes.withUnsafeBytes { source in
        buffer.withUnsafeMutableBufferPointer { out in
            inet_ntop(family, source.baseAddress, out.baseAddress, socklen_t(out.count)) != nil
        }
    }
    guard ok else { return nil }
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// glibc's `inet_pton`, which iproute2 uses to parse addresses; nil when it rejects the text.
func libcParse(family: Int32, _ text: String) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: family == AF_INET ? 4 : 16)
    let result = out.withUnsafeMutableBytes { inet_pton(family, text, $0.baseAddress) }
    return result == 1 ? out : nil
}
