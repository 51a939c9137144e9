import Foundation
@testable import NetKit
import NetKitTestSupport
import Testing

/// All event tests share one serialized suite: they count the process's reader threads, which
/// only these tests create.
@Suite("Events: ip monitor as an AsyncSequence", .serialized)
struct EventIntegrationTests {}

/// One expected event: what it is, and how to recognise it.
struct ExpectedEvent {
    var label: String
    var match: (NetworkEvent) -> Bool
}

/// Checks that every expectation is met, in order (other events may come in between).
func expectInOrder(_ events: [NetworkEvent], _ expected: [ExpectedEvent], sourceLocation: SourceLocation = #_sourceLocation) {
    var position = -1
    for step in expected {
        guard let found = events.firstIndex(after: position, where: step.match) else {
            let tail = events.dropFirst(max(position, 0)).map(\.description).joined(separator: "\n")
            Issue.record("no \(step.label) after event \(position); events from there:\n\(tail)", sourceLocation: sourceLocation)
            return
        }
        position = found
    }
}

extension ExpectedEvent {
    static func link(_ label: String, _ match: @escaping (NetworkEvent, Link) -> Bool) -> ExpectedEvent {
        ExpectedEvent(label: label) { event in
            guard case .link(let link)? = event.object else { return false }
            return match(event, link)
        }
    }

    static func address(_ label: String, added: Bool, _ local: IPNetwork, dev: String) -> ExpectedEvent {
        ExpectedEvent(label: label) { event in
            switch event {
            case .addressAdded(let a) where added, .addressRemoved(let a) where !added:
                return a.local == local && a.interfaceName.rawValue == dev
            default: return false
            }
        }
    }

    static func route(_ label: String, added: Bool, _ destination: IPNetwork, via gateway: IPAddress) -> ExpectedEvent {
        ExpectedEvent(label: label) { event in
            switch event {
            case .routeAdded(let r) where added, .routeRemoved(let r) where !added:
                return r.destination == destination && r.gateway == gateway && r.device == "veth1"
            default: return false
            }
        }
    }

    /// A route replaced in place: `RTM_NEWROUTE` with `NLM_F_REPLACE`.
    static func routeChanged(_ label: String, _ destination: IPNetwork, via gateway: IPAddress) -> ExpectedEvent {
        ExpectedEvent(label: label) { event in
            guard case .routeChanged(let r) = event else { return false }
            return r.destination == destination && r.gateway == gateway && r.device == "veth1"
        }
    }

    static func rule(_ label: String, added: Bool, family: AddressFamily) -> ExpectedEvent {
        ExpectedEvent(label: label) { event in
            switch event {
            case .ruleAdded(let r) where added, .ruleRemoved(let r) where !added:
                return r.priority == 100 && r.family == family && r.table == RouteTable(rawValue: 100)
            default: return false
            }
        }
    }
}

