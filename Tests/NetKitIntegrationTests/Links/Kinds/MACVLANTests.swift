import NetKit
import Testing

/// macvlan and macvtap exist on the host kernel and in the lane: created for real in both.
@Suite("macvlan and macvtap links")
struct MACVLANTests {
    @Test(
        "macvlan in each mode and a macvtap: every attribute read back, compared with ip -j -d link, deleted",
        arguments: [
            MACVLANMode.bridge, .private, .vepa, .passthru, .source,
        ])
    func modes(_ mode: MACVLANMode) throws {
        let ns = try TestNamespace("mv")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        let sources: [MACAddress] = mode == .source ? ["02:00:00:00:00:01", "02:00:00:00:00:02"] : []
        let flags: MACVLANFlags = mode == .passthru ? .noPromisc : mode == .source ? .noDestination : []
        let macvlan = MACVLAN(name: "mv0", parent: "eth9", mode: mode, flags: flags, broadcastQueueLength: 500, sourceAddresses: sources)
        guard try OptionalKernelFeature.macvlan.create(in: ns, { try ns.net.add(macvlan) }) else { return }
        let link = try ns.net.link(named: "mv0")
        #expect(link.kind == .macvlan && link.displayName == "mv0@eth9")
        let details = try #require(link.details(as: MACVLANDetails.self))
        #expect(details.mode == mode && details.flags == flags && details.broadcastQueueLength == 500)
        // The kernel keeps source addresses in a hash table: the set is what was asked for, in its order.
        #expect(Set(details.sourceAddresses) == Set(sources) && details.sourceAddresses.count == sources.count)
        let ip = try ns.linkInfo("mv0")
        #expect(ip.kind == "macvlan" && ip.data["mode"] as? String == mode.description)
        #expect(ip.data["bcqueuelen"] as? Int == 500)
        #expect(ip.data["usedbcqueuelen"] as? Int == details.usedBroadcastQueueLength.map(Int.init))
        #expect(ip.data["nopromisc"] as? Bool == (flags.contains(.noPromisc) ? true : nil))
        #expect(ip.data["nodst"] as? Bool == (flags.contains(.noDestination) ? true : nil))
        #expect((ip.data["macaddr_data"] as? [String]) == (mode == .source ? details.sourceAddresses.map(\.description) : nil))
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "mv0"))
        try ns.net.deleteLink("mv0")
        #expect(try !ns.linkNames().contains("mv0"))
    }

    @Test("a macvtap, with its own kind and details")
    func macvtap() throws {
        let ns = try TestNamespace("mvt")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        guard try OptionalKernelFeature.macvtap.create(in: ns, { try ns.net.add(MACVTAP(name: "tap9", parent: "eth9", mode: .bridge)) })
        else { return }
        let link = try ns.net.link(named: "tap9")
        #expect(
            link.kind == .macvtap && link.details(as: MACVTAPDetails.self)?.mode == .bridge && link.details(as: MACVLANDetails.self) == nil)
        let ip = try ns.linkInfo("tap9")
        #expect(ip.kind == "macvtap" && ip.data["mode"] as? String == "bridge")
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "tap9"))
        try ns.net.deleteLink("tap9")
    }

    @Test("without a mode the kernel picks vepa, and NetKit reads it as ip does")
    func defaultMode() throws {
        let ns = try TestNamespace("mvd")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        guard try OptionalKernelFeature.macvlan.create(in: ns, { try ns.net.add(MACVLAN(name: "mv1", parent: "eth9")) }) else { return }
        #expect(try ns.net.link(named: "mv1").details(as: MACVLANDetails.self)?.mode == .vepa)
        #expect(try ns.linkInfo("mv1").data["mode"] as? String == "vepa")
    }

    @Test("a macvlan and a macvtap created directly in another namespace, on a parent in the handle's namespace")
    func inAnotherNamespace() throws {
        let ns = try TestNamespace("mva")
        let other = try TestNamespace("mvb")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        let there = LinkOptions(mtu: 1400, macAddress: "02:00:00:00:aa:01", namespace: other.namespace)
        guard
            try OptionalKernelFeature.macvlan.create(
                in: ns,
                {
                    try ns.net.add(MACVLAN(name: "eth0", parent: "eth9", mode: .bridge, options: there))
                })
        else { return }
        guard
            try OptionalKernelFeature.macvtap.create(
                in: ns,
                {
                    try ns.net.add(MACVTAP(name: "tap0", parent: "eth9", mode: .vepa, options: LinkOptions(namespace: other.namespace)))
                })
        else { return }
        #expect(try ns.linkNames().allSatisfy { $0 != "eth0" && $0 != "tap0" })
        let pod = try other.net.link(named: "eth0")
        #expect(pod.kind == .macvlan && pod.mtu == 1400 && pod.macAddress == "02:00:00:00:aa:01" && pod.linkNetnsID != nil)
        #expect(pod.details(as: MACVLANDetails.self)?.mode == .bridge)
        #expect(try other.linkInfo("eth0").data["mode"] as? String == "bridge")
        try other.expectKindLinesMatchIP(pod)
        let tap = try other.net.link(named: "tap0")
        #expect(tap.details(as: MACVTAPDetails.self)?.mode == .vepa)
        try other.expectKindLinesMatchIP(tap)
        try other.net.deleteLink("eth0")
        try other.net.deleteLink("tap0")
        #expect(try other.linkNames().allSatisfy { $0 != "eth0" && $0 != "tap0" })
    }
}

@Suite("macvlan batches")
struct MACVLANBatchTests {
    @Test("addLinks of macvlans on one parent: one result per link, a taken name refused alone, ip sees the rest")
    func batch() throws {
        let ns = try TestNamespace("mvz")
        try ns.net.add(VethPair(name: "eth9", peerName: "eth9p"))
        let macvlans =
            try (0..<5).map { try MACVLAN(name: InterfaceName(parsing: "mv\($0)"), parent: "eth9", mode: .bridge) } + [
                MACVLAN(name: "mv2", parent: "eth9")
            ]
        guard try OptionalKernelFeature.macvlan.create(in: ns, { try ns.net.add(macvlans[0]) }) else { return }
        let results = try ns.net.addLinks(Array(macvlans.dropFirst()))
        #expect(results.map(\.item.name) == ["mv1", "mv2", "mv3", "mv4", "mv2"])
        #expect(results.map(\.succeeded) == [true, true, true, true, false])
        #expect(results.last?.error?.errno == .EEXIST)
        let ip = try ns.ip("-d", "link", "show", "type", "macvlan").compactMap { $0["ifname"] as? String }
        #expect(ip.sorted() == ["mv0", "mv1", "mv2", "mv3", "mv4"])
        let missing = try #require(throws: NetKitError.self) { try ns.net.addLinks([MACVLAN(name: "mv9", parent: "nope0")]) }
        #expect(missing.errno == .ENODEV)
    }
}
