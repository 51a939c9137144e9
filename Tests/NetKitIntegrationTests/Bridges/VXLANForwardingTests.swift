import NetKit
import Testing

/// A vxlan device's own forwarding entries and permanent neighbours, as flannel's vxlan
/// backend and Calico's vxlan mode program them, checked against `bridge -j fdb show dev` and
/// `ip -j neigh`.
@Suite("VXLAN forwarding entries")
struct VXLANForwardingTests {
    /// A namespace with `vxlan0` as flannel and Calico make it: VNI 42, UDP 4789, local
    /// 10.0.0.1, no learning (the address need not be configured for FDB programming).
    static func vxlanNamespace() throws -> TestNamespace {
        let ns = try TestNamespace("vx")
        try ns.net.add(VXLAN(name: "vxlan0", vni: 42, local: "10.0.0.1", learning: false))
        return ns
    }

    /// The entries of `bridge -j fdb show dev vxlan0`, as (mac, dst, port, vni, state).
    static func bridgeEntries(_ ns: TestNamespace) throws -> Set<String> {
        Set(
            try ns.bridge("fdb", "show", "dev", "vxlan0").map { entry in
                ["mac", "dst", "port", "vni", "state"].map { entry[$0].map { "\($0)" } ?? "-" }.joined(separator: " ")
            })
    }

    static func netkitEntries(_ entries: [ForwardingDatabaseEntry]) -> Set<String> {
        Set(
            entries.map { entry in
                [
                    entry.macAddress.description, entry.destination?.description ?? "-", entry.destinationPort.map(String.init) ?? "-",
                    entry.vni.map(String.init) ?? "-", entry.kind == .local ? "permanent" : entry.kind == .static ? "static" : "-",
                ]
                .joined(separator: " ")
            })
    }

