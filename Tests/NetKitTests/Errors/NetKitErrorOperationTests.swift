@testable import NetKit
import Testing

@Suite("Error operations and reasons as values")
struct NetKitErrorOperationTests {
    @Test(
        "an operation's text gives its netlink request and command, and prints as it was written",
        arguments: [
            ("RTM_NEWROUTE (ip route add)", MessageType.newRoute as MessageType?, "ip route add"),
            ("RTM_NEWLINK (ip link set master)", .newLink, "ip link set master"),
            ("RTM_GETNSID (ip netns list-id)", .getNSID, "ip netns list-id"),
            ("RTM_NEWQDISC (tc qdisc replace)", .newQdisc, "tc qdisc replace"),
            ("RTM_DELLINK", .delLink, ""),
            ("ip netns add", nil, "ip netns add"),
            ("sysctl -w net.ipv4.ip_forward=1", nil, "sysctl -w net.ipv4.ip_forward=1"),
            ("RTM_NEWLINK (ip link add) twice", nil, "RTM_NEWLINK (ip link add) twice"),
            ("RTM_UNKNOWN (ip x)", nil, "RTM_UNKNOWN (ip x)"),
            ("RTM_NEWLINK ()", nil, "RTM_NEWLINK ()"),
        ])
    func parsed(text: String, messageType: MessageType?, command: String) {
        let operation = NetKitError.Operation(text: text)
        #expect(operation.messageType == messageType)
        #expect(operation.command == command)
        #expect(operation.description == text)
    }

    @Test("a literal, an interpolation and the parts make the same operation")
    func literalsAndParts() {
        let word = "replace"
        let literal: NetKitError.Operation = "RTM_NEWROUTE (ip route replace)"
        let interpolated: NetKitError.Operation = "RTM_NEWROUTE (ip route \(word))"
        #expect(literal == NetKitError.Operation(.newRoute, command: "ip route replace"))
        #expect(interpolated == literal)
        let error = NetKitError(.kernel(.EEXIST), operation: literal, object: "10.0.0.0/8 dev d0")
        #expect(error.operation.messageType == .newRoute && error.operation.command == "ip route replace")
        #expect(error.description.hasPrefix("RTM_NEWROUTE (ip route replace) 10.0.0.0/8 dev d0: File exists (EEXIST)"))
        #expect(RouteCommand.append.operation == "RTM_NEWROUTE (ip route append)")
    }

    /// An error NetKit did not raise, in its own words.
    struct DiskFull: Error, CustomStringConvertible {
        var description: String { "no space left for the journal" }
    }

    @Test("a foreign error keeps its type and words; it is never relabelled a malformed netlink message")
    func foreignErrorStaysDistinguishable() {
        let error = NetKitError.wrap(DiskFull(), operation: "RTM_NEWLINK (ip link add)", object: "dev d0")
        if case .malformedMessage = error.reason { Issue.record("relabelled as \(error.reason)") }
        #expect(error.reason == .foreign("DiskFull: no space left for the journal"))
        #expect(error.description == "RTM_NEWLINK (ip link add) dev d0: DiskFull: no space left for the journal")
        #expect(error.errno == nil)
        let own = NetKitError(.kernel(.EBUSY), operation: "ip netns del", object: "pod1")
        #expect(NetKitError.wrap(own, operation: "other") == own)
    }

    @Test("a ping with no reply carries its failures in the reason; errno and text are the first failure's")
    func noReply() {
        let failures = [
            PingFailure(sequence: 1, kind: .hostUnreachable, errno: .EHOSTUNREACH, reportedBy: "172.19.0.101", family: .ipv4),
            PingFailure(sequence: 2, kind: .sendFailed, errno: .ENETUNREACH, family: .ipv4),
        ]
        let error = NetKitError(.noReply(failures), operation: "ping", object: "172.19.0.200")
        #expect(error.errno == .EHOSTUNREACH)
        #expect(error.operation.messageType == nil && error.operation.command == "ping")
        #expect(error.description == "ping 172.19.0.200: No route to host (EHOSTUNREACH)")
        guard case .noReply(let carried) = error.reason else {
            Issue.record("reason is \(error.reason)")
            return
        }
        #expect(carried == failures)
    }
}
