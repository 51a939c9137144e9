import ExampleSupport
import Foundation
import NetKit
import Synchronization

/// BIRD 2, the BGP daemon Calico runs on every node, for one node: its configuration (what
/// Calico's confd writes), control socket, pid file and log in the node's own directory. It runs
/// in the node's namespace, started as `nsenter --net=/run/netns/NODE bird -f …` from the main
/// thread (see ``Programs``), and is stopped by its pid — at the end, on an error and on Ctrl-C.
final class BirdDaemon: Sendable {
    let node: NodeSpec
    let peers: [NodeSpec]
    /// The node's namespace, `/run/netns/NAME`.
    let namespaceName: String
    let directory: String
    var configPath: String { "\(directory)/bird.conf" }
    var socketPath: String { "\(directory)/bird.ctl" }
    var pidPath: String { "\(directory)/bird.pid" }
    var logPath: String { "\(directory)/bird.log" }
    /// BIRD's own standard output and error (empty unless it fails to start).
    var outputPath: String { "\(directory)/bird.out" }

    private struct State {
        var process: Process?
        var closed = false
    }
    private let state = Mutex(State())

    init(node: NodeSpec, peers: [NodeSpec], namespaceName: String, directory: String) {
        self.node = node
        self.peers = peers
        self.namespaceName = namespaceName
        self.directory = directory
    }

    /// Calico's BIRD configuration, reduced to what this network needs: the node's block as a
    /// static blackhole (exported to the peers), the peers' blocks programmed into the kernel
    /// `via PEER dev tunl0 onlink`, and an iBGP session to every other node (the node-to-node mesh).
    var configuration: String {
        let mesh = peers.map { peer in
            "protocol bgp Mesh_\(peer.address.description.replacingOccurrences(of: ".", with: "_")) from mesh {\n"
                + "  neighbor \(peer.address) as \(NodeSpec.asNumber);\n}"
        }
        return """
            # BIRD 2 on \(node.hostName) (\(node.address)), as Calico's confd would write it.
            log "\(logPath)" all;
            router id \(node.address);

            # Interfaces and their addresses: BGP's direct next hops are looked up on them.
            protocol device { scan time 10; }

            # The node's block (Calico's bird_aggr.cfg). The agent already installed its kernel route,
            # `blackhole \(node.block) proto bird`; BIRD finds it equal to its own and keeps it.
            protocol static { ipv4; route \(node.block) blackhole; }

            # Calico's calico_kernel_programming filter: a peer's block goes into the kernel through
            # tunl0, onlink, with the peer's address as gateway. Setting ifname drops the gateway,
            # so gw comes last: set before onlink, it is resolved as an ordinary neighbour, on eth1.
            filter calico_kernel_programming {
              if source = RTS_BGP then { ifname = "tunl0"; onlink = true; gw = bgp_next_hop; accept; }
              if source = RTS_STATIC then accept;
              reject;
            }

            protocol kernel {
              ipv4 { import none; export filter calico_kernel_programming; };
              metric 0;      # Calico's routes carry no metric
              scan time 2;   # how soon BIRD sees that a route of its own is missing
            }

            template bgp mesh {
              local \(node.address) as \(NodeSpec.asNumber);
              direct;
              connect delay time 1; connect retry time 2; error wait time 1, 4;
              ipv4 { import all; export where source = RTS_STATIC; gateway direct; next hop self; };
            }

            \(mesh.joined(separator: "\n"))

            """
    }

    /// The command line that starts BIRD in the node's namespace, in the foreground (`-f`), so
    /// the process started is BIRD itself and its pid is the one to stop.
    func arguments(bird: String) -> [String] {
        ["--net=/run/netns/\(namespaceName)", bird, "-f", "-c", configPath, "-s", socketPath, "-P", pidPath]
    }

    /// Writes the configuration, registers the stop with ``Cleanup`` (before anything runs),
    /// and starts BIRD. A Ctrl-C that has already begun the cleanup prevents the start.
    func start(nsenter: String, bird: String) throws -> pid_t {
        try configuration.write(toFile: configPath, atomically: true, encoding: .utf8)
        try Cleanup.atEnd("stop bird on \(node.hostName)") { [self] in
            if let (pid, outcome) = stop(), Programs.isRunning(pid) {
                throw Programs.Failure("bird (pid \(pid)) on \(node.hostName) is still running after SIGTERM and SIGKILL (\(outcome))")
            }
        }
        return try state.withLock { state throws -> pid_t in
            guard !state.closed else { throw Programs.Failure("the example is shutting down") }
            let process = try Programs.start(nsenter, arguments(bird: bird), logPath: outputPath)
            state.process = process
            return process.processIdentifier
        }
    }

    /// Stops BIRD (`kill PID`, waiting for it to exit) and returns its pid and how it ended;
    /// nil if it was not running. Afterwards it cannot be started again.
    @discardableResult
    func stop() -> (pid: pid_t, outcome: String)? {
        let process = state.withLock { state -> Process? in
            state.closed = true
            defer { state.process = nil }
            return state.process
        }
        guard let process else { return nil }
        return (process.processIdentifier, Programs.stop(process))
    }

    /// The lines of BIRD's log so far.
    func logLines() -> [String] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// `birdc -s SOCKET show protocols`: BIRD's view of its sessions (what `calicoctl node
    /// status` prints in the document), without birdc's greeting line.
    func showProtocols(birdc: String) -> String {
        let result = Programs.run(birdc, ["-s", socketPath, "show", "protocols"])
        let lines = result.output.split(separator: "\n").filter { !$0.hasPrefix("BIRD ") }
        // birdc pads its columns with blanks, trailing ones included.
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }
}
