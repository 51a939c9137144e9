import Foundation
import NetKit
import Testing

/// The document's `ren` setup in two fresh namespaces: `veth1` in A (172.19.0.101/24,
/// fd19::101/64) joined to `veth1_p` in B (172.19.0.100/24, fd19::100/64), both up.
/// IPv6 addresses are added `nodad` and waited for until the kernel clears `tentative`.
final class PingFixture {
    let a: TestNamespace
    let b: TestNamespace
    let subnet: Int

    static let addressA: IPAddress = "172.19.0.101"
    static let addressB: IPAddress = "172.19.0.100"
    static let address6A: IPAddress = "fd19::101"
    static let address6B: IPAddress = "fd19::100"

    /// `subnet` picks the third octet (172.19.N.0/24, fd19:N::/64), so several fixtures can run
    /// at once with addresses that exist nowhere else. `linkLocalWithoutDAD` turns DAD off
    /// before the link exists, so its `fe80::` address is usable at once.
    init(subnet: Int = 0, linkLocalWithoutDAD: Bool = false) throws {
        a = try TestNamespace("pa")
        b = try TestNamespace("pb")
        self.subnet = subnet
        if linkLocalWithoutDAD {
            for ns in [a, b] {
                try ns.writeProc("/proc/sys/net/ipv6/conf/all/accept_dad", "0")
                try ns.writeProc("/proc/sys/net/ipv6/conf/default/accept_dad", "0")
            }
        }
        try a.net.add(VethPair(name: "veth1", peerName: "veth1_p", peerNamespace: b.namespace))
        try a.net.setUp("veth1")
        try b.net.setUp("veth1_p")
        try IPTool.require(["-n", a.name, "addr", "add", "\(Self.v4(subnet, 101))/24", "dev", "veth1"])
        try IPTool.require(["-n", b.name, "addr", "add", "\(Self.v4(subnet, 100))/24", "dev", "veth1_p"])
        try IPTool.require(["-n", a.name, "addr", "add", "\(Self.v6(subnet, 101))/64", "dev", "veth1", "nodad"])
        try IPTool.require(["-n", b.name, "addr", "add", "\(Self.v6(subnet, 100))/64", "dev", "veth1_p", "nodad"])
        try a.waitForUsableIPv6(dev: "veth1", address: Self.v6(subnet, 101))
        try b.waitForUsableIPv6(dev: "veth1_p", address: Self.v6(subnet, 100))
    }

    /// Makes B a router without onward routes and routes `prefix` from A through it, so that
    /// probes into `prefix` get B's ICMP "net unreachable" / ICMPv6 "no route".
    func routeThroughPeer(_ prefix: String) throws {
        let v6 = prefix.contains(":")
        try b.writeProc("/proc/sys/net/\(v6 ? "ipv6" : "ipv4")/conf/all/forwarding", "1")
        let gateway = v6 ? Self.v6(subnet, 100) : Self.v4(subnet, 100)
        try IPTool.require(["-n", a.name] + (v6 ? ["-6"] : []) + ["route", "add", prefix, "via", gateway.description])
    }

    /// One ARP probe / neighbour solicitation with 100 ms to answer, so that resolving a
    /// missing neighbour on A's veth1 fails quickly.
    func makeNeighbourResolutionFailFast() throws {
        for family in ["ipv4", "ipv6"] {
            try a.writeProc("/proc/sys/net/\(family)/neigh/veth1/mcast_solicit", "1")
            try a.writeProc("/proc/sys/net/\(family)/neigh/veth1/retrans_time_ms", "100")
        }
    }

    /// Lets every group open ICMP datagram sockets in A (the test's own namespace).
    func allowPingSockets() throws {
        try a.writeProc("/proc/sys/net/ipv4/ping_group_range", "0 2147483647")
    }

    static func v4(_ subnet: Int, _ host: Int) -> IPAddress { .v4(IPv4Address(172, 19, UInt8(subnet), UInt8(host))) }
    /// `fd19:SUBNET::HOST`, the host number written with the same digits as in IPv4 (`fd19::100`).
    static func v6(_ subnet: Int, _ host: Int) -> IPAddress {
        IPAddress("fd19:\(String(subnet, radix: 16))::\(host)") ?? .v6(.loopback)
    }

    /// The `ip -s -j link show DEV` packet counters.
    static func packetCounters(_ ns: TestNamespace, _ dev: String) throws -> (rx: Int, tx: Int) {
        let stats = try ns.ip("-s", "link", "show", dev).first?["stats64"] as? [String: Any]
        let rx = (stats?["rx"] as? [String: Any])?["packets"] as? Int
        let tx = (stats?["tx"] as? [String: Any])?["packets"] as? Int
        return (try #require(rx), try #require(tx))
    }
}

extension TestNamespace {
    /// Writes a `/proc/sys/net` file from a thread inside this (test) namespace.
    func writeProc(_ path: String, _ value: String) throws {
        try namespace.run {
            try value.write(toFile: path, atomically: false, encoding: .utf8)
        }
    }

    /// Waits (bounded) until `address` on `dev` is no longer `tentative`: `nodad` addresses
    /// finish the kernel's address work asynchronously.
    func waitForUsableIPv6(dev: String, address: IPAddress) throws {
        try waitUntil("\(address) on \(dev) in \(name) leaves tentative state") {
            let entries = try ip("-6", "addr", "show", "dev", dev).first?["addr_info"] as? [[String: Any]] ?? []
            return entries.contains { $0["local"] as? String == address.description && $0["tentative"] == nil }
        }
    }

    /// The first non-tentative `fe80::` address on `dev`, waiting (bounded) for the kernel to add it.
    func linkLocalAddress(dev: String) throws -> IPAddress {
        var found: IPAddress?
        try waitUntil("a usable link-local address on \(dev) in \(name)") {
            let entries = try ip("-6", "addr", "show", "dev", dev).first?["addr_info"] as? [[String: Any]] ?? []
            found = entries.first { $0["scope"] as? String == "link" && $0["tentative"] == nil }
                .flatMap { $0["local"] as? String }.flatMap(IPAddress.init)
            return found != nil
        }
        return try #require(found)
    }
}

extension IPTool {
    /// Runs `ip ARGS…` and fails the test with ip's message if it fails.
    static func require(_ arguments: [String]) throws {
        let result = try run(arguments)
        guard result.status == 0 else {
            throw IPToolFailed(arguments: arguments, status: result.status, error: result.error)
        }
    }
}

/// Polls `condition` every 20 ms for at most `seconds`; throws if it never held. For kernel
/// state that settles asynchronously — never used to assert how long something takes.
func waitUntil(_ what: String, seconds: Double = 10, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        if try condition() { return }
        guard Date() < deadline else { throw ConditionNeverHeld(what: what) }
        usleep(20_000)
    }
}

struct ConditionNeverHeld: Error, CustomStringConvertible {
    var what: String
    var description: String { "gave up waiting: \(what)" }
}

/// Threads of this process whose network namespace is one of `inodes`.
func threads(inNamespaces inodes: Set<UInt64>) -> [String] {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter { tid in
        var info = stat()
        return stat("/proc/self/task/\(tid)/ns/net", &info) == 0 && inodes.contains(UInt64(info.st_ino))
    }
}
