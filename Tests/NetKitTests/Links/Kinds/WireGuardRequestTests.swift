@testable import NetKit
import Testing

@Suite("wireguard: requests as iproute2 sends them, and the kernel's reply decoded")
struct WireGuardRequestTests {
    @Test("ip link add wg0 type wireguard; ip link add wg1 mtu 1420 type wireguard")
    func wireGuard() throws {
        #expect(
            try linkRequestBody(WireGuard(name: "wg0"))
                == "00000000000000000000000000000000" + "0800030077673000" + "14001280" + "0d000100776972656775617264000000")
        #expect(
            try linkRequestBody(WireGuard(name: "wg1", options: LinkOptions(mtu: 1420)))
                == "00000000000000000000000000000000" + "080004008c050000" + "0800030077673100" + "14001280"
                + "0d000100776972656775617264000000")
    }

    @Test("a wireguard link decodes to WireGuardDetails and prints its kind word as ip -d link does")
    func decode() throws {
        let wg = try LinkParsingTests.decode(
            LinkParsingTests.message(name: "wg0", type: 65534) {
                $0.appendAttribute(IFLA.Info.kind, unterminatedString: "wireguard")
            })
        #expect(wg.kind == .wireguard && wg.details(as: WireGuardDetails.self) != nil)
        #expect(wg.description.hasSuffix("\n    wireguard"))
    }
}
