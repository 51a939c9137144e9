import NetKit
import Testing

/// `type dummy` needs `CONFIG_DUMMY`, which the host kernel lacks: here the test checks the typed
/// missing-feature error; in the kernel lane (`Scripts/test.sh` selects this type) it must work.
@Suite("Dummy links")
struct DummyLinkTests {
    @Test("ip link add dm0 mtu 1400 address … group 5 type dummy, checked with ip -j -d link; EEXIST the second time")
    func create() throws {
        let ns = try TestNamespace()
        let mac: MACAddress = "02:00:00:00:dd:01"
        let created = try OptionalKernelFeature.dummy.create(in: ns) {
            try ns.net.add(Dummy(name: "dm0", options: LinkOptions(mtu: 1400, macAddress: mac, group: 5)))
        }
        guard created else { return }
        let link = try ns.net.link(named: "dm0")
        #expect(link.kind == .dummy && link.mtu == 1400 && link.macAddress == mac && link.group == 5)
        let ip = try #require(try ns.ip("-d", "link", "show", "dm0").first)
        #expect((ip["linkinfo"] as? [String: Any])?["info_kind"] as? String == "dummy")
        #expect(ip["mtu"] as? Int == 1400)
        #expect(ip["address"] as? String == mac.description)
        #expect(ip["group"] as? String == "5")
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "dm0"))
        let duplicate = try #require(throws: NetKitError.self) { try ns.net.add(Dummy(name: "dm0")) }
        #expect(duplicate.errno == .EEXIST)
    }
}
