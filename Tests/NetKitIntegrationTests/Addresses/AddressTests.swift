import Foundation
import NetKit
import Testing

@Suite("Addresses: add, replace, delete, list, flush")
struct AddressTests {
    /// The `addr_info` objects of `ip -j addr show dev DEV`.
    private func ipAddresses(_ ns: TestNamespace, dev: String) throws -> [[String: Any]] {
        try ns.ip("addr", "show", "dev", dev).first?["addr_info"] as? [[String: Any]] ?? []
    }

    /// Every field NetKit reports checked against iproute2's JSON for the same address.
    private func expectSameFields(_ address: InterfaceAddress, _ json: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(json["family"] as? String == address.family.description, sourceLocation: sourceLocation)
        #expect(json["local"] as? String == address.address.description, sourceLocation: sourceLocation)
        #expect(json["prefixlen"] as? Int == Int(address.prefixLength), sourceLocation: sourceLocation)
        #expect(json["address"] as? String == address.peer?.description, sourceLocation: sourceLocation)
        #expect(json["broadcast"] as? String == address.broadcast?.description, sourceLocation: sourceLocation)
        #expect(json["scope"] as? String == address.scope.description, sourceLocation: sourceLocation)
        #expect(json["label"] as? String == address.label, sourceLocation: sourceLocation)
        #expect(json["metric"] as? Int == address.metric.map(Int.init), sourceLocation: sourceLocation)
        #expect((json["dynamic"] as? Bool ?? false) == !address.isPermanent, sourceLocation: sourceLocation)
        #expect((json["noprefixroute"] as? Bool ?? false) == address.flags.contains(.noPrefixRoute), sourceLocation: sourceLocation)
        #expect((json["nodad"] as? Bool ?? false) == address.flags.contains(.noDAD), sourceLocation: sourceLocation)
        #expect((json["secondary"] as? Bool ?? false) == address.isSecondary, sourceLocation: sourceLocation)
        if let lifetime = address.lifetime, lifetime == .forever {
            #expect(json["valid_life_time"] as? Int == Int(UInt32.max), sourceLocation: sourceLocation)
            #expect(json["preferred_life_time"] as? Int == Int(UInt32.max), sourceLocation: sourceLocation)
        }
    }

    /// The address lines and lifetime lines of `ip addr show dev DEV`.
    private func ipText(_ ns: TestNamespace, dev: String) throws -> (addresses: [String], lifetimes: [String]) {
        let lines = try ns.trimmedLines("addr", "show", "dev", dev)
        return (lines.filter { $0.hasPrefix("inet") }, lines.filter { $0.hasPrefix("valid_lft") })
    }

