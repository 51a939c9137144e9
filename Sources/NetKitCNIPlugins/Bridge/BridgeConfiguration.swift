import NetKit
import NetKitCNI

/// The `bridge` plugin's configuration keys (those of the reference plugin), checked before
/// anything is changed: a bad value is error 7 naming key and value, a key this plugin does not
/// implement (MAC spoof checking, `disableContainerInterface`) is error 2.
struct BridgeConfiguration: Sendable {
    /// `bridge`: the bridge in the runtime's namespace, `cni0` by default.
    var bridgeName: String
    /// `isGateway`: put the gateway address on the bridge and turn on forwarding.
    var isGateway: Bool
    /// `isDefaultGateway`: also route the container's default route via the bridge (implies `isGateway`).
    var isDefaultGateway: Bool
    /// `forceAddress`: replace a different address of the same family on the bridge.
    var forceAddress: Bool
    /// `ipMasq`: masquerade traffic from the container leaving its subnet (nftables).
    var ipMasq: Bool
    /// `mtu` of the bridge (when created) and both veth ends.
    var mtu: UInt32?
    /// `hairpinMode`: reflect frames back out of the container's port.
    var hairpinMode: Bool
    /// `promiscMode`: put the bridge in promiscuous mode.
    var promiscMode: Bool
    /// `enabledad`: keep IPv6 duplicate address detection on in the container.
    var enableDAD: Bool
    /// `ipam.type`: the IPAM plugin to delegate to; none means a layer-2-only attachment.
    var ipamType: String?
    /// `dns`: returned instead of the IPAM plugin's DNS when set.
    var dns: CNIResult.DNS?
    /// The container interface's MAC (`CNI_ARGS` `MAC=`, `args.cni.mac`, `runtimeConfig.mac`; the last wins).
    var mac: MACAddress?
    /// `vlan`, `vlanTrunk`, `preserveDefaultVlan`.
    var vlan = BridgeVLANConfiguration()

    static let defaultBridgeName = "cni0"

    private struct Document: Decodable {
        var bridge: String?
        var isGateway: Bool?
        var isDefaultGateway: Bool?
        var forceAddress: Bool?
        var ipMasq: Bool?
        var mtu: Int?
        var hairpinMode: Bool?
        var promiscMode: Bool?
        var vlan: Int?
        var vlanTrunk: [BridgeVLANConfiguration.TrunkItem?]?
        var preserveDefaultVlan: Bool?
        var macspoofchk: Bool?
        var enabledad: Bool?
        var disableContainerInterface: Bool?
        var dns: CNIResult.DNS?
        var ipam: PluginConfiguration.IPAM?
        var args: Arguments?
        var runtimeConfig: RuntimeConfig?

        struct Arguments: Decodable {
            var cni: MACArgument?
        }
        struct RuntimeConfig: Decodable {
            var mac: String?
        }
        struct MACArgument: Decodable {
            var mac: String?
        }
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        func invalid(_ key: String, _ why: String) -> CNIError {
            CNIError(.invalidNetworkConfiguration, "invalid network configuration: \(key)", details: why)
        }
        func unsupported(_ key: String, _ value: String) -> CNIError {
            CNIError(.unsupportedField, "unsupported field in network configuration: \"\(key)\": \(value)",
                     details: "\"\(key)\": \(value) is not implemented by netkit-bridge; remove it or use the reference bridge plugin")
        }
        bridgeName = document.bridge.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultBridgeName
        if let problem = CNIEnvironment.interfaceNameProblem(bridgeName) {
            throw invalid("bridge", "bridge name \"\(bridgeName)\" \(problem)")
        }
        vlan = try BridgeVLANConfiguration(vlan: document.vlan, vlanTrunk: document.vlanTrunk, preserveDefaultVlan: document.preserveDefaultVlan)
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
        if let mtu = document.mtu, mtu != 0 {
            guard (68...65535).contains(mtu) else { throw invalid("mtu", "mtu \(mtu) is outside 68–65535") }
            self.mtu = UInt32(mtu)
        }
        ipamType = document.ipam?.type.flatMap { $0.isEmpty ? nil : $0 }
        if let type = ipamType, CNIEnvironment.pluginTypeProblem(type) != nil {
            throw invalid("ipam.type", "\"\(type)\" must be the name of a plugin binary, not a path")
        }
        ipMasq = document.ipMasq ?? false
        dns = document.dns
        var macText = request.environment.arguments["MAC"]
        if let text = document.args?.cni?.mac, !text.isEmpty { macText = text }
        if let text = document.runtimeConfig?.mac, !text.isEmpty { macText = text }
        if let macText, !macText.isEmpty {
            do {
                let mac = try MACAddress(parsing: macText)
                guard !mac.isMulticast, !mac.isZero else { throw NetKitError.invalidInput("\(mac) is not a unicast address") }
                self.mac = mac
            } catch {
                throw invalid("mac", "container MAC \"\(macText)\": \((error as? NetKitError)?.reasonText ?? "\(error)")")
            }
        }
    }
}
