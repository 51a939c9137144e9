// `ip monitor` with NetKit: a subscription to a throwaway namespace's links, addresses,
// routes, neighbours and rules, printed in `ip monitor`'s format while another task changes
// things there — then the same in snapshot mode ("list, then follow"). Every expected event is
// checked; the namespace is removed on every path, Ctrl-C included.
//
//     swift run ip-monitor
import Dispatch
import ExampleSupport
import Foundation
import NetKit
import Synchronization

/// The events the consuming task received, shared with the main thread.
final class Received: Sendable {
    private let events = Mutex<[NetworkEvent]>([])
    func append(_ event: NetworkEvent) { events.withLock { $0.append(event) } }
    var all: [NetworkEvent] { events.withLock { $0 } }
}

/// Threads of this process that are subscription readers (they name themselves).
func readerThreads() -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { tid in
        (try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8))?.hasPrefix("netkit-events") == true
    }.count
}

/// Blocks the main thread (not a Swift-concurrency thread) until `work` finishes, at most `seconds`.
func waitFor(seconds: Double, _ work: @escaping @Sendable () async -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        await work()
        done.signal()
    }
    return done.wait(timeout: .now() + seconds) == .success
}

Transcript.run {
    let name = Cleanup.uniqueName("mon")
    Transcript.command("ip netns add \(name)")
    let namespace = try Cleanup.namespace(named: name)
    let net = try namespace.netlink()
    try net.setUp("lo")

    Transcript.section("Following changes")
    Transcript.command("ip -n \(name) monitor link address route neigh rule &")
    let events = try namespace.events(.all)
    let started = waitFor(seconds: 10) {
        while readerThreads() == 0 { try? await Task.sleep(for: .milliseconds(5)) }
    }
    Transcript.check(started && readerThreads() == 1, "one reader thread (netkit-events) follows the namespace")

    let received = Received()
    let finished = waitFor(seconds: 30) {
        // The changes, from another task, as the shell commands they replace.
        let changer = Task.detached {
            let steps: [(String, () throws -> Void)] = [
                ("ip link add veth1 type veth peer name veth1_p", { try net.add(VethPair(name: "veth1", peerName: "veth1_p")) }),
                ("ip link set veth1 up", { try net.setUp("veth1") }),
                ("ip addr add 10.0.0.1/24 dev veth1", { try net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "veth1")) }),
                ("ip route add 10.9.0.0/24 via 10.0.0.2", { try net.addRoute(Route("10.9.0.0/24", via: "10.0.0.2")) }),
                (
                    "ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev veth1",
                    { try net.addNeighbour(Neighbour("10.0.0.7", dev: "veth1", macAddress: "02:00:00:00:00:07")) }
                ),
                (
                    "ip rule add from 10.1.0.0/16 lookup 100 priority 100",
                    { try net.addRule(RoutingRule(priority: 100, from: "10.1.0.0/16", table: RouteTable(rawValue: 100))) }
                ),
                ("ip route del 10.9.0.0/24 via 10.0.0.2", { try net.deleteRoute(Route("10.9.0.0/24", via: "10.0.0.2")) }),
                // Taking a link down removes its IPv4 routes without any RTM_DELROUTE (the
                // kernel's rule, not NetKit's): a consumer must drop them on linkChanged itself.
                ("ip link set veth1 down", { try net.setDown("veth1") }),
                ("ip link set veth1 up", { try net.setUp("veth1") }),
                ("ip link del veth1", { try net.deleteLink("veth1") }),
            ]
            for (command, step) in steps {
                print("# (other task) $ \(command)")
                try step()
            }
        }
        do {
            for try await event in events {
                Transcript.output(event.description)
                received.append(event)
                if case .linkRemoved(let link) = event, link.name == "veth1" { break }
            }
        } catch {
            print("error: \(error)")
        }
        if case .failure(let error) = await changer.result { print("error: \(error)") }
    }
    Transcript.check(finished, "the subscription reported the deletion of veth1 (within 30 s)")

    let all = received.all
    func saw(_ claim: String, _ match: (NetworkEvent) -> Bool) {
        Transcript.check(all.contains(where: match), claim)
    }
    saw("linkAdded veth1 and veth1_p") { if case .linkAdded(let l) = $0 { l.name == "veth1" } else { false } }
    saw("…and veth1_p") { if case .linkAdded(let l) = $0 { l.name == "veth1_p" } else { false } }
    saw("addressAdded 10.0.0.1/24 on veth1") {
        if case .addressAdded(let a) = $0 { a.local == "10.0.0.1/24" && a.interfaceName == "veth1" } else { false }
    }
    saw("routeAdded 10.9.0.0/24 via 10.0.0.2 dev veth1") {
        if case .routeAdded(let r) = $0 { r.destination == "10.9.0.0/24" && r.device == "veth1" } else { false }
    }
    saw("neighbourAdded 10.0.0.7 PERMANENT") {
        if case .neighbourAdded(let n) = $0 { n.address == "10.0.0.7" && n.state == .permanent } else { false }
    }
    saw("ruleAdded priority 100") { if case .ruleAdded(let r) = $0 { r.priority == 100 } else { false } }
    saw("linkChanged veth1 down") { if case .linkChanged(let l) = $0 { l.name == "veth1" && !l.isUp } else { false } }
    saw("routeRemoved 10.9.0.0/24 (printed `Deleted 10.9.0.0/24 …`)") {
        if case .routeRemoved(let r) = $0 {
            r.destination == "10.9.0.0/24" && $0.description.hasPrefix("Deleted 10.9.0.0/24")
        } else {
            false
        }
    }
    saw("linkRemoved veth1") { if case .linkRemoved(let l) = $0 { l.name == "veth1" } else { false } }
    let stopped = waitFor(seconds: 10) {
        while readerThreads() > 0 { try? await Task.sleep(for: .milliseconds(10)) }
    }
    Transcript.check(stopped, "leaving the loop ended the subscription: its reader thread exited, its sockets closed")

    Transcript.section("List, then follow (snapshot mode)")
    Transcript.command("ip -n \(name) link; ip -n \(name) addr; ip -n \(name) route; ip -n \(name) rule; then ip -n \(name) monitor")
    let snapshot = Received()
    let listed = waitFor(seconds: 30) {
        do {
            for try await event in try namespace.events(.all, snapshot: true) {
                Transcript.output(event.description)
                snapshot.append(event)
                if case .snapshotComplete = event {
                    try await net.addRule(RoutingRule(priority: 200, from: "10.2.0.0/16", table: .main))
                }
                if case .ruleAdded(let rule) = event, rule.priority == 200 { break }
            }
        } catch {
            print("error: \(error)")
        }
    }
    let entries = snapshot.all
    Transcript.check(listed, "the snapshot and a live event arrived")
    Transcript.check(entries.contains { if case .existing(.link(let l)) = $0 { l.name == "lo" } else { false } }, "the snapshot lists lo")
    Transcript.check(
        entries.contains { if case .existing(.rule(let r)) = $0 { r.priority == 100 } else { false } },
        "…and the rule added earlier")
    Transcript.check(
        entries.firstIndex(of: .snapshotComplete).map { marker in
            entries[..<marker].allSatisfy { if case .existing = $0 { true } else { false } }
        } == true, "snapshot entries come first, then .snapshotComplete, then live events")
}
