import Foundation

/// A `bridge` network configuration for tests: gateway, default route and DNS, IPAM state in the
/// node's scratch directory.
func bridgeConfiguration(
    _ node: CNITestNode, plugin: String = "netkit-bridge", ipam: String = "netkit-host-local",
    subnet: String = "10.77.0.0/24", version: String = "1.0.0", name: String = "testnet",
    dataDirectory: String? = nil, extra: [String: Any] = [:], ipamExtra: [String: Any] = [:]
) -> [String: Any] {
    var ipamSection: [String: Any] = [
        "type": ipam, "subnet": subnet, "dataDir": dataDirectory ?? node.directory + "/ipam",
        "routes": [["dst": "0.0.0.0/0"]],
    ]
    ipamSection.merge(ipamExtra) { _, new in new }
    var object: [String: Any] = [
        "cniVersion": version, "name": name, "type": plugin, "bridge": "cni0",
        "isGateway": true, "ipam": ipamSection, "dns": ["nameservers": ["10.77.0.1"]],
    ]
    object.merge(extra) { _, new in new }
    return object
}

/// `value` as an array of JSON objects (empty if it is not one).
func objects(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }

/// `value` as a JSON object (empty if it is not one).
func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }

/// The `addr_info` entries of `ip -j addr show dev X` output.
func addressInfo(_ links: [[String: Any]]) -> [[String: Any]] {
    links.flatMap { objects($0["addr_info"]) }
}

/// A `ptp` network configuration for tests: IPAM with a default route, DNS, IPAM state in the
/// node's scratch directory.
func ptpConfiguration(
    _ node: CNITestNode, plugin: String = "netkit-ptp", ipam: String = "host-local",
    subnet: String = "10.90.0.0/24", name: String = "ptpnet", extra: [String: Any] = [:]
) -> [String: Any] {
    var object: [String: Any] = [
        "cniVersion": "1.0.0", "name": name, "type": plugin,
        "ipam": ["type": ipam, "subnet": subnet, "dataDir": node.directory + "/ipam", "routes": [["dst": "0.0.0.0/0"]]],
        "dns": ["nameservers": ["10.90.0.1"]],
    ]
    object.merge(extra) { _, new in new }
    return object
}
