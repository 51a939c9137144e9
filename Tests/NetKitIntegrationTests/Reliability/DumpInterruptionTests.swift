import Foundation
@testable import NetKit
import Synchronization
import Testing

/// `NLM_F_DUMP_INTR`: a dump that spans many reads while other threads change the same table.
/// The kernel marks such a dump as possibly inconsistent; NetKit reads it again (at most
/// `NetlinkSocket.dumpAttempts` times) and otherwise throws `.dumpInterrupted` — a caller never
/// gets a silent partial list. These tests make the kernel interrupt dumps for real.
@Suite("Reliability: dumps interrupted by concurrent changes", .serialized)
struct DumpInterruptionTests {
    /// Creates and deletes veth pairs on its own handle until stopped: every creation and
    /// deletion changes the namespace's device list, which interrupts a link dump in progress.
    final class LinkChurn: @unchecked Sendable {
        private let stopped = Atomic<Bool>(false)
        private let finished = DispatchSemaphore(value: 0)
        private(set) var changes = 0

        init(_ net: NetlinkHandle) {
            Thread {
                var i = 0
                while !self.stopped.load(ordering: .relaxed) {
                    let name = InterfaceName(rawValue: "churn\(i % 4)")!
                    if (try? net.add(VethPair(name: name, peerName: InterfaceName(rawValue: "\(name)p")!))) != nil {
                        try? net.deleteLinks(named: [name])
                        self.changes += 2
                    }
                    i += 1
                }
                self.finished.signal()
            }.start()
        }

        func stop() {
            stopped.store(true, ordering: .relaxed)
            finished.wait()
        }
    }

    /// 200 veth pairs that stay: every dump must list each of them exactly once.
    static func stableLinks(_ ns: TestNamespace) throws -> Set<String> {
        let pairs = try (0..<200).map { try VethPair(name: InterfaceName(parsing: "s\($0)"), peerName: InterfaceName(parsing: "s\($0)p")) }
        #expect(try ns.net.addLinks(pairs).allSatisfy(\.succeeded))
        return Set(pairs.flatMap { [$0.name.rawValue, $0.peerName.rawValue] } + ["lo"])
    }

    /// A dump result is consistent when every stable link is in it exactly once and no index
    /// appears twice.
    static func checkConsistent(_ links: [Link], stable: Set<String>) {
        let names = links.map(\.name.rawValue)
        #expect(Set(links.map(\.index)).count == links.count, "an index listed twice")
        #expect(stable.isSubset(of: names), "missing: \(stable.subtracting(names).sorted().prefix(5))")
        #expect(names.filter { stable.contains($0) }.count == stable.count, "a stable link listed twice")
    }

    @Test("link dumps under concurrent link changes are re-read until consistent; the kernel really interrupted some")
    func linkDumpsAreRetried() throws {
        let ns = try TestNamespace("di")
        let stable = try Self.stableLinks(ns)
        let churn = LinkChurn(try ns.namespace.netlink())
        defer { churn.stop() }
        let before = NetlinkSocket.interruptedDumps.load(ordering: .relaxed)
        var dumps = 0
        let deadline = Date().addingTimeInterval(60)
        // Until the kernel has interrupted at least three dumps (each then read again), or a minute.
        while NetlinkSocket.interruptedDumps.load(ordering: .relaxed) - before < 3 && Date() < deadline {
            let links: [Link]
            do {
                links = try ns.net.links()
            } catch {
                // Ten interruptions in a row is possible under heavy churn: then it must be this.
                #expect(error.reason == .dumpInterrupted(attempts: NetlinkSocket.dumpAttempts))
                continue
            }
            Self.checkConsistent(links, stable: stable)
            dumps += 1
        }
        let interrupted = NetlinkSocket.interruptedDumps.load(ordering: .relaxed) - before
        print("link dumps: \(dumps) consistent results, \(interrupted) interrupted dumps re-read, \(churn.changes) concurrent link changes")
        #expect(interrupted >= 3, "the kernel interrupted no dump in a minute of churn")
    }

