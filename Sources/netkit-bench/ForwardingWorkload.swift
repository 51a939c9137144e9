import NetKit

/// W6: N forwarding entries on `vxlan0`, one per remote node, as flannel's vxlan backend and
/// Calico's vxlan mode program them: `bridge fdb append 02:00:00:XX:XX:XX dst 10.X.X.X dev
/// vxlan0 self`, one request + ACK each (NetKit has no batch path for them).
enum ForwardingWorkload {
    static func append(_ count: Int, device: String, net: NetlinkHandle, tally: inout Tally) {
        for i in 0..<count {
            let (a, b, c) = (UInt8(truncatingIfNeeded: i >> 16), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i))
            let mac = MACAddress(bytes: [2, 0, 0, a, b, c])!
            do {
                try net.appendForwardingEntry(mac, dev: InterfaceName(parsing: device), destination: .v4(IPv4Address(10, a, b, c)))
            } catch { tally.record(error) }
        }
    }
}