    @Test("ip addr add … brd + and an IPv6 nodad address: same state, JSON and ip addr text")
    func addIPv4AndIPv6() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "d0", broadcast: .computed))
        try ns.net.addAddress(InterfaceAddress("2001:db8::1/64", dev: "d0", noDAD: true))

        let addresses = try ns.net.addresses(dev: "d0")
        #expect(
            addresses.map(\.description) == [
                "inet 172.19.0.100/24 brd 172.19.0.255 scope global d0",
                "inet6 2001:db8::1/64 scope global nodad",
            ])
        let text = try ipText(ns, dev: "d0")
        #expect(text.addresses == addresses.map(\.description))
        #expect(text.lifetimes == addresses.compactMap { $0.lifetime?.description })
        #expect(text.lifetimes == ["valid_lft forever preferred_lft forever", "valid_lft forever preferred_lft forever"])

        let json = try ipAddresses(ns, dev: "d0")
        try #require(json.count == addresses.count)
        for (address, entry) in zip(addresses, json) { expectSameFields(address, entry) }
        let d0 = try ns.net.linkIndex(of: "d0")
        #expect(addresses.allSatisfy { $0.interfaceIndex == d0 && $0.interfaceName == "d0" })
        #expect(addresses[0].local.hasHostBits)
    }

    @Test("addresses read back are requests: replaceAddress and deleteAddress take what addresses(dev:) returns")
    func listedAddressesAsRequests() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "d0", broadcast: .computed, metric: 7))
        try ns.net.addAddress(InterfaceAddress("172.19.0.101/24", dev: "d0"))
        try ns.net.addAddress(InterfaceAddress("2001:db8::1/64", dev: "d0", noDAD: true))
        let listed = try ns.net.addresses(dev: "d0")
        // Sending each back unchanged (kernel flags such as permanent and secondary included,
        // and IPv6 link-local scopes) leaves the device as it was.
        for address in listed { try ns.net.replaceAddress(address) }
        // (Link-local lines are left out of the comparison: DAD may still be running on them.)
        func global(_ addresses: [InterfaceAddress]) -> [String] { addresses.filter { $0.scope == .global }.map(\.description) }
        #expect(global(try ns.net.addresses(dev: "d0")) == global(listed))

        let secondary = try #require(listed.first { $0.local == "172.19.0.101/24" })
        try ns.net.deleteAddress(secondary)
        let left = try ns.net.addresses(dev: "d0")
        #expect(!left.contains { $0.local == "172.19.0.101/24" })
        #expect(left.count == listed.count - 1)
        #expect(try ipText(ns, dev: "d0").addresses == left.map(\.description))
    }

    @Test("without broadcast: no brd, exactly like ip addr add 172.19.0.100/24 dev veth1")
    func noBroadcastByDefault() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "d0"))
        _ = try IPTool.text(["-n", ns.name, "addr", "add", "172.19.0.101/24", "dev", "d1"])

        let ours = try #require(try ns.net.addresses(dev: "d0").first)
        let theirs = try #require(try ns.net.addresses(dev: "d1").first)
        #expect(ours.broadcast == nil)
        #expect(theirs.broadcast == nil)
        #expect(ours.description == "inet 172.19.0.100/24 scope global d0")
        #expect(theirs.description == "inet 172.19.0.101/24 scope global d1")
        #expect(try ipText(ns, dev: "d1").addresses == [theirs.description])
        #expect(try ipAddresses(ns, dev: "d0").first?["broadcast"] == nil)
    }

    @Test("peer, label, scope, metric, noprefixroute, lifetimes reach the kernel as ip shows them")
    func options() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("10.1.0.1/32", dev: "d0", peer: "10.1.0.2"))
        try ns.net.addAddress(InterfaceAddress("10.2.0.1/24", dev: "d0", broadcast: .address("10.2.0.127"), label: "d0:web", scope: .link))
        try ns.net.addAddress(InterfaceAddress("10.3.0.1/24", dev: "d0", metric: 7))
        try ns.net.addAddress(InterfaceAddress("10.4.0.1/24", dev: "d0", noPrefixRoute: true))
        try ns.net.addAddress(
            InterfaceAddress("10.5.0.1/24", dev: "d0", lifetime: AddressLifetime(valid: .seconds(3000), preferred: .seconds(2000))))

        let addresses = try ns.net.addresses(dev: "d0", family: .ipv4)
        let json = try ipAddresses(ns, dev: "d0")
        try #require(addresses.count == 5 && json.count == 5)
        for (address, entry) in zip(addresses, json) { expectSameFields(address, entry) }
        #expect(try ipText(ns, dev: "d0").addresses == addresses.map(\.description))

        func line(_ local: IPNetwork) -> String? { addresses.first { $0.local == local }?.description }
        #expect(line("10.1.0.1/32") == "inet 10.1.0.1 peer 10.1.0.2/32 scope global d0")
        #expect(line("10.2.0.1/24") == "inet 10.2.0.1/24 brd 10.2.0.127 scope link d0:web")
        #expect(line("10.3.0.1/24") == "inet 10.3.0.1/24 metric 7 scope global d0")
        #expect(line("10.4.0.1/24") == "inet 10.4.0.1/24 scope global noprefixroute d0")
        #expect(line("10.5.0.1/24") == "inet 10.5.0.1/24 scope global dynamic d0")
        let dynamic = try #require(addresses.firstIndex { $0.local == "10.5.0.1/24" })
        let lifetime = try #require(addresses[dynamic].lifetime)
        let valid = try #require(lifetime.valid)
        #expect(valid <= .seconds(3000) && valid > .seconds(2000))
        let preferred = try #require(lifetime.preferred)
        #expect(preferred <= .seconds(2000) && preferred > .seconds(1000))
        let jsonValid = try #require(json[dynamic]["valid_life_time"] as? Int)
        #expect(jsonValid <= 3000 && jsonValid > 2000)

        // The kernel's prefix routes: metric 7 for 10.3.0.0/24, none for the noprefixroute one.
        let routes = try ns.ip("route", "show", "dev", "d0")
        let destinations = routes.compactMap { $0["dst"] as? String }
        #expect(destinations.contains("10.3.0.0/24"))
        #expect(!destinations.contains("10.4.0.0/24"))
        #expect(routes.first { $0["dst"] as? String == "10.3.0.0/24" }?["metric"] as? Int == 7)
    }

    @Test("a second address in a prefix is secondary, as ip shows it")
    func secondary() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "d0"))
        try ns.net.addAddress(InterfaceAddress("10.0.0.2/24", dev: "d0"))
        let addresses = try ns.net.addresses(dev: "d0")
        #expect(addresses.map(\.isSecondary) == [false, true])
        #expect(try ipText(ns, dev: "d0").addresses == addresses.map(\.description))
        #expect(addresses[1].description == "inet 10.0.0.2/24 scope global secondary d0")
    }

    @Test("adding twice is a typed EEXIST; replace is idempotent and updates the lifetime and metric")
    func existsAndReplace() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(
            InterfaceAddress("172.19.0.100/24", dev: "d0", lifetime: AddressLifetime(valid: .seconds(500), preferred: .seconds(500))))
        let error = try #require(throws: NetKitError.self) { try ns.net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "d0")) }
        #expect(error.isAlreadyExists)
        #expect(error.errno == .EEXIST)
        #expect(error.operation.messageType == .newAddress && error.operation.command == "ip addr add")
        #expect(error.description.contains("172.19.0.100/24 dev d0"))
        #expect(error.description.contains("netns \(ns.name)"))

        try ns.net.replaceAddress(InterfaceAddress("172.19.0.100/24", dev: "d0", metric: 9))
        try ns.net.replaceAddress(InterfaceAddress("172.19.0.100/24", dev: "d0", metric: 9))
        let addresses = try ns.net.addresses(dev: "d0")
        #expect(addresses.count == 1)
        #expect(addresses.first?.isPermanent == true)
        #expect(addresses.first?.metric == 9)
        #expect(try ipAddresses(ns, dev: "d0").first?["metric"] as? Int == 9)

        try ns.net.replaceAddress(InterfaceAddress("10.9.0.1/24", dev: "d0"))
        #expect(try ns.net.addresses(dev: "d0").count == 2)
    }

    @Test("delete removes IPv4 and IPv6 addresses; a missing one is a typed not-found")
    func delete() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("172.19.0.100/24", dev: "d0"))
        try ns.net.addAddress(InterfaceAddress("2001:db8::1/64", dev: "d0", noDAD: true))
        try ns.net.deleteAddress(InterfaceAddress("172.19.0.100/24", dev: "d0"))
        try ns.net.deleteAddress(InterfaceAddress("2001:db8::1/64", dev: "d0"))
        #expect(try ns.net.addresses(dev: "d0").isEmpty)
        #expect(try ipAddresses(ns, dev: "d0").isEmpty)

        for missing: IPNetwork in ["172.19.0.100/24", "2001:db8::1/64"] {
            let error = try #require(throws: NetKitError.self) { try ns.net.deleteAddress(InterfaceAddress(missing, dev: "d0")) }
            #expect(error.isNotFound)
            #expect(error.errno == .EADDRNOTAVAIL)
            #expect(error.operation.messageType == .delAddress && error.operation.command == "ip addr del")
        }
        // The kernel matches the prefix length too.
        try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "d0"))
        let wrongLength = try #require(throws: NetKitError.self) { try ns.net.deleteAddress(InterfaceAddress("10.0.0.1/16", dev: "d0")) }
        #expect(wrongLength.isNotFound)
        #expect(try ns.net.addresses(dev: "d0").count == 1)
    }

    @Test("flush per family, then everything, in one batch")
    func flush() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "d0"))
        try ns.net.addAddress(InterfaceAddress("10.0.0.2/24", dev: "d0"))  // secondary: goes with its primary
        try ns.net.addAddress(InterfaceAddress("10.1.0.1/24", dev: "d0"))
        try ns.net.addAddress(InterfaceAddress("2001:db8::1/64", dev: "d0", noDAD: true))
        try ns.net.addAddress(InterfaceAddress("10.7.0.1/24", dev: "d1"))

        let removed = try ns.net.flushAddresses(dev: "d0", family: .ipv4)
        #expect(Set(removed.map(\.local)) == ["10.0.0.1/24", "10.0.0.2/24", "10.1.0.1/24"])
        #expect(try ns.net.addresses(dev: "d0").map(\.description) == ["inet6 2001:db8::1/64 scope global nodad"])
        #expect(try ipAddresses(ns, dev: "d0").compactMap { $0["local"] as? String } == ["2001:db8::1"])

        try ns.net.flushAddresses(dev: "d0")
        #expect(try ns.net.addresses(dev: "d0").isEmpty)
        #expect(try ipAddresses(ns, dev: "d0").isEmpty)
        #expect(try ns.net.addresses(dev: "d1").map(\.local) == ["10.7.0.1/24"])
    }

    @Test("listing without a device covers every link, named; family filters")
    func listAll() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "d0"))
        try ns.net.addAddress(InterfaceAddress("2001:db8::2/64", dev: "d1", noDAD: true))

        let all = try ns.net.addresses()
        let ipAll = try ns.ip("addr", "show").flatMap { link in
            (link["addr_info"] as? [[String: Any]] ?? []).map { (link["ifname"] as? String ?? "", $0["local"] as? String ?? "") }
        }
        // ip groups by link; the kernel's dump (and NetKit) lists IPv4 before IPv6.
        #expect(Set(all.map { "\($0.interfaceName) \($0.address)" }) == Set(ipAll.map { "\($0.0) \($0.1)" }))
        #expect(all.count == ipAll.count)
        let loopback = try #require(all.first { $0.interfaceName == "lo" && $0.family == .ipv4 })
        #expect(loopback.description == "inet 127.0.0.1/8 scope host lo")
        #expect(try ns.net.addresses(family: .ipv6).allSatisfy { $0.family == .ipv6 })
        #expect(try ns.net.addresses(family: .ipv6).contains { $0.local == "2001:db8::2/64" && $0.interfaceName == "d1" })
        #expect(try ns.net.addresses(dev: "d1", family: .ipv4).isEmpty)
    }

    @Test("a missing device is a typed not-found; rejected input leaves nothing behind")
    func errors() throws {
        let ns = try TestNamespace("a")
        try ns.makeVethPair()
        let missing = try #require(throws: NetKitError.self) { try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "nosuch0")) }
        #expect(missing.isNotFound)
        #expect(missing.operation.messageType == .newAddress && missing.operation.command == "ip addr add")
        #expect(throws: NetKitError.self) { try ns.net.addresses(dev: "nosuch0") }

        let label = try #require(throws: NetKitError.self) {
            try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "d0", label: "eth0:1"))
        }
        guard case .invalidInput = label.reason else { Issue.record("expected invalid input, got \(label)"); return }
        #expect(label.description.contains("must start with the device name"))
        #expect(throws: NetKitError.self) { try ns.net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "d0", peer: "2001:db8::1")) }
        #expect(throws: NetKitError.self) { try ns.net.addAddress(InterfaceAddress("2001:db8::1/64", dev: "d0", broadcast: .computed)) }
        #expect(try ns.net.addresses(dev: "d0").isEmpty)
        #expect(try ipAddresses(ns, dev: "d0").isEmpty)
    }
}