    @Test("with one attempt allowed, an interrupted dump is the typed error, never a partial list")
    func interruptedDumpIsTyped() throws {
        let ns = try TestNamespace("dj")
        let stable = try Self.stableLinks(ns)
        let churn = LinkChurn(try ns.namespace.netlink())
        defer { churn.stop() }
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (ip link show)")
        request.appendHeader(InterfaceInfoHeader())
        var errors = 0, results = 0
        let deadline = Date().addingTimeInterval(60)
        while errors < 3 && Date() < deadline {
            do {
                let links = try ns.net.socket.dump(request, attempts: 1) { try Link(message: $0) }
                Self.checkConsistent(links, stable: stable)
                results += 1
            } catch let error as NetKitError {
                #expect(error.reason == .dumpInterrupted(attempts: 1))
                #expect(error.operation.messageType == .getLink && error.operation.command == "ip link show")
                #expect(error.description.contains("NLM_F_DUMP_INTR"))
                errors += 1
            }
        }
        print("single-attempt link dumps: \(results) complete, \(errors) typed dumpInterrupted errors")
        #expect(errors >= 3, "no dump was interrupted in a minute of churn")
    }

    @Test("100,000 routes dumped while another thread adds and deletes routes: every stable route, each once")
    func routeDumpUnderChurn() throws {
        let ns = try TestNamespace("dr")
        try ns.upVeth("r0", peer: "r0p", addresses: ["10.0.0.1/24"])
        let stable = try (0..<100_000).map { i in
            try Route(IPNetwork(host: .v4(IPv4Address(rawValue: 0x0A01_0000 + UInt32(i)))), via: "10.0.0.2", dev: "r0", proto: .boot)
        }
        for slice in stride(from: 0, to: stable.count, by: 10_000) {
            #expect(try ns.net.addRoutes(Array(stable[slice..<slice + 10_000])).allSatisfy(\.succeeded))
        }
        let churnRoutes = try (0..<500).map { i in
            try Route(IPNetwork(host: .v4(IPv4Address(rawValue: 0x0AC8_0000 + UInt32(i)))), via: "10.0.0.2", dev: "r0", proto: .boot)
        }
        let churnNet = try ns.namespace.netlink()
        let stopped = Atomic<Bool>(false)
        let changes = Atomic<Int>(0)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            while !stopped.load(ordering: .relaxed) {
                let added = (try? churnNet.addRoutes(churnRoutes))?.filter(\.succeeded).count ?? 0
                let deleted = (try? churnNet.deleteRoutes(churnRoutes))?.filter(\.succeeded).count ?? 0
                changes.add(added + deleted, ordering: .relaxed)
            }
            finished.signal()
        }.start()
        defer { stopped.store(true, ordering: .relaxed); finished.wait() }

        let stableDestinations = Set(stable.map(\.destination))
        let before = NetlinkSocket.interruptedDumps.load(ordering: .relaxed)
        for _ in 0..<5 {
            let routes = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, proto: .boot))
            let destinations = routes.map(\.destination)
            #expect(Set(destinations).count == destinations.count, "a route listed twice")
            #expect(destinations.filter { stableDestinations.contains($0) }.count == 100_000, "a stable route missing")
            #expect(routes.count <= 100_500)
        }
        // IPv4 route dumps resume from the last key the kernel sent, so they never repeat or skip
        // a route that stays; whether the kernel also flags them is reported, not assumed.
        print(
            "100k route dumps under churn: 5 complete, \(changes.load(ordering: .relaxed)) concurrent route changes, \(NetlinkSocket.interruptedDumps.load(ordering: .relaxed) - before) interrupted dumps re-read"
        )
        #expect(changes.load(ordering: .relaxed) > 0, "the routes really changed during the dumps")
    }
}
