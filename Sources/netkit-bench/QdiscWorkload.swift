import NetKit

/// W5: `tc qdisc add dev va<i> root tbf rate 10mbit burst 32kb latency 50ms` on N existing veths.
enum QdiscWorkload {
    static func addTokenBuckets(_ count: Int, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        let tbf = TokenBucket(rate: .mbit(10), burst: 32 * 1024, latency: .milliseconds(50))
        let qdiscs = try (0..<count).map { Qdisc(.tbf(tbf), device: try InterfaceName(parsing: "va\($0)")) }
        if batch == 1 {
            for qdisc in qdiscs {
                do { try net.addQdisc(qdisc) } catch { tally.record(error) }
            }
        } else {
            for slice in qdiscs.chunks(of: batch ?? max(qdiscs.count, 1)) {
                for case let error? in try net.addQdiscs(Array(slice)).map(\.error) { tally.record(error) }
            }
        }
    }
}
