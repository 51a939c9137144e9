import Foundation
import NetKit
import Testing

/// The host end's IPv6 link-local address is the EUI-64 of its MAC on every `ADD`, also after a
/// `DEL` and a new `ADD` with the same container id, and on a node whose new devices default to
/// another address generation mode.
@Suite("netkit-bridge: the host veth's link-local address")
struct BridgeLinkLocalTests {
    /// `fe80::` + the MAC with the U/L bit flipped and `ff:fe` in the middle (RFC 4291 appendix A).
    static func eui64LinkLocal(_ mac: String) throws -> IPAddress {
        var bytes = mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
        guard bytes.count == 6 else { throw TestFailure("not a MAC: \(mac)") }
        bytes[0] ^= 0x02
        let interfaceID = bytes[0..<3] + [0xFF, 0xFE] + bytes[3..<6]
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(interfaceID[$0]) << 8 | UInt16(interfaceID[$0 + 1]), radix: 16) }
        return try IPAddress(parsing: "fe80::" + groups.joined(separator: ":"))
    }

    /// ADD, read the host end's MAC and link-local addresses with `ip -j`, DEL; `cycles` times
    /// with the same container id.
    private func cycle(_ node: CNITestNode, cycles: Int) throws {
        let pod = try node.addPod()
        let config = try configuration(bridgeConfiguration(node))
        for cycle in 0..<cycles {
            let result = try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, containerID: "same", netns: "/run/netns/\(pod)")
                .expectSuccess("ADD \(cycle)")
            guard let host = objects(result["interfaces"]).first(where: { $0["sandbox"] == nil && $0["name"] as? String != "cni0" }),
                let name = host["name"] as? String
            else { throw TestFailure("no host veth in \(result)") }
            let link = try node.ip("addr", "show", "dev", name).first ?? [:]
            let mac = link["address"] as? String ?? ""
            #expect(mac == host["mac"] as? String, "the result names the host end's MAC")
            let linkLocal = objects(link["addr_info"]).filter { $0["family"] as? String == "inet6" && $0["scope"] as? String == "link" }
                .compactMap { ($0["local"] as? String).flatMap { try? IPAddress(parsing: $0) } }
            #expect(linkLocal == [try Self.eui64LinkLocal(mac)], "ADD \(cycle): \(name) \(mac) has \(linkLocal)")
            try node.invoke(PluginBinaries.bridge, "DEL", stdin: config, containerID: "same", netns: "/run/netns/\(pod)").expectSuccess(
                "DEL \(cycle)")
        }
    }

    @Test("DEL and a new ADD with the same container id: EUI-64 every time")
    func sameContainerAgain() throws {
        try PluginBinaries.requireBuilt()
        try cycle(try CNITestNode("ll"), cycles: 6)
    }

    @Test("a node whose new devices get random (stable-privacy) link-locals: the host end's is still EUI-64")
    func nodeWithRandomDefault() throws {
        try PluginBinaries.requireBuilt()
        let node = try CNITestNode("lr")
        try node.namespace.setSysctl(.addressGeneration("default"), to: .random)
        #expect(try node.sysctl("net/ipv6/conf/default/addr_gen_mode") == "3")
        try cycle(node, cycles: 3)
    }
}
