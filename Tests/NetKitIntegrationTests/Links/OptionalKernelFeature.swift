import Foundation
import NetKit
import Testing

/// A kernel feature the host may lack (IPIP, dummy, bridge VLAN filtering) but the kernel lane's
/// stock Debian kernel has. Tests that need one run in both places: on the host they check the
/// typed missing-feature error, in the lane a missing feature fails them — never a skip.
struct OptionalKernelFeature {
    /// Part of the `CONFIG_…` text ``NetKitError/Reason/kernelFeatureMissing(_:)`` must name.
    var config: String
    /// The environment variable that makes the feature required here.
    var requiredBy: String

    static let ipip = OptionalKernelFeature(config: "CONFIG_NET_IPIP", requiredBy: "NETKIT_REQUIRE_IPIP")
    /// Required in the kernel lane, which `Scripts/test.sh` marks with `NETKIT_REQUIRE_IPIP=1`
    /// only: its kernel has all three features.
    static let dummy = OptionalKernelFeature(config: "CONFIG_DUMMY", requiredBy: "NETKIT_REQUIRE_IPIP")
    static let vlanFiltering = OptionalKernelFeature(config: "CONFIG_BRIDGE_VLAN_FILTERING", requiredBy: "NETKIT_REQUIRE_IPIP")
    /// Link kinds the host kernel may lack; the lane's kernel has each (as a module).
    static let vlan = OptionalKernelFeature(config: "CONFIG_VLAN_8021Q", requiredBy: "NETKIT_REQUIRE_IPIP")
    static let macvlan = OptionalKernelFeature(config: "CONFIG_MACVLAN", requiredBy: "NETKIT_REQUIRE_IPIP")
    static let macvtap = OptionalKernelFeature(config: "CONFIG_MACVTAP", requiredBy: "NETKIT_REQUIRE_IPIP")
    static let ipvlan = OptionalKernelFeature(config: "CONFIG_IPVLAN", requiredBy: "NETKIT_REQUIRE_IPIP")
    static let vrf = OptionalKernelFeature(config: "CONFIG_NET_VRF", requiredBy: "NETKIT_REQUIRE_IPIP")
    static let wireguard = OptionalKernelFeature(config: "CONFIG_WIREGUARD", requiredBy: "NETKIT_REQUIRE_IPIP")

    var isRequired: Bool { ProcessInfo.processInfo.environment[requiredBy] == "1" }

    /// Runs `create`. When the kernel lacks the feature: checks that the error is the typed
    /// missing feature naming it and that nothing was left behind, records a failure if the
    /// feature is required here, and returns false.
    func create(in ns: TestNamespace, _ create: () throws -> Void) throws -> Bool {
        let before = try ns.net.links().map(\.name)
        do {
            try create()
            return true
        } catch let error as NetKitError {
            guard case .kernelFeatureMissing(let feature) = error.reason else { throw error }
            #expect(feature.contains(config), "\(error)")
            #expect(error.description.contains(config))
            #expect(!isRequired, "\(config) is required here (\(requiredBy)=1) but the kernel lacks it: \(error)")
            #expect(try ns.net.links().map(\.name) == before, "a failed create must leave nothing")
            return false
        }
    }
}
