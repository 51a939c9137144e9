import Foundation
import NetKit
import Testing

@Suite("Neighbours: add, replace, delete, list, proxy")
struct NeighbourIntegrationTests {
    /// `ip -j neigh show nud all` entries for `address`.
    private func ipEntry(_ ns: TestNamespace, _ address: String, proxy: Bool = false) throws -> [String: Any]? {
        let entries = proxy ? try ns.ip("neigh", "show", "proxy") : try ns.ip("neigh", "show", "nud", "all")
        return entries.first { $0["dst"] as? String == address }
    }

    private func expectSameFields(_ neighbour: Neighbour, _ json: [String: Any]?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let json else { Issue.record("ip does not show \(neighbour.address)", sourceLocation: sourceLocation); return }
        #expect(json["dst"] as? String == neighbour.address.description, sourceLocation: sourceLocation)
        #expect(json["dev"] as? String == neighbour.interfaceName.rawValue, sourceLocation: sourceLocation)
        #expect(json["lladdr"] as? String == neighbour.macAddress?.description, sourceLocation: sourceLocation)
        #expect((json["state"] as? [String] ?? []) == neighbour.state.names, sourceLocation: sourceLocation)
        #expect(json.keys.contains("router") == neighbour.isRouter, sourceLocation: sourceLocation)
        #expect(json.keys.contains("proxy") == neighbour.isProxy, sourceLocation: sourceLocation)
    }

