import Foundation
import NetKit
import Testing

/// Traffic through a GRE tunnel between two namespaces this test makes, joined by a veth pair:
/// the inner addresses are reachable only through the tunnel.
@Suite("GRE tunnel traffic")
struct GREPingTests {
    @Test("an IPv4 ping through a keyed gre tunnel between two namespaces")
    func pingThroughGRE() throws {
        let a = try TestNamespace("gpa")
        let b = try TestNamespace("gpb")
        // The underlay: a veth pair, one end moved to b, 10.31.0.1/24 — 10.31.0.2/24.
        try a.net.add(VethPair(name: "und0", peerName: "und1", peerNamespace: b.namespace))
        try a.net.addAddress(InterfaceAddress("10.31.0.1/24", dev: "und0"))
        try b.net.addAddress(InterfaceAddress("10.31.0.2/24", dev: "und1"))
        try a.net.setUp("und0")
        try b.net.setUp("und1")
        // The overlay: gre tunnels with key 42 over the underlay, 10.32.0.1/30 — 10.32.0.2/30.
        guard
            try OptionalKernelFeature.gre.create(
                in: a,
                {
                    try a.net.add(GRETunnel(name: "gtun", local: "10.31.0.1", remote: "10.31.0.2", ttl: 64, key: 42))
                })
        else { return }
        try b.net.add(GRETunnel(name: "gtun", local: "10.31.0.2", remote: "10.31.0.1", ttl: 64, key: 42))
        try a.net.addAddress(InterfaceAddress("10.32.0.1/30", dev: "gtun"))
        try b.net.addAddress(InterfaceAddress("10.32.0.2/30", dev: "gtun"))
        try a.net.setUp("gtun")
        try b.net.setUp("gtun")
        _ = try a.net.waitForLink("und0", until: .operational, timeout: .seconds(10))
        _ = try b.net.waitForLink("und1", until: .operational, timeout: .seconds(10))

        let result = try a.namespace.ping("10.32.0.2", count: 3, timeout: .seconds(5), interval: .milliseconds(100))
        #expect(result.replies.count >= 1, "\(result)")
        let sent = try #require(try a.ip("-s", "link", "show", "dev", "gtun").first?["stats64"] as? [String: Any])
        #expect(((sent["tx"] as? [String: Any])?["packets"] as? Int ?? 0) >= 1, "the echo requests left through gtun: \(sent)")
        let received = try #require(try b.ip("-s", "link", "show", "dev", "gtun").first?["stats64"] as? [String: Any])
        #expect(((received["rx"] as? [String: Any])?["packets"] as? Int ?? 0) >= 1, "the echo requests arrived on b's gtun: \(received)")
    }
}
