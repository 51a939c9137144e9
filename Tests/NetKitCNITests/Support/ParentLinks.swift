import Foundation

extension CNITestNode {
    /// A parent link for macvlan, ipvlan and vlan children: one end of a veth pair named `name`
    /// (its peer `name` + "p"), both up, made with iproute2 in the node (or in `pod`). With
    /// `defaultRoute`, the node's default route leaves through it.
    func addParent(_ name: String = "nkpar0", in pod: String? = nil, defaultRoute: Bool = false) throws {
        let target = pod ?? self.name
        _ = try Tool.run(["/usr/sbin/ip", "-n", target, "link", "add", name, "type", "veth", "peer", "name", name + "p"])
        for link in [name, name + "p"] { _ = try Tool.run(["/usr/sbin/ip", "-n", target, "link", "set", link, "up"]) }
        if defaultRoute {
            _ = try Tool.run(["/usr/sbin/ip", "-n", target, "addr", "add", "192.0.2.1/24", "dev", name])
            _ = try Tool.run(["/usr/sbin/ip", "-n", target, "route", "add", "default", "via", "192.0.2.254", "dev", name])
        }
    }
}

/// A `macvlan`, `ipvlan` or `vlan` network configuration for tests: parent `nkpar0`, IPAM with
/// a default route, DNS, IPAM state in the node's scratch directory.
func childLinkConfiguration(
    _ node: CNITestNode, plugin: String, subnet: String = "10.96.0.0/24", name: String = "childnet",
    extra: [String: Any] = [:]
) -> [String: Any] {
    var object: [String: Any] = [
        "cniVersion": "1.0.0", "name": name, "type": plugin, "master": "nkpar0",
        "ipam": ["type": "host-local", "subnet": subnet, "dataDir": node.directory + "/ipam", "routes": [["dst": "0.0.0.0/0"]]],
        "dns": ["nameservers": ["10.96.0.1"]],
    ]
    object.merge(extra) { _, new in new }
    return object
}