    @Test("batches: remotes appended in runs, one refused alone; replace and delete batches; input and device checked first")
    func forwardingEntryBatches() throws {
        let ns = try Self.vxlanNamespace()
        let zero: MACAddress = "00:00:00:00:00:00"
        let flood = (2...5).map { ForwardingRemote(zero, destination: .v4(IPv4Address(10, 0, 0, UInt8($0)))) }
        // A remote of the other family is refused by the kernel, alone.
        let results = try ns.net.appendForwardingEntries(flood + [ForwardingRemote(zero, destination: "2001:db8::6")], dev: "vxlan0")
        #expect(results.map(\.item) == flood + [ForwardingRemote(zero, destination: "2001:db8::6")])
        #expect(results.prefix(4).allSatisfy { $0.error == nil })
        #expect(results[4].error?.errno == .EAFNOSUPPORT && results[4].error?.hint?.contains("address family") == true)
        var entries = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(Set(entries.filter { $0.macAddress == zero }.compactMap(\.destination)) == Set(flood.map(\.destination)))
        #expect(Self.netkitEntries(entries) == (try Self.bridgeEntries(ns)))

        // Replace creates per-MAC entries or moves them.
        let placed = try ns.net.replaceForwardingEntries(
            [
                ForwardingRemote("02:00:00:00:01:02", destination: "10.0.0.2", port: 8472, vni: 43),
                ForwardingRemote("02:00:00:00:01:03", destination: "10.0.0.3"),
            ], dev: "vxlan0")
        #expect(placed.allSatisfy { $0.error == nil })
        let moved = try ns.net.replaceForwardingEntries([ForwardingRemote("02:00:00:00:01:03", destination: "10.0.0.9")], dev: "vxlan0")
        #expect(moved.allSatisfy { $0.error == nil })
        entries = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(entries.first { $0.macAddress == "02:00:00:00:01:03" }?.destination == "10.0.0.9")
        #expect(Self.netkitEntries(entries).contains("02:00:00:00:01:02 10.0.0.2 8472 43 permanent"))
        #expect(Self.netkitEntries(entries) == (try Self.bridgeEntries(ns)))

        // Delete: a present remote goes, one of a MAC with no entry fails alone with ENOENT (the
        // kernel accepts an unknown remote of an existing MAC, as `bridge fdb del` shows).
        let deleted = try ns.net.deleteForwardingEntries(
            [ForwardingRemote(zero, destination: "10.0.0.2"), ForwardingRemote("02:00:00:00:09:09", destination: "10.0.0.2")],
            dev: "vxlan0")
        #expect(deleted[0].error == nil && deleted[1].error?.errno == .ENOENT)
        entries = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(!entries.contains { $0.macAddress == zero && $0.destination == "10.0.0.2" })
        #expect(Self.netkitEntries(entries) == (try Self.bridgeEntries(ns)))

        // A VNI beyond 24 bits and an unknown device are thrown before anything is sent.
        let before = try Self.bridgeEntries(ns)
        let invalid = try #require(throws: NetKitError.self) {
            try ns.net.appendForwardingEntries(
                [ForwardingRemote(zero, destination: "10.0.0.7"), ForwardingRemote(zero, destination: "10.0.0.8", vni: 1 << 24)],
                dev: "vxlan0")
        }
        #expect(invalid.object.contains("entry 2 of 2"))
        let unknown = try #require(throws: NetKitError.self) { try ns.net.appendForwardingEntries(flood, dev: "vxlan9") }
        #expect(unknown.errno == .ENODEV)
        #expect(try Self.bridgeEntries(ns) == before)
        #expect(try ns.net.appendForwardingEntries([], dev: "vxlan9").isEmpty)
    }

    @Test("flood list (append to 00:00:00:00:00:00), per-MAC entries with port and vni, replace, delete")
    func forwardingEntries() throws {
        let ns = try Self.vxlanNamespace()
        let zero: MACAddress = "00:00:00:00:00:00"
        try ns.net.appendForwardingEntry(zero, dev: "vxlan0", destination: "10.0.0.2")
        try ns.net.appendForwardingEntry(zero, dev: "vxlan0", destination: "10.0.0.3")
        try ns.net.addForwardingEntry("02:00:00:00:01:02", dev: "vxlan0", destination: "10.0.0.2")
        try ns.net.addForwardingEntry("02:00:00:00:01:03", dev: "vxlan0", destination: "10.0.0.3", port: 8472, vni: 43)
        var entries = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(entries.count == 4 && entries.allSatisfy { $0.isSelf && $0.portName == "vxlan0" })
        #expect(Self.netkitEntries(entries) == (try Self.bridgeEntries(ns)))
        #expect(Self.netkitEntries(entries).contains("02:00:00:00:01:03 10.0.0.3 8472 43 permanent"))
        // Each line is one bridge fdb show prints (unfiltered, so with dev).
        let lines = Set(
            try IPTool.text(["-n", ns.name, "fdb", "show", "dev", "vxlan0"], tool: "/usr/sbin/bridge")
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(Set(entries.map { $0.description.replacingOccurrences(of: " dev vxlan0", with: "") }) == lines)

        // An entry that exists: EEXIST with a hint naming append and replace.
        let duplicate = try #require(throws: NetKitError.self) {
            try ns.net.addForwardingEntry("02:00:00:00:01:02", dev: "vxlan0", destination: "10.0.0.9")
        }
        #expect(duplicate.errno == .EEXIST && duplicate.hint?.contains("replaceForwardingEntry") == true)
        // Replace moves it (flannel's and Calico's NeighSet), creating it when absent.
        try ns.net.replaceForwardingEntry("02:00:00:00:01:02", dev: "vxlan0", destination: "10.0.0.9")
        try ns.net.replaceForwardingEntry("02:00:00:00:01:04", dev: "vxlan0", destination: "10.0.0.4")
        entries = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(entries.first { $0.macAddress == "02:00:00:00:01:02" }?.destination == "10.0.0.9")
        #expect(Self.netkitEntries(entries) == (try Self.bridgeEntries(ns)))

        // Deleting one remote of the flood list keeps the other; deleting by MAC removes the entry.
        try ns.net.deleteForwardingEntry(zero, dev: "vxlan0", destination: "10.0.0.2")
        try ns.net.deleteForwardingEntry("02:00:00:00:01:03", dev: "vxlan0")
        entries = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(entries.filter { $0.macAddress == zero }.map(\.destination) == ["10.0.0.3"])
        #expect(!entries.contains { $0.macAddress == "02:00:00:00:01:03" })
        #expect(Self.netkitEntries(entries) == (try Self.bridgeEntries(ns)))
        let missing = try #require(throws: NetKitError.self) { try ns.net.deleteForwardingEntry("02:00:00:00:01:03", dev: "vxlan0") }
        #expect(missing.errno == .ENOENT)
        // A remote of the other family: EAFNOSUPPORT, with a hint naming the device's family.
        let family = try #require(throws: NetKitError.self) {
            try ns.net.addForwardingEntry("02:00:00:00:01:06", dev: "vxlan0", destination: "2001:db8::6")
        }
        #expect(family.errno == .EAFNOSUPPORT && family.hint?.contains("address family") == true)
        // A VNI beyond 24 bits never reaches the kernel.
        let wide = try #require(throws: NetKitError.self) {
            try ns.net.addForwardingEntry("02:00:00:00:01:05", dev: "vxlan0", destination: "10.0.0.5", vni: 1 << 24)
        }
        if case .invalidInput = wide.reason {} else { Issue.record("expected invalidInput: \(wide)") }
    }

    @Test("the device filter: a bridge port's entries and a vxlan's stay apart")
    func dumpFilteredByDevice() throws {
        let ns = try Self.vxlanNamespace()
        try ns.net.add(Bridge(name: "br0"))
        try ns.net.add(VethPair(name: "p1", peerName: "p1b"))
        try ns.net.setMaster("p1", to: "br0")
        try ns.net.addForwardingEntry("02:00:00:00:aa:01", port: "p1")
        try ns.net.addForwardingEntry("02:00:00:00:01:02", dev: "vxlan0", destination: "10.0.0.2")
        let vxlan = try ns.net.forwardingDatabase(dev: "vxlan0")
        #expect(vxlan.map(\.macAddress) == ["02:00:00:00:01:02"])
        let port = try ns.net.forwardingDatabase(dev: "p1")
        #expect(port.allSatisfy { $0.portName == "p1" })
        #expect(port.contains { $0.macAddress == "02:00:00:00:aa:01" && $0.kind == .static && $0.bridgeName == "br0" })
        let ipPort = try ns.bridge("fdb", "show", "dev", "p1")
        #expect(Set(port.map(\.macAddress.description)) == Set(ipPort.compactMap { $0["mac"] as? String }))
    }

    @Test("permanent neighbours on the vxlan device (ip neigh add … nud permanent), as flannel adds them")
    func permanentNeighbours() throws {
        let ns = try Self.vxlanNamespace()
        try ns.net.addNeighbour(Neighbour("10.1.2.0", dev: "vxlan0", macAddress: "02:00:00:00:01:02"))
        try ns.net.replaceNeighbour(Neighbour("10.1.3.0", dev: "vxlan0", macAddress: "02:00:00:00:01:03"))
        let neighbours = try ns.net.neighbours(dev: "vxlan0")
        #expect(
            Set(neighbours.map { "\($0.address) \($0.macAddress?.description ?? "-") \($0.state)" })
                == ["10.1.2.0 02:00:00:00:01:02 PERMANENT", "10.1.3.0 02:00:00:00:01:03 PERMANENT"])
        let ip = try ns.ip("neigh", "show", "dev", "vxlan0")
        #expect(
            Set(ip.map { "\($0["dst"] ?? "-") \($0["lladdr"] ?? "-") \(($0["state"] as? [String])?.joined() ?? "-")" })
                == ["10.1.2.0 02:00:00:00:01:02 PERMANENT", "10.1.3.0 02:00:00:00:01:03 PERMANENT"])
        try ns.net.deleteNeighbour(Neighbour("10.1.2.0", dev: "vxlan0"))
        #expect(try ns.net.neighbours(dev: "vxlan0").map(\.address) == ["10.1.3.0"])
    }
}
