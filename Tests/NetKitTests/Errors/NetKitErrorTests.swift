@testable import NetKit
import Testing

@Suite("Error text")
struct NetKitErrorTests {
    @Test("kernel errors read like ip's, with operation, object, errno, kernel text and hint")
    func kernelError() {
        let error = NetKitError(
            .kernel(.ENETUNREACH), operation: "RTM_NEWROUTE (ip route add)",
            object: "10.122.17.64/26 via 192.168.3.110 dev tunl0",
            kernelMessage: "Nexthop has invalid gateway", hint: "use onlink")
        #expect(
            error.description
                == "RTM_NEWROUTE (ip route add) 10.122.17.64/26 via 192.168.3.110 dev tunl0: Network is unreachable (ENETUNREACH) — kernel says: Nexthop has invalid gateway — hint: use onlink"
        )
        #expect(error.errno == .ENETUNREACH)
    }

    @Test("permission errors always carry the CAP_NET_ADMIN hint")
    func permission() {
        let error = NetKitError(.kernel(.EPERM), operation: "RTM_NEWLINK (ip link add)", object: "veth1")
        #expect(error.isPermissionDenied)
        #expect(error.description.contains("CAP_NET_ADMIN"))
    }

    @Test(
        "errno names and messages",
        arguments: [(Errno.EEXIST, "EEXIST"), (.ENOENT, "ENOENT"), (.EOPNOTSUPP, "EOPNOTSUPP"), (.ENOBUFS, "ENOBUFS")])
    func names(_ errno: Errno, _ name: String) {
        #expect(errno.name == name)
        #expect(errno.description.hasSuffix("(\(name))"))
        #expect(!errno.message.isEmpty)
    }

    @Test func classification() {
        #expect(NetKitError(.kernel(.EEXIST), operation: "x").isAlreadyExists)
        #expect(NetKitError(.kernel(.ENODEV), operation: "x").isNotFound)
        #expect(NetKitError(.system(.ENOENT), operation: "x").isNotFound)
        #expect(!NetKitError.invalidInput("bad").isNotFound)
        #expect(NetKitError.invalidInput("bad").errno == nil)
    }
}
