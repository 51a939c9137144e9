@testable import NetKit
import Testing

/// How an `EOPNOTSUPP` from `RTM_NEWLINK` becomes a typed missing kernel feature — with the
/// kernel's extended ack, and without one (older kernels, or a socket without `NETLINK_EXT_ACK`).
@Suite("Missing kernel features on link creation")
struct MissingFeatureTests {
    static func refusal(_ errno: Errno = .EOPNOTSUPP, message: String? = nil) -> NetKitError {
        NetKitError(.kernel(errno), operation: "RTM_NEWLINK (ip link add)", object: "x", kernelMessage: message)
    }

    @Test("a bare EOPNOTSUPP (no extended ack) still names the kind's kernel feature")
    func withoutExtendedAck() throws {
        let ipip = try #require(IPIPTunnel(name: "ipip1", remote: "10.0.0.1").featureError(for: Self.refusal()))
        #expect(ipip.reason == .kernelFeatureMissing("CONFIG_NET_IPIP (module ipip)"))
        #expect(ipip.description.contains("CONFIG_NET_IPIP"))
        #expect(ipip.errno == nil && ipip.object == "x" && ipip.kernelMessage == nil)
        #expect(Dummy(name: "d0").featureError(for: Self.refusal())?.reason == .kernelFeatureMissing("CONFIG_DUMMY (module dummy)"))
        #expect(
            VethPair(name: "a", peerName: "b").featureError(for: Self.refusal())?.reason
                == .kernelFeatureMissing("CONFIG_VETH (module veth)"))
        #expect(Bridge(name: "br0").featureError(for: Self.refusal())?.reason == .kernelFeatureMissing("CONFIG_BRIDGE (module bridge)"))
        #expect(
            Bridge(name: "br0", vlanFiltering: true).featureError(for: Self.refusal())?.reason
                == .kernelFeatureMissing("CONFIG_BRIDGE_VLAN_FILTERING"))
    }

    @Test("\"Unknown device type\" names the kind; for a VLAN-filtering bridge it is still the bridge")
    func unknownDeviceType() {
        let unknown = Self.refusal(message: "Unknown device type")
        #expect(IPIPTunnel(name: "ipip1").featureError(for: unknown)?.reason == .kernelFeatureMissing("CONFIG_NET_IPIP (module ipip)"))
        #expect(
            Bridge(name: "br0", vlanFiltering: true).featureError(for: unknown)?.reason
                == .kernelFeatureMissing("CONFIG_BRIDGE (module bridge)"))
        #expect(
            Bridge(name: "br0", vlanFiltering: true).featureError(for: Self.refusal(message: "VLAN filtering is not supported"))?.reason
                == .kernelFeatureMissing("CONFIG_BRIDGE_VLAN_FILTERING"))
    }

    @Test("other errors, and an EOPNOTSUPP the kernel explains otherwise, stay as they are")
    func otherErrors() {
        #expect(IPIPTunnel(name: "ipip1").featureError(for: Self.refusal(.EEXIST)) == nil)
        #expect(IPIPTunnel(name: "ipip1").featureError(for: Self.refusal(message: "some option is not supported")) == nil)
        #expect(Bridge(name: "br0").featureError(for: Self.refusal(message: "some option is not supported")) == nil)
    }
}
