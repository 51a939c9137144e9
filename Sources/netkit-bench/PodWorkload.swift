import NetKit

/// W4: what a CNI plugin does for each pod — a named namespace `PREFIX<i>` (`ip netns add`), a
/// veth `h<i>` whose peer `eth0` is created directly in the pod, `10.200.(i/250).(i%250+2)/16`
/// on `eth0`, and `eth0`, `lo` and `h<i>` up.
enum PodWorkload {
    static func address(_ i: Int) throws -> IPNetwork {
        try IPNetwork(
            address: .v4(IPv4Address(10, 200, UInt8(truncatingIfNeeded: i / 250), UInt8(truncatingIfNeeded: i % 250 + 2))),
            prefixLength: 16)
    }

    static func add(_ count: Int, prefix: String, batch: Int?, host: NetlinkHandle, tally: inout Tally) throws {
        if batch == 1 {
            // One request + ACK per operation, pod after pod.
            for i in 0..<count {
                do {
                    let net = try Namespace.createWithNetlink(named: "\(prefix)\(i)")
                    let hostEnd = try InterfaceName(parsing: "h\(i)")
                    try host.add(VethPair(name: hostEnd, peerName: "eth0", peerNamespace: net.namespace))
                    try host.setUp(hostEnd)
                    try net.addAddress(InterfaceAddress(address(i), dev: "eth0"))
                    try net.setUp("eth0")
                    try net.setUp("lo")
                } catch {
                    tally.record(error)
                }
            }
            return
        }
        // Namespaces (each with its handle) first, all on one NetKit thread hand-off, then
        // every host veth in batches (peers created in their pods), the host ends up in one
        // batch, then each pod's own configuration.
        let size = batch ?? max(count, 1)
        var handles: [NetlinkHandle] = []
        for slice in (0..<count).map({ "\(prefix)\($0)" }).chunks(of: size) {
            handles += try Namespace.createWithNetlink(named: Array(slice))
        }
        let pods = Array(handles.enumerated())
        let veths = try pods.map {
            try VethPair(name: InterfaceName(parsing: "h\($0.offset)"), peerName: "eth0", peerNamespace: $0.element.namespace)
        }
        for slice in veths.chunks(of: size) { tally.record(try host.addLinks(Array(slice))) }
        for slice in veths.map(\.name).chunks(of: size) { tally.record(try host.setLinksUp(Array(slice))) }
        for (i, net) in pods {
            do {
                try net.addAddress(InterfaceAddress(address(i), dev: "eth0"))
                tally.record(try net.setLinksUp(["eth0", "lo"]))
            } catch {
                tally.record(error)
            }
        }
    }

    /// Removes the host veths (their `eth0` peers go with them) and the namespaces' names, as
    /// `ip link del` + `ip netns del` do. The batch path deletes all veths through one link
    /// group; `-b 1` deletes them one by one, each waiting for its own RCU grace period.
    static func delete(_ count: Int, prefix: String, batch: Int?, host: NetlinkHandle, tally: inout Tally) throws {
        try LinkWorkload.deleteLinks((0..<count).map { try InterfaceName(parsing: "h\($0)") }, batch: batch, net: host, tally: &tally)
        for i in 0..<count {
            do { try Namespace.delete(named: "\(prefix)\(i)", whenInUse: .detach) } catch { tally.record(error) }
        }
    }
}
