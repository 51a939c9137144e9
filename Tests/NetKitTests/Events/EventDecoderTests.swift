@testable import NetKit
import Testing

@Suite("Events: decoding notifications")
struct EventDecoderTests {
    @Test("RTM_NEWLINK is 'added' the first time, 'changed' after; RTM_DELLINK 'removed'; peers are named")
    func linkLifecycle() throws {
        var decoder = EventDecoder(kinds: .all)
        let peer = try #require(try decoder.decode(EventMessages.link(index: 2, name: "veth1_p", up: false)))
        #expect(peer.event == .linkAdded(try #require(peer.state.flatMap { if case .link(let l) = $0 { l } else { nil } })))
        let added = try #require(try decoder.decode(EventMessages.link(index: 3, name: "veth1", parent: 2)))
        guard case .linkAdded(let link) = added.event else { Issue.record("expected linkAdded, got \(added.event)"); return }
        #expect(link.displayName == "veth1@veth1_p")
        #expect(link.parentIsDown, "the peer is down: ip prints M-DOWN")
        #expect(link.flagNames.last == "M-DOWN")
        #expect(added.key == .link(3))

        let renamed = try #require(try decoder.decode(EventMessages.link(index: 3, name: "vethx", parent: 2)))
        guard case .linkChanged(let changed) = renamed.event else { Issue.record("expected linkChanged, got \(renamed.event)"); return }
        #expect(changed.name == "vethx")

        let removed = try #require(try decoder.decode(EventMessages.link(.delLink, index: 3, name: "vethx", parent: 0)))
        guard case .linkRemoved(let gone) = removed.event else { Issue.record("expected linkRemoved, got \(removed.event)"); return }
        #expect(gone.displayName == "vethx@NONE")
        #expect(removed.state == nil)
        // Forgotten, as iproute2 forgets it: a later message about index 3 is about `if3`.
        let late = try #require(try decoder.decode(EventMessages.address(.delAddress, index: 3, [10, 0, 0, 1], prefix: 24)))
        guard case .addressRemoved(let address) = late.event else { Issue.record("expected addressRemoved"); return }
        #expect(address.interfaceName == "if3")
    }

    @Test("bridge-port messages (AF_BRIDGE) on the link group are not link events")
    func bridgePortsIgnored() throws {
        var decoder = EventDecoder(kinds: .all)
        #expect(try decoder.decode(EventMessages.link(index: 3, name: "veth1")) != nil)
        #expect(try decoder.decode(EventMessages.link(.delLink, index: 3, name: "veth1", family: 7)) == nil)
        // Still known: the next RTM_NEWLINK is a change, not an addition.
        let next = try #require(try decoder.decode(EventMessages.link(index: 3, name: "veth1", up: false)))
        if case .linkChanged = next.event {} else { Issue.record("expected linkChanged, got \(next.event)") }
    }

    @Test("kinds not asked for are followed silently (names) but not reported")
    func kindsFilter() throws {
        var decoder = EventDecoder(kinds: .routes)
        #expect(try decoder.decode(EventMessages.link(index: 4, name: "eth0")) == nil)
        #expect(try decoder.decode(EventMessages.address(index: 4, [10, 0, 0, 1], prefix: 24)) == nil)
        #expect(try decoder.decode(EventMessages.neighbour(index: 4, state: 0x80)) == nil)
        #expect(try decoder.decode(EventMessages.rule()) == nil)
        let route = try #require(try decoder.decode(EventMessages.route(device: 4)))
        guard case .routeAdded(let added) = route.event else { Issue.record("expected routeAdded"); return }
        #expect(added.device == "eth0", "the device is named from the link followed silently")
        #expect(route.event.description == "10.9.0.0/24 via 10.0.0.2 dev eth0 proto static")
        let deleted = try #require(try decoder.decode(EventMessages.route(.delRoute, device: 4)))
        #expect(deleted.event.description == "Deleted 10.9.0.0/24 via 10.0.0.2 dev eth0 proto static")
        // RTM_F_CLONED: cache entries are not routes, ip monitor skips them too.
        #expect(try decoder.decode(EventMessages.route(device: 4, flags: 0x200)) == nil)
    }