    @Test("permanent, stale and IPv6 router entries: kernel state, ip -j neigh and ip neigh text agree")
    func addAndCompare() throws {
        let ns = try TestNamespace("n")
        try ns.makeVethPair()
        try ns.net.addNeighbour(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:07"))
        try ns.net.addNeighbour(Neighbour("10.0.0.8", dev: "d0", macAddress: "02:00:00:00:00:08", state: .stale, router: true))
        try ns.net.addNeighbour(Neighbour("2001:db8::7", dev: "d0", macAddress: "02:00:00:00:00:17", state: .reachable, router: true))
        try ns.net.addNeighbour(Neighbour("10.0.0.12", dev: "d0", state: .incomplete))

        let mine: Set<IPAddress> = ["10.0.0.7", "10.0.0.8", "2001:db8::7", "10.0.0.12"]
        let neighbours = try ns.net.neighbours(dev: "d0").filter { mine.contains($0.address) }
        #expect(neighbours.count == 4)
        let byAddress = Dictionary(uniqueKeysWithValues: neighbours.map { ($0.address, $0) })
        #expect(byAddress["10.0.0.7"]?.description == "10.0.0.7 dev d0 lladdr 02:00:00:00:00:07 PERMANENT")
        #expect(byAddress["10.0.0.8"]?.description == "10.0.0.8 dev d0 lladdr 02:00:00:00:00:08 router STALE")
        #expect(byAddress["10.0.0.12"]?.description == "10.0.0.12 dev d0 INCOMPLETE")
        #expect(byAddress["10.0.0.7"]?.macAddress == "02:00:00:00:00:07")
        #expect(byAddress["10.0.0.7"]?.state == .permanent)
        let v6 = try #require(byAddress["2001:db8::7"])
        #expect(v6.isRouter)
        #expect(v6.family == .ipv6)

        // ip neigh text for the same entries (unfiltered, so ip prints "dev d0" too).
        let ipLines = try ns.trimmedLines("neigh", "show", "nud", "all").filter { line in
            mine.contains { line.hasPrefix("\($0) ") }
        }
        #expect(Set(ipLines) == Set(neighbours.map(\.description)))
        for neighbour in neighbours { expectSameFields(neighbour, try ipEntry(ns, neighbour.address.description)) }

        #expect(try ns.net.neighbours(dev: "d0", family: .ipv6).allSatisfy { $0.family == .ipv6 })
        #expect(try ns.net.neighbours(family: .ipv4).contains { $0.address == "10.0.0.7" && $0.interfaceName == "d0" })
        #expect(try ns.net.neighbours(dev: "d1").allSatisfy { !mine.contains($0.address) })
    }

    @Test("add twice is a typed EEXIST; replace updates; delete removes; a missing entry is a typed not-found")
    func lifecycle() throws {
        let ns = try TestNamespace("n")
        try ns.makeVethPair()
        try ns.net.addNeighbour(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:07"))
        let exists = try #require(throws: NetKitError.self) {
            try ns.net.addNeighbour(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:07"))
        }
        #expect(exists.isAlreadyExists)
        #expect(exists.operation.messageType == .newNeighbour && exists.operation.command == "ip neigh add")

        try ns.net.replaceNeighbour(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:99", state: .reachable))
        try ns.net.replaceNeighbour(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:99", state: .reachable))
        let replaced = try #require(try ns.net.neighbours(dev: "d0").first { $0.address == "10.0.0.7" })
        #expect(replaced.macAddress == "02:00:00:00:00:99")
        expectSameFields(replaced, try ipEntry(ns, "10.0.0.7"))

        try ns.net.replaceNeighbour(Neighbour("10.0.0.9", dev: "d0", macAddress: "02:00:00:00:00:09"))
        #expect(try ipEntry(ns, "10.0.0.9")?["state"] as? [String] == ["PERMANENT"])

        try ns.net.deleteNeighbour(Neighbour("10.0.0.7", dev: "d0"))
        #expect(try ns.net.neighbours(dev: "d0").contains { $0.address == "10.0.0.7" } == false)
        #expect(try ipEntry(ns, "10.0.0.7") == nil)
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteNeighbour(Neighbour("10.0.0.7", dev: "d0")) }
        #expect(missing.isNotFound)
        #expect(missing.errno == .ENOENT)
    }

    @Test("IPv6 (NDP): permanent entry added, replaced, deleted, each checked with ip -j -6 neigh")
    func ipv6Lifecycle() throws {
        let ns = try TestNamespace("n")
        try ns.makeVethPair()
        func ip6(_ address: String) throws -> [String: Any]? {
            try ns.ip("-6", "neigh", "show", "nud", "all").first { $0["dst"] as? String == address }
        }
        try ns.net.addNeighbour(Neighbour("2001:db8::70", dev: "d0", macAddress: "02:00:00:00:00:70"))
        let added = try #require(try ns.net.neighbours(dev: "d0", family: .ipv6).first { $0.address == "2001:db8::70" })
        #expect(added.state == .permanent && added.family == .ipv6)
        #expect(added.description == "2001:db8::70 dev d0 lladdr 02:00:00:00:00:70 PERMANENT")
        expectSameFields(added, try ip6("2001:db8::70"))
        let exists = try #require(throws: NetKitError.self) {
            try ns.net.addNeighbour(Neighbour("2001:db8::70", dev: "d0", macAddress: "02:00:00:00:00:70"))
        }
        #expect(exists.isAlreadyExists)

        try ns.net.replaceNeighbour(Neighbour("2001:db8::70", dev: "d0", macAddress: "02:00:00:00:00:71", router: true))
        let replaced = try #require(try ns.net.neighbours(dev: "d0", family: .ipv6).first { $0.address == "2001:db8::70" })
        #expect(replaced.macAddress == "02:00:00:00:00:71" && replaced.isRouter && replaced.state == .permanent)
        expectSameFields(replaced, try ip6("2001:db8::70"))
        #expect(try ns.trimmedLines("-6", "neigh", "show", "nud", "all").contains(replaced.description))

        try ns.net.deleteNeighbour(Neighbour("2001:db8::70", dev: "d0"))
        #expect(try ip6("2001:db8::70") == nil)
        #expect(try ns.net.neighbours(family: .ipv6).contains { $0.address == "2001:db8::70" } == false)
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteNeighbour(Neighbour("2001:db8::70", dev: "d0")) }
        #expect(missing.isNotFound)
    }

    @Test("proxy entries: ip neigh add proxy, show proxy, del proxy")
    func proxy() throws {
        let ns = try TestNamespace("n")
        try ns.makeVethPair()
        try ns.net.addNeighbour(Neighbour("10.0.0.9", dev: "d0", proxy: true))
        try ns.net.addNeighbour(Neighbour("2001:db8::9", dev: "d1", proxy: true))
        let proxies = try ns.net.proxyNeighbours()
        #expect(Set(proxies.map(\.description)) == ["10.0.0.9 dev d0 proxy", "2001:db8::9 dev d1 proxy"])
        #expect(proxies.allSatisfy { $0.isProxy })
        #expect(Set(try ns.trimmedLines("neigh", "show", "proxy")) == Set(proxies.map(\.description)))
        for proxy in proxies { expectSameFields(proxy, try ipEntry(ns, proxy.address.description, proxy: true)) }
        #expect(try ns.net.proxyNeighbours(dev: "d0").map(\.address) == ["10.0.0.9"])
        #expect(try ns.net.proxyNeighbours(family: .ipv6).map(\.address) == ["2001:db8::9"])
        #expect(try ns.net.neighbours().contains { $0.address == "10.0.0.9" } == false)

        // The kernel treats proxy creation as idempotent (NLM_F_EXCL is ignored for proxies).
        try ns.net.addNeighbour(Neighbour("10.0.0.9", dev: "d0", proxy: true))
        #expect(try ns.net.proxyNeighbours(dev: "d0").count == 1)
        try ns.net.deleteNeighbour(Neighbour("10.0.0.9", dev: "d0", proxy: true))
        #expect(try ns.ip("neigh", "show", "proxy").compactMap { $0["dst"] as? String } == ["2001:db8::9"])
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteNeighbour(Neighbour("10.0.0.9", dev: "d0", proxy: true)) }
        #expect(missing.isNotFound)
    }

