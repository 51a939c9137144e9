import Foundation
@testable import NetKit
import Testing

extension EventIntegrationTests {
    @Test(
        "a subscription sees only its namespace: a link moved out is .linkRemoved, moved in is .linkAdded, changes elsewhere are not seen")
    func namespaceIsolation() async throws {
        let a = try TestNamespace("ev")
        let b = try TestNamespace("ev")
        let inA = EventCollector(try a.namespace.events())
        let inB = EventCollector(try b.namespace.events([.links]))
        try await a.net.add(VethPair(name: "mv0", peerName: "mv0_p"))
        let indexInA = try await a.net.linkIndex(of: "mv0")
        try await a.net.move("mv0", to: b.namespace)
        // Changes in B only: a link, an address and a route on the moved link, a rule.
        try await b.net.setUp("mv0")
        try await b.net.addAddress(InterfaceAddress("10.88.0.1/24", dev: "mv0"))
        try await b.net.addRoute(Route("10.89.0.0/24", via: "10.88.0.2"))
        try await b.net.add(VethPair(name: "onlyb0", peerName: "onlyb0_p"))
        try await b.net.addRule(RoutingRule(priority: 4243, from: "10.89.0.0/24", table: .main))
        // A marker in A, made after everything in B.
        try await a.net.addRule(RoutingRule(priority: 4242, from: "10.42.0.0/16", table: .main))
        #expect(await inA.wait { $0.contains { if case .ruleAdded(let r) = $0 { r.priority == 4242 } else { false } } })
        #expect(await inB.wait { $0.contains { if case .linkAdded(let l) = $0 { l.name == "onlyb0" } else { false } } })
        await inA.cancel()
        await inB.cancel()
        #expect(inA.error == nil && inB.error == nil)

        let eventsA = inA.events
        expectInOrder(
            eventsA,
            [
                .link("mv0 added in A") { e, l in if case .linkAdded = e { l.name == "mv0" && l.index == indexInA } else { false } },
                .link("mv0 removed from A (moved)") { e, l in
                    if case .linkRemoved = e { l.name == "mv0" && l.index == indexInA } else { false }
                },
            ])
        let leaked = eventsA.filter { event in
            let text = event.description
            return text.contains("onlyb0") || text.contains("10.88.0.") || text.contains("10.89.0.") || text.hasPrefix("4243:")
        }
        #expect(leaked.isEmpty, "A saw B's changes: \(leaked.map(\.description))")
        // B saw the link arrive (moved in) and its own new link; the name B gives the moved link is its own.
        let eventsB = inB.events
        #expect(eventsB.contains { if case .linkAdded(let l) = $0 { l.name == "mv0" } else { false } }, "mv0 arrives in B as added")
        #expect(!eventsB.contains { if case .link(let l)? = $0.object { l.name == "mv0_p" } else { false } }, "B does not see A's peer")
        await #expect(try a.net.links().map(\.name).contains("mv0") == false)
    }
}
