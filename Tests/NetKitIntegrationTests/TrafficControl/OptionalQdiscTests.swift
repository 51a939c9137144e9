import NetKit
import Testing

/// netem, fq_codel, sfq and prio: this host's kernel lacks them (the typed error is checked);
/// the kernel lane's stock kernel has them (compared with tc -j there).
@Suite("Traffic control: netem, fq_codel, sfq, prio (kernel lane) or their typed missing-feature error")
struct OptionalQdiscTests {
    @Test("netem delay, jitter, loss, duplicate, reorder and rate")
    func netem() throws {
        let ns = try TestNamespace.withVeth("netem")
        let netem = Netem(delay: .milliseconds(50), jitter: .milliseconds(5), loss: 1, duplicate: 1, reorder: 25, rate: .mbit(1))
        guard try OptionalQdisc.add(Qdisc(.netem(netem), device: "veth0"), in: ns) else { return }
        let options = try ns.tc("qdisc", "show", "dev", "veth0").first?["options"] as? [String: Any]
        #expect(options?["limit"] as? Int == 1000)
        let (qdisc, line) = try ns.qdiscAndTCLine("veth0", .netem)
        #expect(qdisc?.description == line)
        if case .netem(let read)? = qdisc?.options {
            #expect(read.delay == .milliseconds(50) && read.jitter == .milliseconds(5) && read.rate == .mbit(1))
        } else {
            Issue.record("netem options not read back: \(String(describing: qdisc))")
        }
    }

    @Test("fq_codel with limit, target and interval")
    func fqCodel() throws {
        let ns = try TestNamespace.withVeth("codel")
        let codel = FQCoDel(limit: 1000, target: .milliseconds(5), interval: .milliseconds(100))
        guard try OptionalQdisc.add(Qdisc(.fqCodel(codel), device: "veth0"), in: ns) else { return }
        let options = try ns.tc("qdisc", "show", "dev", "veth0").first?["options"] as? [String: Any]
        #expect(options?["limit"] as? Int == 1000)
        if case .fqCodel(let read)? = try ns.net.qdiscs(dev: "veth0").first?.options {
            // CoDel keeps times in 1024 ns units: the kernel reports 5 ms as 4999 µs, as tc -j shows.
            #expect(read.limit == 1000, "\(read) vs \(options ?? [:])")
            #expect(read.target.map { wholeMicroseconds($0) } == options?["target"] as? Int, "\(read) vs \(options ?? [:])")
            #expect(read.interval.map { wholeMicroseconds($0) } == options?["interval"] as? Int, "\(read) vs \(options ?? [:])")
        } else {
            Issue.record("fq_codel options not read back")
        }
    }

    @Test("sfq with perturb")
    func sfq() throws {
        let ns = try TestNamespace.withVeth("sfq")
        guard try OptionalQdisc.add(Qdisc(.sfq(SFQ(perturb: .seconds(10))), device: "veth0"), in: ns) else { return }
        let options = try ns.tc("qdisc", "show", "dev", "veth0").first?["options"] as? [String: Any]
        #expect(options?["perturb"] as? Int == 10)
        if case .sfq(let read)? = try ns.net.qdiscs(dev: "veth0").first?.options {
            #expect(read.perturb == .seconds(10) && read.limit == options?["limit"] as? UInt32)
        } else {
            Issue.record("sfq options not read back")
        }
    }

    @Test("prio with 3 bands and tc's priomap")
    func prio() throws {
        let ns = try TestNamespace.withVeth("prio")
        guard try OptionalQdisc.add(Qdisc(.prio(Prio()), device: "veth0", handle: "1:"), in: ns) else { return }
        let (qdisc, line) = try ns.qdiscAndTCLine("veth0", .prio)
        #expect(qdisc?.description == line)
        let options = try ns.tc("qdisc", "show", "dev", "veth0").first?["options"] as? [String: Any]
        #expect(options?["bands"] as? Int == 3)
    }
}

/// A duration in whole microseconds, as tc -j prints times.
func wholeMicroseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds) * 1_000_000 + Int(duration.components.attoseconds / 1_000_000_000_000)
}
