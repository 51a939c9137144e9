import NetKit
import Testing

@Suite("Link settings")
struct LinkSettingsTests {
    @Test("up/down, MTU, MAC, alias, group, rename — each checked against ip -j link")
    func settings() throws {
        let ns = try TestNamespace()
        try ns.net.add(Bridge(name: "d0"))
        try ns.net.setUp("d0")
        #expect(try ns.net.link(named: "d0").isUp)
        #expect((try ns.ip("link", "show", "d0").first?["flags"] as? [String])?.contains("UP") == true)

        try ns.net.setMTU("d0", to: 9000)
        let mac: MACAddress = "02:11:22:33:44:55"
        try ns.net.setMACAddress("d0", to: mac)
        try ns.net.setAlias("d0", to: "calico test")
        try ns.net.setGroup("d0", to: 7)
        let link = try ns.net.link(named: "d0")
        let ip = try #require(try ns.ip("link", "show", "d0").first)
        #expect(link.mtu == 9000 && ip["mtu"] as? Int == 9000)
        #expect(link.macAddress == mac && ip["address"] as? String == "02:11:22:33:44:55")
        #expect(link.alias == "calico test" && ip["ifalias"] as? String == "calico test")
        #expect(link.group == 7 && ip["group"] as? String == "7")

        try ns.net.setDown("d0")
        #expect(try ns.net.link(named: "d0").isUp == false)
        #expect((try ns.ip("link", "show", "d0").first?["flags"] as? [String])?.contains("UP") == false)
        try ns.net.rename("d0", to: "d1")
        #expect(try ns.net.link(named: "d1").index == link.index)
        #expect(try ns.ip("link", "show", "d1").first?["ifindex"] as? Int == Int(link.index))
        #expect(try ns.net.link(named: "d1").isUp == false)
    }

    @Test("the MTU the kernel refuses is a kernel error, a tiny one is rejected up front")
    func mtuErrors() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "va", peerName: "vb"))
        let tooBig = try #require(throws: NetKitError.self) { try ns.net.setMTU("va", to: 70000) }
        #expect(tooBig.errno == .EINVAL)
        let tooSmall = try #require(throws: NetKitError.self) { try ns.net.setMTU("va", to: 10) }
        if case .invalidInput = tooSmall.reason {} else { Issue.record("expected invalidInput: \(tooSmall)") }
    }

    @Test("move a link into another namespace; to a deleted one is a clear error")
    func moveBetweenNamespaces() throws {
        let a = try TestNamespace("a")
        let b = try TestNamespace("b")
        try a.net.add(VethPair(name: "mv0", peerName: "mv0p"))
        try a.net.move("mv0", to: b.namespace)
        #expect(try a.net.links().map(\.name).contains("mv0") == false)
        #expect(try b.net.link(named: "mv0").kind == .veth)
        #expect(try b.net.link(named: "mv0").linkNetnsID != nil)
        try a.net.add(Bridge(name: "br0"))
        let local = try #require(throws: NetKitError.self) { try a.net.move("br0", to: b.namespace) }
        #expect(local.errno == .EINVAL)
        #expect(local.hint?.contains("namespace-local") == true)
        #expect(try b.ip("link", "show", "mv0").count == 1)

        let goneName = TestNamespace.uniqueName("gone")
        let gone = try Namespace.create(named: goneName)
        try Namespace.delete(named: goneName)
        try a.net.add(VethPair(name: "mv1", peerName: "mv1p"))
        let error = try #require(throws: NetKitError.self) { try a.net.move("mv1", to: gone) }
        #expect(error.errno == .ENOENT)
        #expect(error.hint?.contains("deleted") == true)
        #expect(try a.net.link(named: "mv1").name == "mv1")
    }

    @Test("delete one link, and many at once by group")
    func delete() throws {
        let ns = try TestNamespace()
        // What a fresh namespace holds depends on the kernel (tunl0 where ipip is loaded).
        let fresh = try ns.net.links().map(\.name)
        for i in 0..<5 { try ns.net.add(Bridge(name: InterfaceName(parsing: "g\(i)"), options: LinkOptions(group: 42))) }
        try ns.net.add(Bridge(name: "keep0"))
        try ns.net.deleteLink("keep0")
        #expect(try ns.net.links().map(\.name).contains("keep0") == false)
        try ns.net.deleteLinks(inGroup: 42)
        #expect(try ns.net.links().map(\.name) == fresh)
        #expect(try ns.ip("link", "show").count == fresh.count)
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteLink("keep0") }
        #expect(missing.isNotFound)
        // A group no link is in: the kernel answers ENODEV, and nothing else goes.
        let emptyGroup = try #require(throws: NetKitError.self) { try ns.net.deleteLinks(inGroup: 42) }
        #expect(emptyGroup.errno == .ENODEV && emptyGroup.isNotFound)
        #expect(try ns.ip("link", "show").count == fresh.count)
    }

    @Test("NetKit's link list matches ip -j -d link field by field")
    func listMatchesIP() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "va", peerName: "vb"))
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(Bridge(name: "br1", stp: true))
        try ns.net.setMaster("va", to: "br0")
        let links = try ns.net.links()
        let ip = try ns.ip("-d", "link", "show")
        #expect(links.count == ip.count)
        for (link, entry) in zip(links, ip) {
            #expect(entry["ifname"] as? String == link.name.rawValue)
            #expect(entry["ifindex"] as? Int == Int(link.index))
            #expect(entry["mtu"] as? Int == Int(link.mtu))
            #expect(entry["flags"] as? [String] == link.flagNames)
            #expect(entry["operstate"] as? String == link.operationalState.description)
            #expect(entry["link_type"] as? String == link.hardwareType.name)
            let kind = (entry["linkinfo"] as? [String: Any])?["info_kind"] as? String
            if link.kind != .loopback { #expect(kind == link.kind.description) }
            if let master = entry["master"] as? String {
                #expect(links.first { $0.index == link.masterIndex }?.name.rawValue == master)
            }
        }
    }
}
