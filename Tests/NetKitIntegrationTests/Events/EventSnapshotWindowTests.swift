import Foundation
@testable import NetKit
import Synchronization
import Testing

/// Applies snapshot-mode events to a model keyed as the kernel keys objects (a route by its
/// identity), refusing anything that would mean a gap or a duplicate.
struct EventModel {
    var objects: [ObjectKey: NetworkObject] = [:]
    var problems: [String] = []

    mutating func apply(_ event: NetworkEvent) {
        guard let object = event.object else { return }
        let key = object.key
        switch event {
        case .existing, .linkAdded, .routeAdded, .neighbourAdded, .ruleAdded:
            if let held = objects[key] { problems.append("added while present: \(event) (held: \(held), equal: \(held == object))") }
            objects[key] = object
        case .addressAdded:
            objects[key] = object  // "added or updated"
        case .linkChanged, .routeChanged, .neighbourChanged:
            if objects[key] == nil { problems.append("changed while absent: \(event)") }
            objects[key] = object
        default:
            if objects.removeValue(forKey: key) == nil { problems.append("removed while absent: \(event)") }
        }
    }
}

extension EventIntegrationTests {
    @Test("snapshot window: changes made just before the dump are dropped, changes made just after it delivered, for every kind")
    func snapshotWindowHooks() async throws {
        let ns = try TestNamespace("ev")
        let net = ns.net
        try ns.makeEventVeth()
        try await net.addRoute(Route("10.70.1.0/24", via: "10.0.0.2"))
        try await net.addRoute(Route("10.70.2.0/24", via: "10.0.0.2"))
        try await net.addNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:07"))
        let failures = Mutex<[String]>([])
        @Sendable func step(_ label: String, _ change: () throws -> Void) {
            do { try change() } catch { failures.withLock { $0.append("\(label): \(error)") } }
        }
        // Queued and shown by the dump: the window must drop them.
        let before: @Sendable () -> Void = {
            step("replace 10.70.1.0/24") { try net.replaceRoute(Route("10.70.1.0/24", via: "10.0.0.3")) }
            step("add 10.70.3.0/24") { try net.addRoute(Route("10.70.3.0/24", via: "10.0.0.2")) }
            step("add 10.0.0.51/24") { try net.addAddress(InterfaceAddress("10.0.0.51/24", dev: "veth1")) }
            step("add neighbour 10.0.0.8") { try net.addNeighbour(Neighbour("10.0.0.8", dev: "veth1", macAddress: "02:00:00:00:00:08")) }
            step("add hb0") { try net.add(VethPair(name: "hb0", peerName: "hb0_p")) }
        }
        // Queued and not shown by the dump: the window must deliver them.
        let after: @Sendable () -> Void = {
            step("replace 10.70.2.0/24") { try net.replaceRoute(Route("10.70.2.0/24", via: "10.0.0.3")) }
            step("delete 10.70.3.0/24") { try net.deleteRoute(Route("10.70.3.0/24")) }
            step("add 10.70.4.0/24") { try net.addRoute(Route("10.70.4.0/24", via: "10.0.0.2")) }
            step("delete 10.0.0.51/24") { try net.deleteAddress(InterfaceAddress("10.0.0.51/24", dev: "veth1")) }
            step("replace neighbour 10.0.0.7") {
                try net.replaceNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:09"))
            }
            step("delete hb0") { try net.deleteLink("hb0") }
        }
        let probe = SnapshotProbe(beforeDump: before, afterDump: after)
        let collector = EventCollector(
            try ns.namespace.events(
                [.links, .addresses, .routes, .neighbours], snapshot: true,
                receiveBufferSize: nil, probe: probe))
        #expect(await collector.wait { $0.contains(.snapshotComplete) })
        try await net.addRoute(Route("10.70.99.0/24", via: "10.0.0.2"))  // the marker: made after the window
        #expect(
            await collector.wait { $0.contains { if case .routeAdded(let r) = $0 { r.destination == "10.70.99.0/24" } else { false } } })
        await collector.cancel()
        #expect(collector.error == nil)
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        let events = collector.events
        let counts = probe.counts
        #expect(counts.snapshots == 1)
        #expect(counts.windowEvents >= 11, "the changes of both hooks queued up during the dump (\(counts))")
        #expect(counts.reflected >= 5, "the dump showed the changes made before it (\(counts))")

