import Foundation
import NetKit
import Testing

/// Setup and iproute2 readers shared by the address, neighbour, rule and sysctl suites.
extension TestNamespace {
    /// A veth pair made through NetKit, both ends up, with IPv6 link-local address generation
    /// off (`addrgenmode none`, through `ip`) so no DAD or MLD activity changes the tables while
    /// a test compares them.
    func makeVethPair(_ name: InterfaceName = "d0", peer: InterfaceName = "d1") throws {
        try net.add(VethPair(name: name, peerName: peer))
        for device in [name, peer] {
            _ = try IPTool.text(["-n", self.name, "link", "set", device.rawValue, "addrgenmode", "none"])
            try net.setUp(device)
        }
    }

    /// `ip -n NAME ARGS…` output lines without leading indentation and trailing blanks.
    func trimmedLines(_ arguments: String...) throws -> [String] {
        try IPTool.text(["-n", name] + arguments).split(separator: "\n").map {
            String($0.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }
    }

    /// `ip netns exec NAME sysctl -n KEY`: an independent reader of the namespace's sysctl.
    func sysctlTool(_ key: String) throws -> String {
        try IPTool.text(["netns", "exec", name, "/usr/sbin/sysctl", "-n", key])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
