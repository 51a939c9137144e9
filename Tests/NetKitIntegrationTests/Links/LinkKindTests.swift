import NetKit
import Testing

/// Kinds NetKit does not create itself, made with iproute2 on the real kernel (vxlan, macvlan
/// and tun are built into the host kernel): NetKit must read the same kind as ip's `info_kind`.
@Suite("Link kinds made by ip, read by NetKit")
struct LinkKindTests {
    @Test("vxlan, macvlan, tun and tap: NetKit's kind is ip -j -d link's info_kind")
    func kindsMatchIP() throws {
        let ns = try TestNamespace()
        try ns.net.add(VethPair(name: "up0", peerName: "up0p"))
        _ = try IPTool.text(["-n", ns.name, "link", "add", "vx0", "type", "vxlan", "id", "42", "dstport", "4789"])
        _ = try IPTool.text(["-n", ns.name, "link", "add", "mv0", "link", "up0", "type", "macvlan", "mode", "bridge"])
        _ = try IPTool.text(["-n", ns.name, "tuntap", "add", "dev", "tun0", "mode", "tun"])
        _ = try IPTool.text(["-n", ns.name, "tuntap", "add", "dev", "tap0", "mode", "tap"])
        let expected: [InterfaceName: LinkKind] = ["vx0": .vxlan, "mv0": .macvlan, "tun0": .tun, "tap0": .tun, "up0": .veth]
        let listed = try ns.net.links()
        for (name, kind) in expected {
            let ip = try #require(try ns.ip("-d", "link", "show", "dev", name.rawValue).first)
            let infoKind = (ip["linkinfo"] as? [String: Any])?["info_kind"] as? String
            let link = try ns.net.link(named: name)
            #expect(link.kind == kind, "\(name)")
            #expect(infoKind == link.kind.description, "\(name): ip says \(infoKind ?? "nothing")")
            #expect(listed.first { $0.name == name }?.kind == kind)
            #expect(ip["link_type"] as? String == link.hardwareType.name, "\(name)")
            try ns.expectDescriptionMatchesIP(try ns.net.link(named: name))
        }
        // The macvlan names its parent as ip does (`mv0@up0`).
        #expect(try ns.net.link(named: "mv0").displayName == "mv0@up0")
        #expect(try ns.net.link(named: "tun0").hardwareType == .none)
    }
}
