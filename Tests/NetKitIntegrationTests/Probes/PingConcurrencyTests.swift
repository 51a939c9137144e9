import Foundation
import NetKit
import Testing

@Suite("Ping probe (concurrency)")
struct PingConcurrencyTests {
    @Test("16 concurrent tasks ping from 16 namespaces; each reaches only its own peer; no thread stays in a namespace")
    func sixteenNamespaces() async throws {
        // 8 pairs with distinct subnets (172.19.10+i.0/24): a probe that ran in the wrong
        // namespace would find no route (or the wrong peer) and fail.
        let fixtures = try (0..<8).map { try PingFixture(subnet: 10 + $0) }
        let results = try await withThrowingTaskGroup(of: (Int, Bool, PingResult).self) { group in
            for (index, fixture) in fixtures.enumerated() {
                let subnet = 10 + index
                let (a, b) = (fixture.a.namespace, fixture.b.namespace)
                group.addTask { (index, true, try await a.ping(PingFixture.v4(subnet, 100), count: 3, interval: .milliseconds(20))) }
                group.addTask { (index, false, try await b.ping(PingFixture.v4(subnet, 101), count: 3, interval: .milliseconds(20))) }
            }
            var all: [(Int, Bool, PingResult)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 16)
        for (index, fromA, result) in results {
            let expected = PingFixture.v4(10 + index, fromA ? 100 : 101)
            #expect(result.received == 3, "pair \(index) \(fromA ? "A→B" : "B→A"): \(result)")
            #expect(result.replies.allSatisfy { $0.from == expected })
        }
        let inodes = Set(fixtures.flatMap { [$0.a.namespace.inode, $0.b.namespace.inode] })
        try waitUntil("every probe thread has exited its namespace") { threads(inNamespaces: inodes).isEmpty }
        #expect(threads(inNamespaces: inodes).isEmpty)
        // Other suites may have a namespace thread in flight right now; they finish quickly.
        try waitUntil("no thread of the process is outside the initial namespace") {
            try Namespace.threadsOutsideInitialNamespace().isEmpty
        }
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }

    @Test("8 concurrent probes in one namespace share its raw ICMP traffic but each counts only its own replies")
    func oneNamespaceManyProbes() async throws {
        let fixture = try PingFixture(subnet: 4)
        let namespace = fixture.a.namespace
        let results = try await withThrowingTaskGroup(of: PingResult.self) { group in
            for _ in 0..<8 {
                group.addTask { try await namespace.ping(PingFixture.v4(4, 100), count: 4, interval: .milliseconds(10)) }
            }
            var all: [PingResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results {
            #expect(result.socketKind == .raw)
            #expect(result.transmitted == 4)
            #expect(result.replies.map(\.sequence).sorted() == [1, 2, 3, 4])
        }
        let counters = try PingFixture.packetCounters(fixture.b, "veth1_p")
        #expect(counters.rx >= 32)
        try waitUntil("probe threads have exited") { threads(inNamespaces: [namespace.inode]).isEmpty }
    }
}