extension EventIntegrationTests {
    @Test("every kind of change arrives, in order, typed, with device names")
    func everyKindInOrder() async throws {
        let ns = try TestNamespace("ev")
        let net = ns.net
        let collector = EventCollector(try ns.namespace.events())

        try await net.add(VethPair(name: "veth1", peerName: "veth1_p"))
        let index = try await net.linkIndex(of: "veth1")
        try await net.setUp("veth1")
        try await net.setUp("veth1_p")
        try await net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "veth1"))
        try await net.addAddress(InterfaceAddress("2001:db8::1/64", dev: "veth1", noDAD: true))
        try await net.addRoute(Route("10.9.0.0/24", via: "10.0.0.2"))
        try await net.addRoute(Route("2001:db8:9::/64", via: "2001:db8::2"))
        try await net.addNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:07"))
        try await net.addRule(RoutingRule(priority: 100, from: "10.1.0.0/16", table: RouteTable(rawValue: 100)))
        try await net.addRule(RoutingRule(family: .ipv6, priority: 100, from: "2001:db8:1::/48", table: RouteTable(rawValue: 100)))
        // The kernel announces a nodad IPv6 address from queued work (after the request's ACK);
        // deleted before that work runs, it would never be announced as added. Wait for it.
        #expect(
            await collector.wait { events in
                events.contains { if case .addressAdded(let address) = $0 { address.local.description == "2001:db8::1/64" } else { false } }
            }, "the IPv6 address was announced")
        // `ip route replace`: one RTM_NEWROUTE with NLM_F_REPLACE, no removal of the old route.
        try await net.replaceRoute(Route("10.9.0.0/24", via: "10.0.0.3"))
        try await net.replaceRoute(Route("2001:db8:9::/64", via: "2001:db8::3"))
        // `ip neigh replace` with a new lladdr: the known entry changes.
        try await net.replaceNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:08"))
        try await net.addNeighbour(Neighbour("2001:db8::7", dev: "veth1", macAddress: "02:00:00:00:00:17"))
        // Cross-check the state the events describe with iproute2's view while it exists.
        let ipLink = try #require(try ns.ip("link", "show", "dev", "veth1").first)
        let ipRule = try #require(try ns.ip("rule", "show").first { ($0["priority"] as? Int) == 100 })
        let ipRoutes = try ns.ip("route", "show", "10.9.0.0/24") + ns.ip("-6", "route", "show", "2001:db8:9::/64")
        try await net.deleteRoute(Route("10.9.0.0/24", via: "10.0.0.3"))
        try await net.deleteRoute(Route("2001:db8:9::/64", via: "2001:db8::3"))
        try await net.deleteNeighbour(Neighbour("10.0.0.7", dev: "veth1"))
        try await net.deleteNeighbour(Neighbour("2001:db8::7", dev: "veth1"))
        try await net.deleteRule(RoutingRule(priority: 100))
        try await net.deleteRule(RoutingRule(family: .ipv6, priority: 100))
        try await net.deleteAddress(InterfaceAddress("10.0.0.1/24", dev: "veth1"))
        try await net.deleteAddress(InterfaceAddress("2001:db8::1/64", dev: "veth1"))
        try await net.setDown("veth1")
        try await net.rename("veth1", to: "vethx")
        try await net.deleteLink("vethx")

        let done = await collector.wait { events in
            events.contains { if case .linkRemoved(let l) = $0 { l.name == "vethx" } else { false } }
        }
        #expect(done, "the link deletion arrived")
        await collector.cancel()
        let events = collector.events
        #expect(collector.error == nil)

        expectInOrder(
            events,
            [
                .link("veth1_p added") { e, l in if case .linkAdded = e { l.name == "veth1_p" } else { false } },
                .link("veth1 added") { e, l in if case .linkAdded = e { l.name == "veth1" && l.index == index } else { false } },
                .link("veth1 up") { e, l in if case .linkChanged = e { l.name == "veth1" && l.isUp } else { false } },
                .address("10.0.0.1/24 added", added: true, "10.0.0.1/24", dev: "veth1"),
                .route("IPv4 route added", added: true, "10.9.0.0/24", via: "10.0.0.2"),
                .route("IPv6 route added", added: true, "2001:db8:9::/64", via: "2001:db8::2"),
                ExpectedEvent(label: "neighbour added") { e in
                    if case .neighbourAdded(let n) = e {
                        n.address == "10.0.0.7" && n.interfaceName == "veth1" && n.state == .permanent
                            && n.macAddress == "02:00:00:00:00:07"
                    } else {
                        false
                    }
                },
                .rule("IPv4 rule added", added: true, family: .ipv4),
                .rule("IPv6 rule added", added: true, family: .ipv6),
                .routeChanged("IPv4 route replaced", "10.9.0.0/24", via: "10.0.0.3"),
                .routeChanged("IPv6 route replaced", "2001:db8:9::/64", via: "2001:db8::3"),
                ExpectedEvent(label: "neighbour lladdr replaced") { e in
                    if case .neighbourChanged(let n) = e { n.address == "10.0.0.7" && n.macAddress == "02:00:00:00:00:08" } else { false }
                },
                ExpectedEvent(label: "IPv6 neighbour added") { e in
                    if case .neighbourAdded(let n) = e {
                        n.address == "2001:db8::7" && n.interfaceName == "veth1" && n.state == .permanent
                            && n.macAddress == "02:00:00:00:00:17"
                    } else {
                        false
                    }
                },
                .route("IPv4 route removed", added: false, "10.9.0.0/24", via: "10.0.0.3"),
                .route("IPv6 route removed", added: false, "2001:db8:9::/64", via: "2001:db8::3"),
                ExpectedEvent(label: "neighbour removed") { e in
                    if case .neighbourRemoved(let n) = e { n.address == "10.0.0.7" && n.interfaceName == "veth1" } else { false }
                },
                ExpectedEvent(label: "IPv6 neighbour removed") { e in
                    if case .neighbourRemoved(let n) = e { n.address == "2001:db8::7" && n.interfaceName == "veth1" } else { false }
                },
                .rule("IPv4 rule removed", added: false, family: .ipv4),
                .rule("IPv6 rule removed", added: false, family: .ipv6),
                .address("10.0.0.1/24 removed", added: false, "10.0.0.1/24", dev: "veth1"),
                .address("2001:db8::1/64 removed", added: false, "2001:db8::1/64", dev: "veth1"),
                .link("veth1 down") { e, l in if case .linkChanged = e { l.name == "veth1" && !l.isUp } else { false } },
                .link("renamed to vethx") { e, l in if case .linkChanged = e { l.name == "vethx" && l.index == index } else { false } },
                .link("vethx removed") { e, l in if case .linkRemoved = e { l.name == "vethx" && l.index == index } else { false } },
            ])

        // The kernel announces an IPv6 address from its addrconf work, so it may come after
        // later changes; it still comes after the link and before the address's removal.
        expectInOrder(
            events,
            [
                .link("veth1 up") { e, l in if case .linkChanged = e { l.name == "veth1" && l.isUp } else { false } },
                .address("2001:db8::1/64 added", added: true, "2001:db8::1/64", dev: "veth1"),
                .address("2001:db8::1/64 removed", added: false, "2001:db8::1/64", dev: "veth1"),
            ])

        // A neighbour deletion is a change to FAILED, then the removal — never a second "added".
        let neighbourEvents = events.filter { if case .neighbour(let n)? = $0.object { n.address == "10.0.0.7" } else { false } }
        #expect(neighbourEvents.filter { if case .neighbourAdded = $0 { true } else { false } }.count == 1)
        // A replace removes nothing: the kernel sends no RTM_DELROUTE for the replaced route,
        // and the replacement has the replaced route's identity.
        let routeEvents = events.filter { if case .route? = $0.object { true } else { false } }
        #expect(
            !routeEvents.contains {
                if case .routeRemoved(let r) = $0 { r.gateway == "10.0.0.2" || r.gateway == "2001:db8::2" } else { false }
            })
        #expect(routeEvents.filter { if case .routeChanged = $0 { true } else { false } }.count == 2)
        for case .routeChanged(let new) in routeEvents {
            let old = routeEvents.compactMap { if case .routeAdded(let r) = $0, r.destination == new.destination { r } else { nil } }
            #expect(old.map(\.identity) == [new.identity], "one addition with the identity of \(new)")
            // The replacement is what iproute2 lists afterwards.
            let listed = ipRoutes.filter { ($0["dst"] as? String) == new.destination.description }
            #expect(listed.count == 1)
            #expect(listed.first?["gateway"] as? String == new.gateway?.description)
            #expect(listed.first?["metric"] as? Int == new.metric.map(Int.init))
        }
        #expect(
            neighbourEvents.filter { if case .neighbourChanged = $0 { true } else { false } }.contains {
                $0.description == "10.0.0.7 dev veth1 lladdr 02:00:00:00:00:08 PERMANENT"
            }, "ip monitor's line for the replaced entry")
        // Exactly one "added" per link: every later RTM_NEWLINK is a change.
        let added = events.compactMap { if case .linkAdded(let l) = $0 { l.index } else { nil } }
        #expect(Set(added).count == added.count)

        // The typed values agree with iproute2's JSON of the same objects.
        let upEvent = events.compactMap { if case .linkChanged(let l) = $0, l.name == "veth1", l.isUp { l } else { nil } }.last
        #expect(upEvent.map { Int($0.index) } == ipLink["ifindex"] as? Int)
        #expect(upEvent?.macAddress?.description == ipLink["address"] as? String)
        #expect(upEvent?.mtu == (ipLink["mtu"] as? Int).map(UInt32.init))
        let ruleEvent = events.compactMap { if case .ruleAdded(let r) = $0, r.family == .ipv4 { r } else { nil } }.first
        #expect(ruleEvent?.from?.description == "\(ipRule["src"] as? String ?? "")/\(ipRule["srclen"] as? Int ?? -1)")
        await #expect(try net.links().map(\.name).withoutKernelFallbackDevices == ["lo"], "the namespace is back to its start")
    }

    @Test("cancelling the consuming task ends the sequence, stops the thread and closes every socket")
    func cancellationReleasesEverything() async throws {
        let ns = try TestNamespace("ev")
        let threadsBefore = SubscriptionProbe.readerThreadIDs()
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty)

        let collector = EventCollector(try ns.namespace.events(snapshot: true))
        let inodes = collector.subscription.socketInodes
        #expect(inodes.count == 4 && !inodes.contains(0))
        #expect(await poll { collector.subscription.control.threadID != 0 })
        let tid = collector.subscription.control.threadID
        #expect(SubscriptionProbe.threadExists(tid))
        #expect(SubscriptionProbe.newReaderThreads(since: threadsBefore) == [tid])
        #expect(SubscriptionProbe.openDescriptors(of: inodes).count == 4)
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).count == 1)
        // It is live: a change arrives (as a snapshot entry if the dump already saw it).
        try await ns.net.addRule(RoutingRule(priority: 77, from: "10.77.0.0/16", table: .main))
        #expect(await collector.wait { $0.contains { if case .rule(let r)? = $0.object { r.priority == 77 } else { false } } })

        await collector.cancel()
        #expect(collector.hasFinished)
        #expect(collector.error == nil, "cancellation ends the sequence without an error")
        #expect(await poll { !SubscriptionProbe.threadExists(tid) }, "the reader thread exited")
        #expect(await poll { SubscriptionProbe.openDescriptors(of: inodes).isEmpty }, "no descriptor of the subscription is left open")
        #expect(await poll { SubscriptionProbe.newReaderThreads(since: threadsBefore).isEmpty }, "thread count back to the baseline")
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty, "the kernel lists no subscribed socket in the namespace")
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }

    @Test("dropping a sequence that was never iterated stops its thread too")
    func droppingReleasesEverything() async throws {
        let ns = try TestNamespace("ev")
        let threadsBefore = SubscriptionProbe.readerThreadIDs()
        var inodes: [UInt64] = []
        var tid: Int32 = 0
        do {
            let events = try ns.namespace.events([.links, .routes])
            inodes = events.subscription.socketInodes
            #expect(await poll { events.subscription.control.threadID != 0 })
            tid = events.subscription.control.threadID
            try await ns.net.addRule(RoutingRule(priority: 78, from: "10.78.0.0/16", table: .main))  // nothing reads it
        }
        #expect(await poll { !SubscriptionProbe.threadExists(tid) })
        #expect(await poll { SubscriptionProbe.openDescriptors(of: inodes).isEmpty })
        #expect(await poll { SubscriptionProbe.newReaderThreads(since: threadsBefore).isEmpty })
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty)
    }

    @Test("bad arguments are refused before anything is opened, quoting the value")
    func badArguments() throws {
        let ns = try TestNamespace("ev")
        let threadsBefore = SubscriptionProbe.readerThreadIDs()
        #expect { try ns.namespace.events([]) } throws: { error in
            (error as? NetKitError)?.description.contains("no event kinds") == true
        }
        #expect { try ns.namespace.events(receiveBufferSize: 0) } throws: { error in
            (error as? NetKitError)?.description.contains("receiveBufferSize 0") == true
        }
        #expect { try ns.namespace.events(receiveBufferSize: -5) } throws: { error in
            (error as? NetKitError)?.description.contains("receiveBufferSize -5") == true
        }
        #expect(SubscriptionProbe.newReaderThreads(since: threadsBefore).isEmpty)
        #expect(try SubscriptionProbe.subscribedSockets(in: ns.namespace).isEmpty)
    }
}
