import NetKit
import NetKitCNI

/// The `bridge` plugin's configuration keys (those of the reference plugin), checked before
/// anything is changed: a bad value is error 7 naming key and value, a key this plugin does not
/// implement (MAC spoof checking, `disableContainerInterface`) is error 2.
struct BridgeConfiguration: Sendable {
    /// `bridge`: the bridge in the runtime's namespace, `cni0` by default.
    var bridgeName: String { bridge.rawValue }
    /// The same name as an ``InterfaceName``, checked by the kernel's rules when read.
    var bridge: InterfaceName
    /// `isGateway`: put the gateway address on the bridge and turn on forwarding.
    var isGateway: Bool
    /// `isDefaultGateway`: also route the container's default route via the bridge (implies `isGateway`).
    var isDefaultGateway: Bool
    /// `forceAddress`: replace a different address of the same family on the bridge.
    var forceAddress: Bool
    /// `hairpinMode`: reflect frames back out of the container's port.
    var hairpinMode: Bool
    /// `promiscMode`: put the bridge in promiscuous mode.
    var promiscMode: Bool
    /// `enabledad`: keep IPv6 duplicate address detection on in the container.
    var enableDAD: Bool
    /// `mtu`, `ipam`, `dns`, `ipMasq`.
    var common: CommonKeys
    /// The container interface's MAC (`CNI_ARGS` `MAC=`, `args.cni.mac`, `runtimeConfig.mac`; the last wins).
    var mac: MACAddress?
    /// `vlan`, `vlanTrunk`, `preserveDefaultVlan`.
    var vlan = BridgeVLANConfiguration()

    var mtu: UInt32? { common.mtu }
    var ipamType: String? { common.ipamType }
    var ipMasq: Bool { common.ipMasq }

    static let defaultBridgeName = "cni0"

    private struct Document: Decodable {
        var bridge: String?
        var isGateway: Bool?
        var isDefaultGateway: Bool?
        var forceAddress: Bool?
        var hairpinMode: Bool?
        var promiscMode: Bool?
        var vlan: Int?
        var vlanTrunk: [BridgeVLANConfiguration.TrunkItem?]?
        var preserveDefaultVlan: Bool?
        var macspoofchk: Bool?
        var enabledad: Bool?
        var disableContainerInterface: Bool?
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        let invalid = CommonKeys.invalid
        func unsupported(_ key: String, _ value: String) -> CNIError {
            CommonKeys.unsupported(key, value, plugin: "netkit-bridge", instead: "remove it or use the reference bridge plugin")
        }
        let bridgeName = document.bridge.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultBridgeName
        guard CNIEnvironment.interfaceNameProblem(bridgeName) == nil, let bridge = InterfaceName(rawValue: bridgeName) else {
            throw invalid(
                "bridge",
                "bridge name \"\(bridgeName)\" \(CNIEnvironment.interfaceNameProblem(bridgeName) ?? "is not a valid interface name")")
        }
        self.bridge = bridge
        vlan = try BridgeVLANConfiguration(
            vlan: document.vlan, vlanTrunk: document.vlanTrunk, preserveDefaultVlan: document.preserveDefaultVlan)
        if document.macspoofchk == true { throw unsupported("macspoofchk", "true") }
        if document.disableContainerInterface == true { throw unsupported("disableContainerInterface", "true") }
        isDefaultGateway = document.isDefaultGateway ?? false
        isGateway = (document.isGateway ?? false) || isDefaultGateway
        forceAddress = document.forceAddress ?? false
        hairpinMode = document.hairpinMode ?? false
        promiscMode = document.promiscMode ?? false
        enableDAD = document.enabledad ?? false
        if hairpinMode && promiscMode {
            throw invalid("hairpinMode", "cannot set hairpin mode and promiscuous mode at the same time")
        }
        common = try CommonKeys(request, plugin: "netkit-bridge")
        mac = try CommonKeys.containerMAC(request)
    }
}
