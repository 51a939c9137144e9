import NetKit
import NetKitTestSupport
import Testing

@Suite("Link batches")
struct LinkBatchTests {
    static func pairs(_ count: Int, prefix: String = "bv") throws -> [VethPair] {
        try (0..<count).map {
            try VethPair(name: InterfaceName(parsing: "\(prefix)\($0)a"), peerName: InterfaceName(parsing: "\(prefix)\($0)b"))
        }
    }

    @Test("addLinks creates every pair in batches; ip sees them all")
    func addMany() throws {
        let ns = try TestNamespace()
        let results = try ns.net.addLinks(try Self.pairs(300))
        #expect(results.count == 300)
        #expect(results.allSatisfy { $0.succeeded })
        #expect(results[299].item.name == "bv299a")
        let names = Set(try ns.ip("link", "show", "type", "veth").compactMap { $0["ifname"] as? String })
        #expect(names.count == 600)
        #expect(names.contains("bv0a") && names.contains("bv299b"))
        #expect(try ns.net.vethPeer(of: "bv150a").name == "bv150b")
    }

    @Test("a taken name fails only its own pair, with EEXIST and the pair as the object")
    func partialFailure() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "bv1b"))
        let results = try ns.net.addLinks(try Self.pairs(3))
        #expect(results.map(\.succeeded) == [true, false, true])
        let error = try #require(results[1].error)
        #expect(error.errno == .EEXIST)
        #expect(error.object.contains("bv1a type veth peer name bv1b"))
        #expect(error.operation.messageType == .newLink && error.operation.command == "ip link add")
        #expect(results[1].description.hasPrefix("bv1a type veth peer name bv1b: "))
        let names = Set(try ns.ip("link", "show").compactMap { $0["ifname"] as? String })
        #expect(names.isSuperset(of: ["bv0a", "bv0b", "bv2a", "bv2b"]) && !names.contains("bv1a"))
    }

    @Test("invalid input is thrown before anything is created")
    func invalidInput() throws {
        let ns = try TestNamespace()
        var pairs = try Self.pairs(2)
        pairs.append(VethPair(name: "bv9a", peerName: "bv9b", options: LinkOptions(mtu: 40)))
        let error = try #require(throws: NetKitError.self) { try ns.net.addLinks(pairs) }
        #expect(error.errno == nil)
        #expect(try ns.ip("link", "show", "type", "veth").isEmpty)
    }

    @Test("peers created directly in another namespace, each pair in one request of the batch")
    func peersInOtherNamespaces() throws {
        let host = try TestNamespace("h")
        let pods = try (0..<3).map { _ in try TestNamespace("p") }
        let veths = try pods.enumerated().map {
            try VethPair(name: InterfaceName(parsing: "h\($0.offset)"), peerName: "eth0", peerNamespace: $0.element.namespace)
        }
        #expect(try host.net.addLinks(veths).allSatisfy { $0.succeeded })
        for pod in pods {
            #expect(try pod.ip("link", "show", "eth0").first?["link_index"] != nil)
        }
    }

    @Test("setUp of many links in one batch; a missing one is ENODEV and the rest still go up")
    func setUpMany() throws {
        let ns = try TestNamespace()
        _ = try ns.net.addLinks(try Self.pairs(3))
        let results = try ns.net.setLinksUp(["bv0a", "nosuch0", "bv2a"])
        #expect(results.map(\.succeeded) == [true, false, true])
        #expect(results[1].error?.errno == .ENODEV)
        #expect(results[1].error?.hint == "no link named nosuch0")
        let up = Set(try ns.ip("link", "show", "up").compactMap { $0["ifname"] as? String })
        #expect(up.isSuperset(of: ["bv0a", "bv2a"]) && !up.contains("bv1a"))
    }

    @Test("deleteLinks(named:) removes many links (and their veth peers) through one link group")
    func deleteMany() throws {
        let ns = try TestNamespace()
        _ = try ns.net.addLinks(try Self.pairs(200))
        // A link already in a group other than the default must keep it, and survive.
        try ns.net.add(Bridge(name: "keep0", options: LinkOptions(group: 7)))
        let names = try (0..<150).map { try InterfaceName(parsing: "bv\($0)a") }
        let results = try ns.net.deleteLinks(named: names)
        #expect(results.count == 150 && results.allSatisfy { $0.succeeded })
        let left = try ns.ip("link", "show")
        let leftNames = Set(left.compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices)
        #expect(!leftNames.contains("bv0a") && !leftNames.contains("bv0b") && !leftNames.contains("bv149b"))
        #expect(leftNames.contains("bv150a") && leftNames.contains("bv199b") && leftNames.contains("keep0"))
        #expect(leftNames.count == 1 + 1 + 100)  // lo, keep0, 50 pairs
        #expect(left.first { $0["ifname"] as? String == "keep0" }?["group"] as? String == "7")
        #expect(left.first { $0["ifname"] as? String == "bv150a" }?["group"] as? String == "default")
    }

    @Test("deleteLinks(named:) reports a missing link as ENODEV and deletes the others")
    func deleteWithMissing() throws {
        let ns = try TestNamespace()
        _ = try ns.net.addLinks(try Self.pairs(2))
        let results = try ns.net.deleteLinks(named: ["bv0a", "gone0", "bv1b"])
        #expect(results.map(\.succeeded) == [true, false, true])
        #expect(results[1].error?.errno == .ENODEV)
        #expect(results[1].error?.isNotFound == true)
        #expect(try ns.ip("link", "show", "type", "veth").isEmpty)
    }

    @Test("a link that cannot be deleted (lo) falls back to one deletion per link")
    func deleteFallback() throws {
        let ns = try TestNamespace()
        _ = try ns.net.addLinks(try Self.pairs(2))
        let results = try ns.net.deleteLinks(named: ["bv0a", "lo", "bv1a"])
        #expect(results.map(\.succeeded) == [true, false, true])
        #expect(results[1].error?.errno == .EOPNOTSUPP)
        #expect(try ns.ip("link", "show", "type", "veth").isEmpty)
        #expect(try ns.ip("link", "show", "lo").count == 1)
    }

    @Test("an invalid name never reaches deleteLinks(named:); an empty list changes nothing")
    func deleteInvalidName() throws {
        let ns = try TestNamespace()
        _ = try ns.net.addLinks(try Self.pairs(1))
        #expect(throws: NetKitError.self) { try ns.net.deleteLinks(named: ["bv0a", InterfaceName(parsing: "bad/name")]) }
        #expect(try ns.ip("link", "show", "type", "veth").count == 2)
        #expect(try ns.net.deleteLinks(named: []).isEmpty)
    }

    @Test("setMaster(ofLinks:to:) makes each link a port; a missing one in the middle fails alone")
    func setMasterMany() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "br0"))
        _ = try ns.net.addLinks(try Self.pairs(2))
        let results = try ns.net.setMaster(ofLinks: ["bv0a", "nosuch0", "bv1a"], to: "br0")
        #expect(results.map(\.item) == ["bv0a", "nosuch0", "bv1a"])
        #expect(results.map(\.succeeded) == [true, false, true])
        let error = try #require(results[1].error)
        #expect(error.errno == .ENODEV && error.isNotFound)
        #expect(error.hint == "no link named nosuch0")
        #expect(error.object.hasPrefix("dev nosuch0 master br0"))
        #expect(results[1].description.hasPrefix("nosuch0: "))
        let ports = try ns.ip("link", "show", "master", "br0").compactMap { $0["ifname"] as? String }
        #expect(ports == ["bv0a", "bv1a"])
        #expect(try ns.net.bridgePorts(bridge: "br0").map(\.name) == ["bv0a", "bv1a"])
    }

    @Test("setMaster(ofLinks:to:) with a missing master throws before any link changes")
    func setMasterMissingMaster() throws {
        let ns = try TestNamespace()
        _ = try ns.net.addLinks(try Self.pairs(1))
        let error = try #require(throws: NetKitError.self) { try ns.net.setMaster(ofLinks: ["bv0a"], to: "nosuch0") }
        #expect(error.errno == .ENODEV)
        #expect(try ns.ip("link", "show", "bv0a").first?["master"] == nil)
        #expect(try ns.net.setMaster(ofLinks: [], to: "nosuch0").isEmpty)
    }
}
