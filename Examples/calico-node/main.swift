// The source document's Calico IPIP network, live: three nodes of its cluster on 192.168.3.0/24,
// each with NetKit as the node agent (tunl0, the node's /26 block, pods on cali* devices) and
// BIRD 2 as the BGP daemon that installs the routes between nodes
// (`10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink`). The agents print BIRD's
// routes as they arrive, pods on different nodes ping each other through tunl0, and case 1 of
// the document is played live: a wrong route breaks the ping, BIRD's route comes back, the
// ping works.
//
//     swift run calico-node        (needs a kernel with IPIP: CONFIG_NET_IPIP; and BIRD 2: bird2)
import ExampleSupport
import Foundation
import NetKit

Transcript.run {
    guard try Namespace.anonymous().netlink().hasIPIPSupport() else {
        print("calico-node needs a kernel with IPIP (CONFIG_NET_IPIP, module ipip); this one has none.")
        print("Run it on a kernel with IPIP; Scripts/run-examples.sh calico-node runs it in its kernel lane.")
        exit(2)
    }
    let tools = ["bird", "birdc", "nsenter"].map { ($0, Programs.locate($0)) }
    guard let bird = tools[0].1, let birdc = tools[1].1, let nsenter = tools[2].1 else {
        let missing = tools.filter { $0.1 == nil }.map(\.0).joined(separator: ", ")
        print(
            "calico-node needs BIRD 2 (bird and birdc: Debian package bird2, which Scripts/setup.sh installs) and nsenter (util-linux); not found: \(missing)."
        )
        exit(2)
    }
    let version = Programs.run(bird, ["--version"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    guard version.hasPrefix("BIRD version 2.") else {
        print("calico-node needs BIRD 2 (Debian package bird2); \(bird) --version says: \(version)")
        exit(2)
    }

    let cluster = NodeSpec.cluster
    let directory = "/tmp/\(Cleanup.uniqueName("calico-node"))"
    Transcript.note("\(version); its configuration, control socket, pid file and log for each node go to \(directory)/NODE.")
    Transcript.command("mkdir \(directory)")
    try Cleanup.directory(directory)

    Transcript.section("The segment: the nodes' eth1 on 192.168.3.0/24")
    let segmentName = Cleanup.uniqueName("fabric")
    Transcript.command(
        "ip netns add \(segmentName) && ip -n \(segmentName) link add br0 type bridge && ip -n \(segmentName) link set br0 up")
    let segment = try Cleanup.namespace(named: segmentName).netlink()
    try segment.add(Bridge(name: "br0"))
    try segment.setUp("br0")
    let agents = try cluster.map { try NodeAgent(spec: $0, segment: segment) }

    Transcript.section("The agent on each node: tunl0, the node's block, its pods")
    var pods: [[Pod]] = []
    for agent in agents {
        try agent.configureNode()
        pods.append(try agent.spec.pods.map { try agent.addPod($0) })
    }

    Transcript.section("BIRD on each node: the node-to-node mesh (iBGP, AS \(NodeSpec.asNumber))")
    Transcript.note("Each agent follows its node's routing table from here on (NetKit's route events, one task per node).")
    for agent in agents { try agent.startWatching() }
    var daemons: [BirdDaemon] = []
    for agent in agents {
        let nodeDirectory = "\(directory)/\(agent.spec.hostName)"
        try FileManager.default.createDirectory(atPath: nodeDirectory, withIntermediateDirectories: true)
        let daemon = BirdDaemon(
            node: agent.spec, peers: cluster.filter { $0.hostName != agent.spec.hostName },
            namespaceName: agent.name, directory: nodeDirectory)
        if daemons.isEmpty {
            Transcript.command("cat \(daemon.configPath)")
            Transcript.output(daemon.configuration.trimmingCharacters(in: .newlines))
        }
        Transcript.command("nsenter \(daemon.arguments(bird: bird).joined(separator: " ")) &")
        let pid = try daemon.start(nsenter: nsenter, bird: bird)
        Transcript.output("[\(daemons.count + 1)] \(pid)")
        daemons.append(daemon)
    }

    Transcript.note("BIRD's routes arrive at the agents:")
    for agent in agents {
        for peer in cluster where peer.hostName != agent.spec.hostName {
            let route = agent.waitForRoute(to: peer.block, seconds: 90) { NodeAgent.isBirdRoute($0, to: peer) }
            Transcript.check(
                route != nil,
                "\(agent.spec.hostName): \(route?.description ?? "no BIRD route to \(peer.block) within 90 s") — via \(peer.hostName) (\(peer.address)) on tunl0, onlink"
            )
        }
    }
    for agent in agents {
        let blackholes = try agent.net.routes(filter: .mainIPv4).filter { $0.type == .blackhole }
        Transcript.check(
            blackholes.map(\.description) == ["blackhole \(agent.spec.block) proto bird"],
            "\(agent.spec.hostName): one blackhole for its block — BIRD took the agent's route as its own static route")
    }
    let node4 = agents[2]
    Transcript.command("birdc -s \(daemons[2].socketPath) show protocols        # calicoctl node status on \(node4.spec.hostName)")
    let protocols = daemons[2].showProtocols(birdc: birdc)
    Transcript.output(protocols)
    let established = protocols.split(separator: "\n").filter { $0.hasPrefix("Mesh_") && $0.hasSuffix("Established") }
    Transcript.check(established.count == 2, "both mesh sessions of \(node4.spec.hostName) are Established")

    try PodPings.acrossNodes(agents: agents, pods: pods)
    try CaseOne.run(agents: agents, daemons: daemons)

    Transcript.section("\(node4.spec.hostName)'s ip route (the document's node 4, whose last table closes its Calico section)")
    Transcript.command("ip -n \(node4.name) route")
    let table = try node4.net.routes(filter: .mainIPv4).map(\.description)
    Transcript.output(table.joined(separator: "\n"))
    let expected = [
        "default via 192.168.3.253 dev eth1",
        "10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink",
        "10.122.127.128/26 via 192.168.3.112 dev tunl0 proto bird onlink",
        "blackhole 10.122.157.128/26 proto bird",
        "10.122.157.129 dev cali19f6ea143e3 scope link",
        "10.122.157.130 dev cali09e016ead53 scope link",
        "192.168.3.0/24 dev eth1 proto kernel scope link src 192.168.3.113",
    ]
    Transcript.check(table == expected, "line for line the document's table, without the nodes, pods and docker0 not built here")

    // NETKIT_EXAMPLE_HOLD=1 waits here, with BIRD running: Ctrl-C then stops it in the cleanup.
    Transcript.holdIfRequested()
    Transcript.section("Stopping BIRD")
    for agent in agents { agent.stopWatching() }
    for daemon in daemons {
        Transcript.command("kill $(cat \(daemon.pidPath))")
        guard let (pid, outcome) = daemon.stop() else { continue }
        Transcript.check(
            outcome == "exit status 0" && !Programs.isRunning(pid), "bird (pid \(pid)) on \(daemon.node.hostName) ended: \(outcome)")
    }
}
