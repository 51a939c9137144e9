import Logging
@testable import NetKit
import Synchronization
import Testing

/// The trace text of a request is the command it mirrors, made from the text its errors carry;
/// nothing is formatted unless a logger wants it.
@Suite("Request log text")
struct RequestLogTests {
    @Test(
        "operation and object become the ip, bridge or tc command",
        arguments: [
            (MessageType.newLink, "RTM_NEWLINK (ip link set master)", "dev veth1 master cni0", "ip link set dev veth1 master cni0"),
            (.newLink, "RTM_NEWLINK (ip link set name)", "dev a name b", "ip link set dev a name b"),
            (.delLink, "RTM_DELLINK (ip link del group)", "group 7", "ip link del group 7"),
            (.newAddress, "RTM_NEWADDR (ip addr add)", "10.0.0.1/24 dev eth0", "ip addr add 10.0.0.1/24 dev eth0"),
            (.newRoute, "RTM_NEWROUTE (ip route add)", "10.0.0.0/8 via 10.1.0.1 dev eth0", "ip route add 10.0.0.0/8 via 10.1.0.1 dev eth0"),
            (.getRoute, "RTM_GETROUTE (ip route get)", "10.0.0.1", "ip route get 10.0.0.1"),
            (.getNeighbour, "RTM_GETNEIGH (bridge fdb show)", "br cni0", "bridge fdb show br cni0"),
            (.getLink, "RTM_GETLINK (ip route flush)", "", "ip link show"),
            (.getLink, "RTM_GETLINK (ip link show)", "", "ip link show"),
            (.newLink, "ip link set up", "", "ip link set up"),
        ])
    func command(type: MessageType, operation: String, object: String, expected: String) {
        #expect(RequestLog.command(type, operation: NetKitError.Operation(text: operation), object: object) == expected)
    }

    @Test("without a logger, or below trace level, a request's description is never built")
    func nothingFormatted() {
        let request = NetlinkRequest(.newRoute, flags: [], operation: "RTM_NEWROUTE (ip route add)")
        let built = Atomic<Int>(0)
        RequestLog(logger: nil).sent(request) {
            built.add(1, ordering: .relaxed); return "x"
        }
        var quiet = Logger(label: "netkit.test") { StreamLogHandler.standardError(label: $0) }
        quiet.logLevel = .info
        RequestLog(logger: quiet).sent(request) {
            built.add(1, ordering: .relaxed); return "x"
        }
        #expect(built.load(ordering: .relaxed) == 0)
        var tracing = quiet
        tracing.logLevel = .trace
        RequestLog(logger: tracing).sent(request) {
            built.add(1, ordering: .relaxed); return "x"
        }
        #expect(built.load(ordering: .relaxed) == 1)
    }
}
