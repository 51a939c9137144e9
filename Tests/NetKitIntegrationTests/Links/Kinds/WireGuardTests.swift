import NetKit
import Testing

/// `type wireguard` needs `CONFIG_WIREGUARD`, which the host kernel lacks: here the tests check
/// the typed missing-feature error; in the kernel lane they must create for real.
@Suite("wireguard links")
struct WireGuardTests {
    @Test("a wireguard link, here and directly in another namespace: kind and MTU as ip -j -d link reads them, deleted")
    func createAndReadBack() throws {
        let ns = try TestNamespace("wg")
        let other = try TestNamespace("wgo")
        guard
            try OptionalKernelFeature.wireguard.create(
                in: ns,
                {
                    try ns.net.add(WireGuard(name: "wg0", options: LinkOptions(mtu: 1420)))
                })
        else { return }
        let link = try ns.net.link(named: "wg0")
        #expect(link.kind == .wireguard && link.mtu == 1420 && link.details(as: WireGuardDetails.self) != nil)
        #expect(link.hardwareType == .none && link.flags.contains(.noARP))
        let ip = try ns.linkInfo("wg0")
        #expect(ip.kind == "wireguard")
        try ns.expectDescriptionMatchesIP(try ns.net.link(named: "wg0"))

        try ns.net.add(WireGuard(name: "wg1", options: LinkOptions(namespace: other.namespace)))
        #expect(try !ns.linkNames().contains("wg1"))
        #expect(try other.net.link(named: "wg1").kind == .wireguard)
        #expect(try other.linkInfo("wg1").kind == "wireguard")
        try other.expectDescriptionMatchesIP(try other.net.link(named: "wg1"))

        try ns.net.deleteLink("wg0")
        try other.net.deleteLink("wg1")
        #expect(try !ns.linkNames().contains("wg0"))
    }
}
