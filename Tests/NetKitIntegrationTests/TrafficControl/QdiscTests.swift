import NetKit
import Testing

@Suite("Traffic control: qdiscs, checked with tc -j")
struct QdiscTests {
    @Test("tbf add, replace, change and delete; description is tc qdisc show's line")
    func tokenBucket() throws {
        let ns = try TestNamespace.withVeth("tbf")
        let tbf = Qdisc(.tbf(TokenBucket(rate: .mbit(1), burst: 10 * 1024, latency: .milliseconds(50))), device: "veth0", handle: "1:")
        try ns.net.addQdisc(tbf)
        var json = try #require(try ns.tc("qdisc", "show", "dev", "veth0").first)
        #expect(json["kind"] as? String == "tbf" && json["handle"] as? String == "1:")
        var options = json["options"] as? [String: Any]
        #expect(options?["rate"] as? Int == 125_000 && options?["burst"] as? Int == 10240 && options?["lat"] as? Int == 50_000)
        var (qdisc, line) = try ns.qdiscAndTCLine("veth0", .tbf)
        #expect(qdisc?.description == line)
        #expect(throws: NetKitError.self) { try ns.net.addQdisc(tbf) }  // EEXIST-like: add is exclusive

        try ns.net.replaceQdisc(Qdisc(.tbf(TokenBucket(rate: .kbit(1500), burst: 1600, limit: 3000)), device: "veth0", handle: "1:"))
        (qdisc, line) = try ns.qdiscAndTCLine("veth0", .tbf)
        #expect(qdisc?.description == line && line?.contains("rate 1500Kbit burst 1599b lat 7.47ms") == true, "\(line ?? "-")")

        try ns.net.changeQdisc(Qdisc(.tbf(TokenBucket(rate: .mbit(3), burst: 20 * 1024, limit: 30000)), device: "veth0", handle: "1:"))
        json = try #require(try ns.tc("qdisc", "show", "dev", "veth0").first)
        options = json["options"] as? [String: Any]
        #expect(options?["rate"] as? Int == 375_000)
        if case .tbf(let read)? = try ns.net.qdiscs(dev: "veth0").first?.options {
            // The kernel keeps the burst as a time; tc and NetKit convert it back alike.
            #expect(read.rate == .mbit(3) && read.limit == 30000 && Int(read.burst) == options?["burst"] as? Int)
        } else {
            Issue.record("tbf options not read back: \(try ns.net.qdiscs(dev: "veth0"))")
        }

        try ns.net.deleteQdisc(.root(of: "veth0"))
        #expect(try ns.tc("qdisc", "show", "dev", "veth0").first?["kind"] as? String == "noqueue")
    }

    @Test("addQdiscs: one result per qdisc in order; a refused qdisc fails alone, the others are applied")
    func batchAdd() throws {
        let ns = try TestNamespace.withVeth("tbfbatch")
        let tbf = TokenBucket(rate: .mbit(10), burst: 32 * 1024, latency: .milliseconds(50))
        let first = Qdisc(.tbf(tbf), device: "veth0", handle: "1:")
        let again = Qdisc(.tbf(tbf), device: "veth0", handle: "2:")  // add is exclusive: refused
        let second = Qdisc(.tbf(tbf), device: "veth1", handle: "1:")
        let results = try ns.net.addQdiscs([first, again, second])
        #expect(results.map(\.item) == [first, again, second])
        #expect(results.map(\.succeeded) == [true, false, true], "\(results)")
        #expect(results[1].error?.object.contains("dev veth0") == true, "\(results[1])")
        for device in ["veth0", "veth1"] {
            let json = try #require(try ns.tc("qdisc", "show", "dev", device).first)
            #expect(json["kind"] as? String == "tbf" && json["handle"] as? String == "1:", "\(device): \(json)")
        }
        #expect(throws: NetKitError.self) { try ns.net.addQdiscs([Qdisc(.tbf(tbf), device: "nosuch0")]) }
    }

    @Test("tbf at 20 and 40 Gbit/s (above libnl's int rate; TCA_TBF_RATE64) reads back as tc shows it")
    func tokenBucketHighRates() throws {
        let ns = try TestNamespace.withVeth("tbf64")
        for rate in [Bitrate.gbit(20), .gbit(40)] {
            try ns.net.replaceQdisc(Qdisc(.tbf(TokenBucket(rate: rate, burst: 1 << 20, limit: 2 << 20)), device: "veth0"))
            let options = try ns.tc("qdisc", "show", "dev", "veth0").first?["options"] as? [String: Any]
            #expect(options?["rate"] as? Int == Int(rate.bytesPerSecond))
            let (qdisc, line) = try ns.qdiscAndTCLine("veth0", .tbf)
            #expect(qdisc?.description == line)
        }
    }

