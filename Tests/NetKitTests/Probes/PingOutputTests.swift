import Testing
@testable import NetKit

@Suite("Ping results printed as ping prints them")
struct PingOutputTests {
    @Test("a reply line, with ping's precision")
    func replyLine() {
        let reply = PingReply(sequence: 1, from: "172.19.0.100", byteCount: 64, ttl: 64, roundTripTime: .microseconds(45))
        #expect(reply.description == "64 bytes from 172.19.0.100: icmp_seq=1 ttl=64 time=0.045 ms")
        #expect(PingReply.milliseconds(.microseconds(1_234)) == "1.23")
        #expect(PingReply.milliseconds(.microseconds(12_345)) == "12.3")
        #expect(PingReply.milliseconds(.milliseconds(123)) == "123")
        #expect(PingReply.fixed(0.0005, decimals: 3) == "0.001")
        #expect(
            PingReply(sequence: 2, from: "fd19::100", byteCount: 64, ttl: nil, roundTripTime: .milliseconds(2)).description
                == "64 bytes from fd19::100: icmp_seq=2 time=2.00 ms")
    }

    @Test(
        "ICMP errors in iputils' words, classified",
        arguments: [
            (AddressFamily.ipv4, UInt8(3), UInt8(0), "Destination Net Unreachable", PingFailure.Kind.networkUnreachable),
            (.ipv4, 3, 1, "Destination Host Unreachable", .hostUnreachable),
            (.ipv4, 3, 3, "Destination Port Unreachable", .portUnreachable),
            (.ipv4, 3, 13, "Packet filtered", .administrativelyProhibited),
            (.ipv4, 3, 99, "Dest Unreachable, Bad Code: 99", .otherICMP),
            (.ipv4, 11, 0, "Time to live exceeded", .timeExceeded),
            (.ipv6, 1, 0, "Destination unreachable: No route", .networkUnreachable),
            (.ipv6, 1, 3, "Destination unreachable: Address unreachable", .hostUnreachable),
            (.ipv6, 1, 1, "Destination unreachable: Administratively prohibited", .administrativelyProhibited),
            (.ipv6, 3, 0, "Time exceeded: Hop limit", .timeExceeded),
            (.ipv6, 200, 0, "ICMP type 200 code 0", .otherICMP),
        ])
    func icmpErrors(_ family: AddressFamily, _ type: UInt8, _ code: UInt8, _ text: String, _ kind: PingFailure.Kind) {
        let from: IPAddress = family == .ipv4 ? "172.19.0.101" : "fd19::100"
        let failure = PingFailure(sequence: 4, family: family, type: type, code: code, mtu: 0, errno: 113, reportedBy: from)
        #expect(failure.kind == kind)
        #expect(failure.errno == .EHOSTUNREACH)
        #expect(failure.description == "From \(from) icmp_seq=4 \(text)")
    }

    @Test("packet too big carries the MTU")
    func packetTooBig() {
        let v4 = PingFailure(sequence: 1, family: .ipv4, type: 3, code: 4, mtu: 1400, errno: 90, reportedBy: "10.0.0.1")
        #expect(v4.kind == .packetTooBig(mtu: 1400))
        #expect(v4.description == "From 10.0.0.1 icmp_seq=1 Frag needed and DF set (mtu = 1400)")
        let v6 = PingFailure(sequence: 1, family: .ipv6, type: 2, code: 0, mtu: 1280, errno: 90, reportedBy: "fd00::1")
        #expect(v6.description == "From fd00::1 icmp_seq=1 Packet too big: mtu=1280")
    }

    @Test("a failed send reads like ping's sendmsg error")
    func sendFailure() {
        let failure = PingFailure(sequence: 3, kind: .sendFailed, errno: .ENETUNREACH, family: .ipv4)
        #expect(failure.description == "ping: sendmsg: Network is unreachable (icmp_seq=3)")
    }

    @Test("the statistics block: counts, loss, errors and rtt min/avg/max/mdev")
    func statistics() throws {
        let probe = try PingProbe("172.19.0.100", count: 4)
        let replies = [1, 2, 3].map {
            PingReply(sequence: $0, from: "172.19.0.100", byteCount: 64, ttl: 64, roundTripTime: .milliseconds($0))
        }
        let failure = PingFailure(sequence: 4, family: .ipv4, type: 3, code: 1, mtu: 0, errno: 113, reportedBy: "172.19.0.101")
        let result = PingResult(
            probe: probe, socketKind: .raw, transmitted: 4, replies: replies, failures: [failure], elapsed: .milliseconds(3004))
        #expect(result.received == 3)
        #expect(result.packetLossPercent == 25)
        let lines = result.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.suffix(3) == [
                "--- 172.19.0.100 ping statistics ---",
                "4 packets transmitted, 3 received, +1 errors, 25% packet loss, time 3004ms",
                "rtt min/avg/max/mdev = 1.000/2.000/3.000/0.816 ms",
            ])
        #expect(lines[0] == "64 bytes from 172.19.0.100: icmp_seq=1 ttl=64 time=1.00 ms")
        #expect(lines[3] == "From 172.19.0.101 icmp_seq=4 Destination Host Unreachable")
    }
}
