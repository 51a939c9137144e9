import NetKit

/// W6: N forwarding entries on `vxlan0`, one per remote node, as flannel's vxlan backend and
/// Calico's vxlan mode program them: `bridge fdb append 02:00:00:XX:XX:XX dst 10.X.X.X dev
/// vxlan0 self`. `-b 1`: one `appendForwardingEntry` (request + ACK, device named each time)
/// per entry; otherwise `appendForwardingEntries`, all of them or `-b B` per call.
enum ForwardingWorkload {
    static func append(_ count: Int, device: String, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        let dev = try InterfaceName(parsing: device)
        func remote(_ i: Int) -> ForwardingRemote {
            let (a, b, c) = (UInt8(truncatingIfNeeded: i >> 16), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i))
            return ForwardingRemote(MACAddress(bytes: [2, 0, 0, a, b, c])!, destination: .v4(IPv4Address(10, a, b, c)))
        }
        if batch == 1 {
            for i in 0..<count {
                let entry = remote(i)
                do {
                    try net.appendForwardingEntry(entry.mac, dev: dev, destination: entry.destination)
                } catch { tally.record(error) }
            }
            return
        }
        let size = batch ?? count
        var start = 0
        while start < count {
            tally.record(try net.appendForwardingEntries((start..<min(start + size, count)).map(remote), dev: dev))
            start += size
        }
    }
}
