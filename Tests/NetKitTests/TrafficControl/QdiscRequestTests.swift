import Testing
@testable import NetKit

/// Each request libnl builds (completed by TCMessageEditor) compared byte for byte with what
/// `tc` sent for the same command (TCCaptures).
@Suite("Traffic control: qdisc and class requests match what tc sends")
struct QdiscRequestTests {
    private func expectSame(
        _ command: String, _ request: NetlinkRequest, prefixOnly: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let captured = try #require(TCCaptures.messages[command], "no capture for \(command)", sourceLocation: sourceLocation)
        let expected = TCCaptures.normalized(captured)
        let sent = try TCCaptures.sent(request)
        if prefixOnly {
            // Everything up to TCA_OPTIONS equal, and libnl's options a prefix of tc's.
            let options = TCMessageEditor.topLevel(sent, TCA.options) ?? sent.count
            #expect(hexString(sent[4..<options]) == hexString(expected[4..<options]), sourceLocation: sourceLocation)
            let payload = sent.dropFirst(options + 4)
            #expect(hexString(payload) == hexString(expected.dropFirst(options + 4).prefix(payload.count)), sourceLocation: sourceLocation)
        } else {
            #expect(hexString(sent) == hexString(expected), sourceLocation: sourceLocation)
        }
    }

    private func qdisc(_ options: QdiscOptions, handle: TCHandle = .unspecified) -> Qdisc {
        Qdisc(options, device: "d0", handle: handle)
    }

    @Test("tbf add / replace / change, latency and limit forms")
    func tokenBucket() throws {
        let add = qdisc(.tbf(TokenBucket(rate: .mbit(1), burst: 10 * 1024, latency: .milliseconds(50))), handle: "1:")
        try expectSame(
            "tc qdisc add dev d0 root handle 1: tbf rate 1mbit burst 10kb latency 50ms",
            add.request(.add, link: TCCaptures.link))
        let replace = qdisc(.tbf(TokenBucket(rate: .mbit(2), burst: 20 * 1024, limit: 30000)), handle: "1:")
        try expectSame(
            "tc qdisc replace dev d0 root handle 1: tbf rate 2mbit burst 20kb limit 30000",
            replace.request(.replace, link: TCCaptures.link))
        let change = qdisc(.tbf(TokenBucket(rate: .mbit(3), burst: 20 * 1024, limit: 30000)), handle: "1:")
        try expectSame(
            "tc qdisc change dev d0 root handle 1: tbf rate 3mbit burst 20kb limit 30000",
            change.request(.change, link: TCCaptures.link))
    }

    @Test("tbf above libnl's int rate (Swift-built), and above 32 bits (TCA_TBF_RATE64)")
    func tokenBucketHighRates() throws {
        let fast = qdisc(.tbf(TokenBucket(rate: .gbit(20), burst: 1 << 20, limit: 2 << 20)))
        try expectSame("tc qdisc add dev d0 root tbf rate 20gbit burst 1mb limit 2mb", fast.request(.add, link: TCCaptures.link))
        let faster = qdisc(.tbf(TokenBucket(rate: .gbit(40), burst: 1 << 20, limit: 2 << 20)))
        try expectSame("tc qdisc add dev d0 root tbf rate 40gbit burst 1mb limit 2mb", faster.request(.add, link: TCCaptures.link))
    }

    @Test("htb qdisc and class add / change / delete")
    func htb() throws {
        try expectSame(
            "tc qdisc add dev d0 root handle 1: htb default 10",
            qdisc(.htb(HTB(defaultClass: 0x10)), handle: "1:").request(.add, link: TCCaptures.link))
        let add = TrafficClass(.htb(HTBClass(rate: .mbit(5), ceil: .mbit(10))), device: "d0", parent: "1:", classID: "1:10")
        try expectSame("tc class add dev d0 parent 1: classid 1:10 htb rate 5mbit ceil 10mbit", add.request(.add, link: TCCaptures.link))
        let change = TrafficClass(
            .htb(HTBClass(rate: .mbit(6), ceil: .mbit(10), burst: 3000, ceilBurst: 3000, priority: 1)),
            device: "d0", parent: "1:", classID: "1:10")
        try expectSame(
            "tc class change dev d0 parent 1: classid 1:10 htb rate 6mbit ceil 10mbit burst 3000 cburst 3000 prio 1",
            change.request(.change, link: TCCaptures.link))
        try expectSame(
            "tc class del dev d0 classid 1:10",
            TrafficClass(device: "d0", classID: "1:10").request(.delete, link: TCCaptures.link))
    }