    @Test("RTM_NEWROUTE with NLM_F_REPLACE is 'changed' and keyed by the route's identity; create and IPv4 append are 'added'")
    func routeReplace() throws {
        var decoder = EventDecoder(kinds: .routes)
        _ = try decoder.decode(EventMessages.link(index: 4, name: "eth0"))
        let created = try #require(try decoder.decode(EventMessages.route(device: 4, messageFlags: [.create, .exclusive])))
        guard case .routeAdded(let old) = created.event else { Issue.record("expected routeAdded, got \(created.event)"); return }
        let replaced = try #require(try decoder.decode(EventMessages.route(device: 4, messageFlags: .replace, gateway: [10, 0, 0, 3])))
        guard case .routeChanged(let new) = replaced.event else { Issue.record("expected routeChanged, got \(replaced.event)"); return }
        #expect(new.gateway == "10.0.0.3")
        #expect(replaced.key == created.key, "the replacement is about the route it replaced")
        #expect(new.identity == old.identity)
        #expect(new.identity.description == "table main 10.9.0.0/24 tos 0 metric 0")
        #expect(
            replaced.event.description == "10.9.0.0/24 via 10.0.0.3 dev eth0 proto static", "ip monitor prints a replace like an addition")
        let appended = try #require(
            try decoder.decode(EventMessages.route(device: 4, messageFlags: [.create, .append], gateway: [10, 0, 0, 4])))
        if case .routeAdded = appended.event {} else { Issue.record("an IPv4 append adds a route of its own, got \(appended.event)") }
    }

    @Test("neighbours: added once, then changed, then removed; bridge fdb entries skipped")
    func neighbourLifecycle() throws {
        var decoder = EventDecoder(kinds: .all)
        decoder.reset(links: [], neighbours: [])
        _ = try decoder.decode(EventMessages.link(index: 3, name: "veth1"))
        let first = try #require(try decoder.decode(EventMessages.neighbour(index: 3, state: 0x80)))
        #expect(first.event.description == "10.0.0.7 dev veth1 lladdr 02:00:00:00:00:07 PERMANENT")
        if case .neighbourAdded = first.event {} else { Issue.record("expected neighbourAdded, got \(first.event)") }
        let failed = try #require(try decoder.decode(EventMessages.neighbour(index: 3, state: 0x20)))
        if case .neighbourChanged = failed.event {} else { Issue.record("expected neighbourChanged, got \(failed.event)") }
        let removed = try #require(try decoder.decode(EventMessages.neighbour(.delNeighbour, index: 3, state: 0x20)))
        if case .neighbourRemoved = removed.event {} else { Issue.record("expected neighbourRemoved, got \(removed.event)") }
        #expect(removed.event.description.hasPrefix("Deleted 10.0.0.7 dev veth1"))
        let again = try #require(try decoder.decode(EventMessages.neighbour(index: 3, state: 0x80)))
        if case .neighbourAdded = again.event {} else { Issue.record("a re-added entry is 'added' again, got \(again.event)") }
        #expect(try decoder.decode(EventMessages.neighbour(index: 3, state: 0x80, family: 7)) == nil)
    }

    @Test("a reset makes the listed links and neighbours known")
    func resetFromListing() throws {
        var decoder = EventDecoder(kinds: .all)
        var scratch = EventDecoder(kinds: .all)
        let existing = try #require(try scratch.decodeLink(EventMessages.link(index: 5, name: "eth5")))
        decoder.reset(links: [existing], neighbours: [])
        let next = try #require(try decoder.decode(EventMessages.link(index: 5, name: "eth5", up: false)))
        if case .linkChanged = next.event {} else { Issue.record("expected linkChanged, got \(next.event)") }
    }

    @Test("addresses and rules: added and removed, described as ip monitor prints them")
    func addressesAndRules() throws {
        var decoder = EventDecoder(kinds: .all)
        _ = try decoder.decode(EventMessages.link(index: 3, name: "veth1"))
        let address = try #require(try decoder.decode(EventMessages.address(index: 3, [10, 0, 0, 1], prefix: 24)))
        #expect(address.event.description == "3: veth1    inet 10.0.0.1/24 scope global")
        let removedAddress = try #require(try decoder.decode(EventMessages.address(.delAddress, index: 3, [10, 0, 0, 1], prefix: 24)))
        #expect(
            removedAddress.event
                == .addressRemoved(
                    try #require(
                        address.event.object.flatMap {
                            if case .address(let a) = $0 { a } else { nil }
                        })))
        let rule = try #require(try decoder.decode(EventMessages.rule()))
        #expect(rule.event.description == "100:\tfrom 10.1.0.0/16 lookup 100")
        let removed = try #require(try decoder.decode(EventMessages.rule(.delRule)))
        #expect(removed.event.description == "Deleted 100:\tfrom 10.1.0.0/16 lookup 100")
        #expect(removed.event.isRemoval)
    }

    @Test("malformed notifications throw a typed error, never crash")
    func malformed() throws {
        var decoder = EventDecoder(kinds: .all)
        var request = NetlinkRequest(.newRoute, flags: [], operation: "test")
        request.appendAttribute(RTA.dst, bytes: [1])  // shorter than an rtmsg
        #expect(throws: NetKitError.self) { try decoder.decode(request) }
    }
}

extension EventDecoder {
    /// The link a notification describes, as the decoder resolves it.
    mutating func decodeLink(_ request: NetlinkRequest) throws -> Link? {
        guard case .link(let link)? = try decode(request)?.state else { return nil }
        return link
    }
}