    @Test("entries read back are requests: neighbours(dev:) and proxyNeighbours(dev:) results delete exactly themselves")
    func listedEntriesDelete() throws {
        let ns = try TestNamespace("n")
        try ns.makeVethPair()
        try ns.net.addNeighbour(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:07", state: .stale, router: true))
        try ns.net.addNeighbour(Neighbour("10.0.0.8", dev: "d0", macAddress: "02:00:00:00:00:08"))
        try ns.net.addNeighbour(Neighbour("10.0.0.9", dev: "d0", proxy: true))
        let stale = try #require(try ns.net.neighbours(dev: "d0").first { $0.address == "10.0.0.7" })
        #expect(stale.macAddress == "02:00:00:00:00:07" && stale.hardwareAddress == [2, 0, 0, 0, 0, 7])
        try ns.net.deleteNeighbour(stale)
        #expect(try ipEntry(ns, "10.0.0.7") == nil)
        #expect(try ipEntry(ns, "10.0.0.8") != nil)
        let proxy = try #require(try ns.net.proxyNeighbours(dev: "d0").first)
        try ns.net.deleteNeighbour(proxy)
        #expect(try ns.ip("neigh", "show", "proxy").isEmpty)
        #expect(try ipEntry(ns, "10.0.0.8") != nil)
    }

    @Test("a permanent entry without lladdr is refused before the kernel half-creates it")
    func permanentWithoutLLAddr() throws {
        let ns = try TestNamespace("n")
        try ns.makeVethPair()
        let error = try #require(throws: NetKitError.self) { try ns.net.addNeighbour(Neighbour("10.0.0.20", dev: "d0")) }
        guard case .invalidInput = error.reason else { Issue.record("expected invalid input, got \(error)"); return }
        #expect(error.description.contains("lladdr"))
        #expect(try ipEntry(ns, "10.0.0.20") == nil)
        #expect(try ns.net.neighbours().contains { $0.address == "10.0.0.20" } == false)

        let missing = try #require(throws: NetKitError.self) {
            try ns.net.addNeighbour(Neighbour("10.0.0.21", dev: "nosuch0", macAddress: "02:00:00:00:00:01"))
        }
        #expect(missing.isNotFound)
        #expect(missing.operation.messageType == .newNeighbour && missing.operation.command == "ip neigh add")
    }
}