    @Test("ingress, clsact, pfifo, root delete")
    func simpleKinds() throws {
        try expectSame("tc qdisc add dev d0 ingress", Qdisc.ingress(on: "d0").request(.add, link: TCCaptures.link))
        try expectSame("tc qdisc del dev d0 ingress", Qdisc.ingress(on: "d0").request(.delete, link: TCCaptures.link))
        try expectSame("tc qdisc add dev d0 clsact", Qdisc.clsact(on: "d0").request(.add, link: TCCaptures.link))
        try expectSame("tc qdisc del dev d0 clsact", Qdisc.clsact(on: "d0").request(.delete, link: TCCaptures.link))
        try expectSame(
            "tc qdisc add dev d0 root handle 1: pfifo limit 100",
            qdisc(.pfifo(PFIFO(limit: 100)), handle: "1:").request(.add, link: TCCaptures.link))
        try expectSame("tc qdisc del dev d0 root", Qdisc.root(of: "d0").request(.delete, link: TCCaptures.link))
    }

    @Test("netem: delay, jitter, loss; and duplicate, reorder and rate (rate added in Swift)")
    func netem() throws {
        try expectSame(
            "tc qdisc add dev d0 root netem delay 50ms 5ms loss 1%",
            qdisc(.netem(Netem(delay: .milliseconds(50), jitter: .milliseconds(5), loss: 1))).request(.add, link: TCCaptures.link))
        let full = Netem(delay: .milliseconds(50), jitter: .milliseconds(5), loss: 1, duplicate: 1, reorder: 25, rate: .mbit(1))
        try expectSame(
            "tc qdisc add dev d0 root netem delay 50ms 5ms loss 1% duplicate 1% reorder 25% rate 1mbit",
            qdisc(.netem(full)).request(.add, link: TCCaptures.link))
    }

    @Test("fq_codel with options")
    func fqCodel() throws {
        let codel = FQCoDel(limit: 1000, target: .milliseconds(5), interval: .milliseconds(100))
        try expectSame(
            "tc qdisc add dev d0 root fq_codel limit 1000 target 5ms interval 100ms",
            qdisc(.fqCodel(codel)).request(.add, link: TCCaptures.link))
    }

    /// Where libnl's message is a correct prefix of tc's: for sfq libnl sends `struct
    /// tc_sfq_qopt` and tc its extension `tc_sfq_qopt_v1`; for prio tc adds an empty nested
    /// attribute after `tc_prio_qopt`; for an fq_codel without options libnl sends no
    /// `TCA_OPTIONS` and tc an empty one. The kernel accepts each form.
    @Test("sfq, prio and bare fq_codel: libnl's message is a prefix of tc's")
    func prefixKinds() throws {
        try expectSame(
            "tc qdisc add dev d0 root sfq perturb 10",
            qdisc(.sfq(SFQ(perturb: .seconds(10)))).request(.add, link: TCCaptures.link), prefixOnly: true)
        try expectSame(
            "tc qdisc add dev d0 root handle 1: prio bands 3",
            qdisc(.prio(Prio()), handle: "1:").request(.add, link: TCCaptures.link), prefixOnly: true)
        try expectSame(
            "tc qdisc add dev d0 root fq_codel",
            qdisc(.fqCodel(FQCoDel())).request(.add, link: TCCaptures.link), prefixOnly: true)
    }

    @Test("dump requests: tc qdisc show dev d0, tc class show dev d0")
    func dumps() throws {
        for (command, request) in [
            ("tc qdisc show dev d0", Qdisc.dumpRequest(index: 7)),
            ("tc class show dev d0", TrafficClass.dumpRequest(index: 7)),
        ] {
            var dump = request
            dump.flags.insert(.dump)
            let captured = try #require(TCCaptures.messages[command])
            #expect(try TCCaptures.sent(dump, ack: false) == TCCaptures.normalized(captured, ack: false))
        }
    }

    @Test("an htb class without a rate is refused before libnl sees it (libnl 3.7 would abort)")
    func htbClassWithoutRate() throws {
        let bad = TrafficClass(.htb(HTBClass(rate: 0)), device: "d0", parent: "1:", classID: "1:10")
        #expect(throws: NetKitError.self) { try bad.request(.add, link: TCCaptures.link) }
        let options = TrafficClass(device: "d0", classID: "1:10")
        #expect(throws: NetKitError.self) { try options.request(.add, link: TCCaptures.link) }
    }
}
