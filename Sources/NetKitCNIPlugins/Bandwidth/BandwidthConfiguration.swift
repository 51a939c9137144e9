import NetKit
import NetKitCNI

/// The `bandwidth` plugin's limits, as the reference plugin reads them: `runtimeConfig.bandwidth`
/// (the runtime's per-pod values) when present, else the plugin's own keys. Rates are bits per
/// second, bursts bits; a direction with rate and burst 0 is not shaped.
struct BandwidthConfiguration: Sendable, Equatable {
    var ingressRate: UInt64 = 0
    var ingressBurst: UInt64 = 0
    var egressRate: UInt64 = 0
    var egressBurst: UInt64 = 0

    /// The reference's queue latency for both `tbf`s.
    static let latency: Duration = .milliseconds(25)

    private struct Limits: Decodable {
        var ingressRate: Int64?
        var ingressBurst: Int64?
        var egressRate: Int64?
        var egressBurst: Int64?
    }

    private struct Document: Decodable {
        var ingressRate: Int64?
        var ingressBurst: Int64?
        var egressRate: Int64?
        var egressBurst: Int64?
        var runtimeConfig: RuntimeConfig?
        struct RuntimeConfig: Decodable { var bandwidth: Limits? }
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        let limits =
            document.runtimeConfig?.bandwidth
            ?? Limits(
                ingressRate: document.ingressRate, ingressBurst: document.ingressBurst,
                egressRate: document.egressRate, egressBurst: document.egressBurst)
        (ingressRate, ingressBurst) = try Self.validated(limits.ingressRate, limits.ingressBurst, direction: "ingress")
        (egressRate, egressBurst) = try Self.validated(limits.egressRate, limits.egressBurst, direction: "egress")
    }

    /// The reference's checks: both non-negative, set together, the burst in bytes below 4 GiB.
    private static func validated(_ rate: Int64?, _ burst: Int64?, direction: String) throws(CNIError) -> (UInt64, UInt64) {
        let rate = rate ?? 0, burst = burst ?? 0
        let problem: String? =
            if rate < 0 || burst < 0 {
                "rate and burst must be a positive integer"
            } else if burst == 0 && rate != 0 {
                "if rate is set, burst must also be set"
            } else if rate == 0 && burst != 0 {
                "if burst is set, rate must also be set"
            } else if burst / 8 >= Int64(UInt32.max) {
                "burst cannot be more than 4GB"
            } else {
                nil
            }
        if let problem {
            throw CNIError(
                .invalidNetworkConfiguration, "invalid \(direction) bandwidth",
                details: "\(direction)Rate \(rate), \(direction)Burst \(burst): \(problem)")
        }
        return (UInt64(rate), UInt64(burst))
    }

    var shapesIngress: Bool { ingressRate > 0 && ingressBurst > 0 }
    var shapesEgress: Bool { egressRate > 0 && egressBurst > 0 }

    /// The `tbf` the reference installs: `tbf rate RATE burst BURST/8 latency 25ms`.
    static func tokenBucket(rate: UInt64, burst: UInt64) -> TokenBucket {
        TokenBucket(rate: Bitrate(bitsPerSecond: rate), burst: UInt32(burst / 8), latency: latency)
    }

    /// The ifb's name as the reference derives it: `bwp` and the SHA-512 hex of network name and
    /// container id, cut to 15 bytes (`IFNAMSIZ - 1`).
    static func ifbName(network: String, containerID: String) -> String {
        String(("bwp" + SHA512.hexDigest(Array((network + containerID).utf8))).prefix(15))
    }
}