    @Test("htb with a class: tc qdisc show and tc class show lines; class change and delete")
    func htb() throws {
        let ns = try TestNamespace.withVeth("htb")
        try ns.net.addQdisc(Qdisc(.htb(HTB(defaultClass: 0x10)), device: "veth0", handle: "1:"))
        let (qdisc, line) = try ns.qdiscAndTCLine("veth0", .htb)
        // direct_packets_stat counts packets (IPv6 solicitations …) and may grow between reads.
        func stable(_ text: String?) -> String? { text?.components(separatedBy: " direct_packets_stat").first }
        #expect(stable(qdisc?.description) == stable(line) && line?.contains("direct_packets_stat") == true)
        let options = try ns.tc("qdisc", "show", "dev", "veth0").first?["options"] as? [String: Any]
        #expect(options?["default"] as? String == "0x10" && options?["r2q"] as? Int == 10)

        try ns.net.addClass(TrafficClass(.htb(HTBClass(rate: .mbit(5), ceil: .mbit(10))), device: "veth0", parent: "1:", classID: "1:10"))
        var classes = try ns.net.classes(dev: "veth0")
        var tcLines = try ns.tcLines("class", "show", "dev", "veth0")
        #expect(classes.count == 1 && tcLines.count == 1)
        #expect(classes.first?.description.replacingOccurrences(of: " dev veth0", with: "") == tcLines.first)

        try ns.net.changeClass(
            TrafficClass(
                .htb(HTBClass(rate: .mbit(6), ceil: .mbit(10), burst: 3000, ceilBurst: 3000, priority: 1)),
                device: "veth0", parent: "1:", classID: "1:10"))
        classes = try ns.net.classes(dev: "veth0")
        tcLines = try ns.tcLines("class", "show", "dev", "veth0")
        #expect(classes.first?.description.replacingOccurrences(of: " dev veth0", with: "") == tcLines.first)
        #expect(tcLines.first?.contains("prio 1 rate 6Mbit ceil 10Mbit") == true, "\(tcLines)")

        try ns.net.deleteClass(TrafficClass(device: "veth0", classID: "1:10"))
        #expect(try ns.net.classes(dev: "veth0").isEmpty)
        #expect(try ns.tcLines("class", "show", "dev", "veth0").isEmpty)
    }

    @Test("ingress and clsact: parent ffff:fff1, handle ffff:, as tc shows them; delete")
    func ingressAndClsact() throws {
        let ns = try TestNamespace.withVeth("ingr")
        try ns.net.addQdisc(.ingress(on: "veth0"))
        var (qdisc, line) = try ns.qdiscAndTCLine("veth0", .ingress)
        #expect(qdisc?.description == line && line == "qdisc ingress ffff: dev veth0 parent ffff:fff1 ----------------")
        let json = try ns.tc("qdisc", "show", "dev", "veth0").first { $0["kind"] as? String == "ingress" }
        #expect(json?["parent"] as? String == "ffff:fff1" && json?["handle"] as? String == "ffff:")
        try ns.net.deleteQdisc(.ingress(on: "veth0"))
        #expect(try ns.net.qdiscs(dev: "veth0").allSatisfy { $0.kind != .ingress })

        try ns.net.addQdisc(.clsact(on: "veth1"))
        (qdisc, line) = try ns.qdiscAndTCLine("veth1", .clsact)
        #expect(qdisc?.description == line && line == "qdisc clsact ffff: dev veth1 parent ffff:fff1")
        try ns.net.deleteQdisc(.clsact(on: "veth1"))
        #expect(try ns.tc("qdisc", "show", "dev", "veth1").allSatisfy { $0["kind"] as? String != "clsact" })
    }

    @Test("pfifo under root, and every qdisc of the namespace listed as tc qdisc show lists them")
    func pfifoAndList() throws {
        let ns = try TestNamespace.withVeth("fifo")
        try ns.net.addQdisc(Qdisc(.pfifo(PFIFO(limit: 100)), device: "veth0", handle: "1:"))
        try ns.net.addQdisc(.ingress(on: "veth1"))
        let ours = try ns.net.qdiscs().map(\.description)
        let theirs = try ns.tcLines("qdisc", "show")
        #expect(ours == theirs)
        #expect(ours.contains { $0.hasPrefix("qdisc pfifo 1: dev veth0 root refcnt ") && $0.hasSuffix(" limit 100p") }, "\(ours)")
    }

    @Test("errors: missing device, delete of nothing, invalid tbf and prio options")
    func errors() throws {
        let ns = try TestNamespace.withVeth("tcerr")
        let missing = Qdisc(.pfifo(PFIFO()), device: "nosuch0")
        #expect { try ns.net.addQdisc(missing) } throws: { ($0 as? NetKitError)?.isNotFound == true }
        #expect { try ns.net.deleteQdisc(.ingress(on: "veth0")) } throws: { error in
            guard let error = error as? NetKitError, case .kernel = error.reason else { return false }
            return error.description.contains("RTM_DELQDISC (tc qdisc del)") && error.kernelMessage != nil
        }
        #expect { try ns.net.addQdisc(Qdisc(.tbf(TokenBucket(rate: 0, burst: 1000, limit: 1000)), device: "veth0")) } throws: { error in
            guard case .invalidInput? = (error as? NetKitError)?.reason else { return false }
            return true
        }
        #expect(throws: NetKitError.self) { try ns.net.addQdisc(Qdisc(.prio(Prio(bands: 1)), device: "veth0")) }
    }
}