        let end = try #require(events.firstIndex(of: .snapshotComplete))
        let live = Array(events[(end + 1)...])
        // Dropped: what the snapshot already shows.
        #expect(
            events[..<end].contains {
                if case .existing(.route(let r)) = $0 { r.destination == "10.70.1.0/24" && r.gateway == "10.0.0.3" } else { false }
            })
        #expect(events[..<end].contains { if case .existing(.link(let l)) = $0 { l.name == "hb0" } else { false } })
        #expect(!live.contains { if case .routeChanged(let r) = $0 { r.destination == "10.70.1.0/24" } else { false } })
        #expect(!live.contains { if case .routeAdded(let r) = $0 { r.destination == "10.70.3.0/24" } else { false } })
        #expect(!live.contains { if case .addressAdded(let a) = $0 { a.local == "10.0.0.51/24" } else { false } })
        #expect(!live.contains { if case .neighbourAdded(let n) = $0 { n.address == "10.0.0.8" } else { false } })
        #expect(!live.contains { if case .linkAdded(let l) = $0 { l.name == "hb0" } else { false } })
        // Delivered, in order: what happened after the dump.
        expectInOrder(
            live,
            [
                ExpectedEvent(label: "10.70.2.0/24 replaced") {
                    if case .routeChanged(let r) = $0 { r.destination == "10.70.2.0/24" && r.gateway == "10.0.0.3" } else { false }
                },
                ExpectedEvent(label: "10.70.3.0/24 removed") {
                    if case .routeRemoved(let r) = $0 { r.destination == "10.70.3.0/24" } else { false }
                },
                ExpectedEvent(label: "10.70.4.0/24 added") {
                    if case .routeAdded(let r) = $0 { r.destination == "10.70.4.0/24" } else { false }
                },
                ExpectedEvent(label: "10.0.0.51/24 removed") {
                    if case .addressRemoved(let a) = $0 { a.local == "10.0.0.51/24" } else { false }
                },
                ExpectedEvent(label: "10.0.0.7 changed") {
                    if case .neighbourChanged(let n) = $0 { n.address == "10.0.0.7" && n.macAddress == "02:00:00:00:00:09" } else { false }
                },
                ExpectedEvent(label: "hb0 removed") { if case .linkRemoved(let l) = $0 { l.name == "hb0" } else { false } },
            ])

        // The stream, applied, is the kernel's state: no gap, no duplicate.
        var model = EventModel()
        for event in events { model.apply(event) }
        #expect(model.problems.isEmpty, "\(model.problems.prefix(10))")
        print("snapshot window figures: \(counts)")
        let modelRoutes = Set(model.objects.values.compactMap { if case .route(let r) = $0, r.family == .ipv4 { r } else { nil } })
        await #expect(modelRoutes == Set(try net.routes(filter: RouteFilter(family: .ipv4))))
        let modelAddresses = Set(
            model.objects.values.compactMap { if case .address(let a) = $0, a.family == .ipv4 { a.local } else { nil } })
        await #expect(modelAddresses == Set(try net.addresses(family: .ipv4).map(\.local)))
        let modelNeighbours = Set(
            model.objects.values.compactMap {
                if case .neighbour(let n) = $0, n.family == .ipv4 { "\(n.address) \(n.macAddress.map { "\($0)" } ?? "")" } else { nil }
            })
        await #expect(
            modelNeighbours == Set(try net.neighbours(family: .ipv4).map { "\($0.address) \($0.macAddress.map { "\($0)" } ?? "")" }))
        let modelLinks = Set(model.objects.values.compactMap { if case .link(let l) = $0 { l.name } else { nil } })
        await #expect(modelLinks == Set(try net.links().map(\.name)))
        #expect(try ns.ip("-4", "route", "show", "table", "all").count == modelRoutes.count, "iproute2 agrees on the count")
    }

    @Test("snapshot mode gives up with ENOBUFS and a hint when the queue overflows during every snapshot")
    func snapshotGivesUp() async throws {
        let ns = try TestNamespace("ev")
        let net = ns.net
        try ns.makeEventVeth()
        let flood = try (0..<2000).map { try Route(IPNetwork(parsing: "10.71.\($0 / 256).\($0 % 256)/32"), via: "10.0.0.2") }
        let attempts = Mutex(0)
        // Each attempt floods a 4 KiB queue between the dump and the window's read.
        let probe = SnapshotProbe(afterDump: {
            attempts.withLock { $0 += 1 }
            _ = try? net.replaceRoutes(flood)
            _ = try? net.flushRoutes(filter: RouteFilter(family: .ipv4, dev: "veth1", proto: .boot))
        })
        let threadsBefore = SubscriptionProbe.readerThreadIDs()
        let collector = EventCollector(
            try ns.namespace.events(
                .routes, snapshot: true, receiveBufferSize: 4096, probe: probe,
                snapshotAttempts: 3))
        #expect(await poll { collector.hasFinished }, "the sequence ends")
        let error = try #require(collector.error)
        #expect(error.errno == .ENOBUFS, "\(error)")
        #expect(error.description.contains("each of 3 snapshots") && error.description.contains("receiveBufferSize"), "\(error)")
        #expect(attempts.withLock { $0 } == 3)
        #expect(probe.counts.snapshots == 0, "no snapshot was delivered")
        #expect(!collector.events.contains(.snapshotComplete))
        #expect(await poll { SubscriptionProbe.newReaderThreads(since: threadsBefore).isEmpty }, "the reader thread exited")
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty)
    }

    @Test("leaving the loop with break, or by throwing, while the sequence is still held, releases thread and sockets")
    func breakAndThrowReleaseEverything() async throws {
        let ns = try TestNamespace("ev")
        try ns.makeEventVeth()
        struct Stop: Error {}
        for throwing in [false, true] {
            let threadsBefore = SubscriptionProbe.readerThreadIDs()
            let events = try ns.namespace.events([.routes], snapshot: true)
            let inodes = events.subscription.socketInodes
            #expect(await poll { events.subscription.control.threadID != 0 })
            let tid = events.subscription.control.threadID
            do {
                for try await event in events {
                    if event == .snapshotComplete {
                        if throwing { throw Stop() }
                        break
                    }
                }
            } catch is Stop {}
            // `events` is still held here: only leaving the loop (the iterator's end) stops the reader.
            #expect(await poll { !SubscriptionProbe.threadExists(tid) }, "the reader thread exited (throwing: \(throwing))")
            #expect(
                await poll { SubscriptionProbe.openDescriptors(of: inodes).isEmpty }, "all 4 descriptors closed (throwing: \(throwing))")
            #expect(await poll { SubscriptionProbe.newReaderThreads(since: threadsBefore).isEmpty })
            #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty)
            withExtendedLifetime(events) {}
        }
    }
}
