import Foundation
@testable import NetKit
import Testing

extension EventIntegrationTests {
    @Test("16 concurrent subscribers all see the same events, in the same order")
    func manySubscribers() async throws {
        let ns = try TestNamespace("ev")
        let collectors = try (0..<16).map { _ in EventCollector(try ns.namespace.events()) }
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).count == 16)

        try ns.makeEventVeth()
        let routes = try (1...50).map { try Route(IPNetwork(parsing: "10.50.\($0).0/24"), via: "10.0.0.2") }
        await #expect(try ns.net.addRoutes(routes).allSatisfy { $0.succeeded })
        try await ns.net.addRule(RoutingRule(priority: 4242, from: "10.42.0.0/16", table: .main))

        let isMarker: (NetworkEvent) -> Bool = { if case .ruleAdded(let r) = $0 { r.priority == 4242 } else { false } }
        for collector in collectors {
            #expect(await collector.wait { $0.contains(where: isMarker) })
        }
        let reference = collectors[0].events
        #expect(
            reference.filter { if case .routeAdded(let r) = $0 { r.destination.description.hasPrefix("10.50.") } else { false } }.count
                == 50)
        for collector in collectors.dropFirst() {
            let events = collector.events
            let upToMarker = events.prefix(through: events.firstIndex(where: isMarker) ?? events.count - 1)
            #expect(Array(upToMarker) == Array(reference.prefix(upToMarker.count)))
        }

        // This test's own 16 reader threads, by id: a count of all reader threads would also
        // see the previous test's reader, which exits asynchronously after its test ended.
        let readers = collectors.map(\.subscription.control.threadID)
        #expect(Set(readers).count == 16 && readers.allSatisfy(SubscriptionProbe.threadExists))
        for collector in collectors { await collector.cancel() }
        let inodes = collectors.flatMap(\.subscription.socketInodes)
        #expect(await poll { !readers.contains(where: SubscriptionProbe.threadExists) }, "all 16 reader threads exited")
        #expect(await poll { SubscriptionProbe.openDescriptors(of: inodes).isEmpty }, "all 64 descriptors closed")
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty)
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }

    @Test("snapshot mode: list, then follow, with neither gap nor duplicate while routes churn")
    func snapshotWithoutGapOrDuplicate() async throws {
        let ns = try TestNamespace("ev")
        let net = ns.net
        try ns.makeEventVeth()
        let before = try (1...100).map { try Route(IPNetwork(parsing: "10.60.\($0).0/24"), via: "10.0.0.2") }
        await #expect(try net.addRoutes(before).allSatisfy { $0.succeeded })

        // Churn while the subscription takes its snapshot: one route at a time, so changes land
        // before, during and after the dump.
        let churn = Task.detached {
            for i in 1...400 {
                try net.addRoute(Route(IPNetwork(parsing: "10.61.\(i % 250).\(i / 250 * 16)/28"), via: "10.0.0.2"))
                // Deleted as `ip route del PREFIX` does, whichever gateway a replace left.
                if i % 4 == 0 { try net.deleteRoute(Route(IPNetwork(parsing: "10.60.\(i / 4).0/24"))) }
                // Replaced in place (one RTM_NEWROUTE with NLM_F_REPLACE, no removal): a route
                // still present, and a prefix not present yet (the replace creates it).
                if i % 4 == 2 { try net.replaceRoute(Route(IPNetwork(parsing: "10.60.\(i / 4 + 1).0/24"), via: "10.0.0.3")) }
                if i % 10 == 0 {
                    try net.replaceRoute(
                        Route(IPNetwork(parsing: "10.63.\(i / 10).0/24"), via: (i / 10 % 2 == 0 ? "10.0.0.2" : "10.0.0.3") as IPAddress))
                }
            }
        }
        try await Task.sleep(for: .milliseconds(5))
        let collector = EventCollector(try ns.namespace.events([.links, .routes], snapshot: true))
        try await churn.value
        try await net.addRule(RoutingRule(priority: 4343, from: "10.43.0.0/16", table: .main))  // not followed: .rules not asked
        let marker = try Route("10.62.0.0/24", via: "10.0.0.2")
        try await net.addRoute(marker)
        // The marker arrives live, or in the snapshot if the dump had not yet run; either way the
        // snapshot must have ended before the stream is judged.
        #expect(
            await collector.wait { events in
                events.contains { if case .snapshotComplete = $0 { true } else { false } }
                    && events.contains { if case .route(let r)? = $0.object { r.destination == marker.destination } else { false } }
            })
        await collector.cancel()
        let events = collector.events

        // Apply the stream to a model, refusing duplicates: an addition of a route (or of its
        // identity) already held, a replacement of a route not held, or a removal of one not held,
        // would mean the snapshot and the live events overlap or leave a hole.
        var model: Set<Route> = []
        var duplicates: [String] = []
        var replacements = 0
        var completeAt: Int?
        for (position, event) in events.enumerated() {
            switch event {
            case .existing(.route(let route)):
                if !model.insert(route).inserted { duplicates.append("existing twice: \(route)") }
            case .snapshotComplete:
                completeAt = position
            case .routeAdded(let route):
                if model.contains(where: { $0.identity == route.identity }) {
                    duplicates.append("added while its identity is held: \(route)")
                }
                model.insert(route)
            case .routeChanged(let route):
                let replaced = model.filter { $0.identity == route.identity }
                if replaced.count != 1 { duplicates.append("replaced \(replaced.count) routes: \(route)") }
                model.subtract(replaced)
                model.insert(route)
                replacements += 1
            case .routeRemoved(let route):
                if model.remove(route) == nil { duplicates.append("removed while absent: \(route)") }
            case .overrun:
                Issue.record("unexpected overrun with the default receive buffer")
            default:
                break
            }
        }
        let snapshotEnd = try #require(completeAt, "the snapshot was completed")
        #expect(
            events[..<snapshotEnd].allSatisfy { if case .existing = $0 { true } else { false } }, "only snapshot entries before the marker")
        #expect(!events.contains { if case .existing(.rule) = $0 { true } else { false } }, "rules were not asked for")
        #expect(duplicates.isEmpty, "\(duplicates.prefix(10))")
        // IPv4 only: the kernel adds IPv6 link-local routes on its own schedule (addrconf), which
        // may land after the marker; every IPv4 route here comes from the test.
        let kernel = await Set(try net.routes(filter: RouteFilter(family: .ipv4)))
        let modelIPv4 = model.filter { $0.family == .ipv4 }
        #expect(modelIPv4 == kernel, "no gap: the model is the kernel's table (\(modelIPv4.count) vs \(kernel.count) IPv4 routes)")
        #expect(try ns.ip("-4", "route", "show", "table", "all").count == kernel.count, "iproute2 agrees on the count")
        #expect(kernel.contains { $0.gateway == "10.0.0.3" }, "replaced routes are in the table")
        #expect(
            replacements > 0
                || kernel.filter { $0.gateway == "10.0.0.3" }.allSatisfy { r in
                    events[..<snapshotEnd].contains { $0 == .existing(.route(r)) }
                }, "replacements arrived live, or the snapshot showed them")
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }
}
