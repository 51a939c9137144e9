// The source document's docker0/cni0 session, rebuilt with NetKit: a bridge, three veth pairs
// into three pod namespaces, `ip link set dev … master` and `brctl addif cni0 veth1 veth2
// veth3`, `brctl show`, traffic between the pods, and `brctl showmacs` with the MACs the bridge
// learned on each port.
//
//     swift run bridge-ports
import ExampleSupport
import Foundation
import NetKit

Transcript.run {
    let nodeName = Cleanup.uniqueName("node")
    Transcript.note(
        "The document's host is played by netns \(nodeName); its bridge is named cni0 (the session used docker0 and cni0 alike).")
    Transcript.note("So the host's commands run there: `ip -n \(nodeName) …`, `ip netns exec \(nodeName) brctl …`.")
    Transcript.command("ip netns add \(nodeName)")
    let node = try Cleanup.namespace(named: nodeName)
    let net = try node.netlink()
    Transcript.command("ip -n \(nodeName) link set lo up")
    try net.setUp("lo")

    Transcript.command("ip -n \(nodeName) link add cni0 type bridge && ip -n \(nodeName) link set cni0 up")
    try net.add(Bridge(name: "cni0"))
    try net.setUp("cni0")

    var pods: [(name: String, namespace: Namespace, address: IPAddress)] = []
    for i in 1...3 {
        let podName = Cleanup.uniqueName("pod\(i)")
        Transcript.command("ip netns add \(podName) && ip -n \(nodeName) link add veth\(i) type veth peer name eth0 netns \(podName)")
        let pod = try Cleanup.namespace(named: podName)
        try net.add(VethPair(name: InterfaceName(parsing: "veth\(i)"), peerName: "eth0", peerNamespace: pod))
        let podNet = try pod.netlink()
        let address = try IPAddress(parsing: "10.88.0.\(10 + i)")
        Transcript.command(
            "ip -n \(podName) link set lo up && ip -n \(podName) addr add \(address)/24 dev eth0 && ip -n \(podName) link set eth0 up")
        try podNet.setUp("lo")
        try podNet.addAddress(InterfaceAddress(IPNetwork(address: address, prefixLength: 24), dev: "eth0"))
        try podNet.setUp("eth0")
        pods.append((podName, pod, address))
    }

    // 1161–1163: ip link set dev … master docker0, one port at a time
    Transcript.command("ip -n \(nodeName) link set dev veth1 master cni0")
    try net.setMaster("veth1", to: "cni0")
    // brctl addif cni0 veth1 veth2 veth3 — veth1 is already a port; adding it again is harmless
    Transcript.command("ip netns exec \(nodeName) brctl addif cni0 veth1 veth2 veth3")
    for result in try net.setMaster(ofLinks: ["veth1", "veth2", "veth3"], to: "cni0") where !result.succeeded {
        throw result.error!
    }
    for i in 1...3 {
        Transcript.command("ip -n \(nodeName) link set dev veth\(i) up")
        try net.setUp(InterfaceName(parsing: "veth\(i)"))
    }
    // The kernel applies carrier (state UP) shortly after both ends are up; wait for it before the first packet.
    for i in 1...3 { try net.waitForLink(InterfaceName(parsing: "veth\(i)"), until: .operational, timeout: .seconds(5)) }

    // 1164 brctl show
    Transcript.command("ip netns exec \(nodeName) brctl show")
    let bridge = try net.link(named: "cni0")
    let ports = try net.bridgePorts(bridge: "cni0")
    Transcript.output(BridgeTables.show(bridge, ports: ports))
    Transcript.check(ports.map(\.name) == ["veth1", "veth2", "veth3"], "cni0 has the three veths as ports")
    Transcript.command("ip netns exec \(nodeName) brctl show cni0")
    Transcript.output(BridgeTables.show(bridge, ports: ports))
    let bridgeView = try IPToolCrossCheck.bridgePorts(namespace: nodeName, bridge: "cni0")
    if let bridgeView {
        Transcript.check(bridgeView == ["veth1", "veth2", "veth3"], "`bridge link` agrees: \(bridgeView.joined(separator: ", "))")
    }

    // Traffic between the pods: each pings the next.
    for (i, pod) in pods.enumerated() {
        let target = pods[(i + 1) % pods.count]
        Transcript.command("ip netns exec \(pod.name) ping -c 1 \(target.address)")
        let result = try pod.namespace.ping(target.address, count: 1, timeout: .seconds(2))
        Transcript.output(result.description)
        Transcript.check(result.received == 1, "\(pod.name) reaches \(target.name) across cni0")
    }

    // brctl showmacs cni0
    Transcript.command("ip netns exec \(nodeName) brctl showmacs cni0")
    let (table, entries) = try BridgeTables.showmacs(net, bridge: "cni0")
    Transcript.output(table)
    for (i, pod) in pods.enumerated() {
        let podMAC = try pod.namespace.netlink().link(named: "eth0").macAddress
        let entry = entries.first { $0.macAddress == podMAC && !$0.isSelf }
        Transcript.check(
            entry?.portName.rawValue == "veth\(i + 1)" && entry?.kind == .learned,
            "pod\(i + 1)'s MAC \(podMAC.map(String.init(describing:)) ?? "?") was learned on veth\(i + 1)")
        let hostMAC = try net.link(named: InterfaceName(parsing: "veth\(i + 1)")).macAddress
        Transcript.check(entries.contains { $0.macAddress == hostMAC && $0.isLocal }, "veth\(i + 1)'s own MAC is listed as local")
    }
}

/// Reads `bridge -j link` as an independent check (skipped when iproute2's bridge is absent).
enum IPToolCrossCheck {
    static func bridgePorts(namespace: String, bridge: String) throws -> [String]? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/bridge") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/bridge")
        process.arguments = ["-n", namespace, "-j", "link", "show"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let entries = (try JSONSerialization.jsonObject(with: data)) as? [[String: Any]] ?? []
        return entries.filter { $0["master"] as? String == bridge }.compactMap { $0["ifname"] as? String }.sorted()
    }
}
