import NetKit
import NetKitCNI

/// The configuration keys every main plugin shares (`mtu`, `ipam`, `dns`, `ipMasq`), decoded
/// from the same bytes as the plugin's own keys and checked before anything is changed: a bad
/// value is error 7 naming key and value.
struct CommonKeys: Sendable {
    /// `mtu`: nil when absent or 0 (the kernel's default).
    var mtu: UInt32?
    /// `ipam.type`: the IPAM plugin to delegate to.
    var ipamType: String?
    /// `dns`: returned instead of the IPAM plugin's DNS when any field is set.
    var dns: CNIResult.DNS?
    /// `ipMasq`: masquerade traffic from the container leaving its subnet (nftables).
    var ipMasq: Bool

    private struct Document: Decodable {
        var mtu: Int?
        var ipMasq: Bool?
        var ipMasqBackend: String?
        var dns: CNIResult.DNS?
        var ipam: PluginConfiguration.IPAM?
    }

    /// Decodes the keys of `request`; `plugin` names the plugin in error details. Without
    /// `masquerade` (plugins that have no `ipMasq` key) `ipMasq` is ignored, as the reference does.
    init(_ request: CNIRequest, plugin: String, masquerade: Bool = true) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        if let mtu = document.mtu, mtu != 0 {
            guard (68...65535).contains(mtu) else { throw Self.invalid("mtu", "mtu \(mtu) is outside 68–65535") }
            self.mtu = UInt32(mtu)
        }
        ipamType = document.ipam?.type.flatMap { $0.isEmpty ? nil : $0 }
        if let type = ipamType, CNIEnvironment.pluginTypeProblem(type) != nil {
            throw Self.invalid("ipam.type", "\"\(type)\" must be the name of a plugin binary, not a path")
        }
        ipMasq = masquerade && document.ipMasq ?? false
        if masquerade, let backend = document.ipMasqBackend, backend != "nftables" {
            throw Self.unsupported(
                "ipMasqBackend", "\"\(backend)\"", plugin: plugin,
                instead: "masquerading is done with nftables; use \"nftables\" or leave it out")
        }
        dns = document.dns
    }

    /// `ipam.type`, required: error 7 without it (the plugin has no other source of addresses).
    func requiredIPAMType(plugin: String) throws(CNIError) -> String {
        guard let ipamType else {
            throw Self.invalid("ipam", "\(plugin) needs an IPAM plugin: set \"ipam\": {\"type\": …}")
        }
        return ipamType
    }

    /// The DNS of the result: the configured one when it sets any field, else the allocation's.
    func resultDNS(_ allocation: CNIResult) -> CNIResult.DNS {
        dns.flatMap { $0.isEmpty ? nil : $0 } ?? allocation.dns ?? CNIResult.DNS()
    }

    /// A key whose value is one of `words` (iproute2's words for a kernel mode); absent or empty
    /// is `words[0]`, anything else error 7 listing them.
    static func word(_ value: String?, key: String, of words: [String], kind: String) throws(CNIError) -> String {
        let word = value.flatMap { $0.isEmpty ? nil : $0 } ?? words[0]
        guard words.contains(word) else {
            throw invalid(key, "unknown \(kind) \(key): \"\(word)\" (one of \(words.joined(separator: ", ")))")
        }
        return word
    }

    /// Error 7 about `key`.
    static func invalid(_ key: String, _ why: String) -> CNIError {
        CNIError(.invalidNetworkConfiguration, "invalid network configuration: \(key)", details: why)
    }

    /// Error 2: `key` has a value `plugin` does not implement.
    static func unsupported(_ key: String, _ value: String, plugin: String, instead: String? = nil) -> CNIError {
        CNIError(
            .unsupportedField, "unsupported field in network configuration: \"\(key)\": \(value)",
            details: "\"\(key)\": \(value) is not implemented by \(plugin); " + (instead ?? "remove it or use the reference plugin"))
    }

    /// The container interface's MAC from the top-level `mac` key (with `topLevel`), `CNI_ARGS`
    /// `MAC=`, `args.cni.mac` and `runtimeConfig.mac` (the last one set wins); error 7 for one
    /// that is not unicast.
    static func containerMAC(_ request: CNIRequest, topLevel: Bool = false) throws(CNIError) -> MACAddress? {
        struct Document: Decodable {
            struct Arguments: Decodable { var cni: MACArgument? }
            struct MACArgument: Decodable { var mac: String? }
            var mac: String?
            var args: Arguments?
            var runtimeConfig: MACArgument?
        }
        let document = try request.decodeConfiguration(Document.self)
        var macText = topLevel ? document.mac : nil
        if let text = request.environment.arguments["MAC"], !text.isEmpty { macText = text }
        if let text = document.args?.cni?.mac, !text.isEmpty { macText = text }
        if let text = document.runtimeConfig?.mac, !text.isEmpty { macText = text }
        guard let macText, !macText.isEmpty else { return nil }
        do {
            let mac = try MACAddress(parsing: macText)
            guard !mac.isMulticast, !mac.isZero else { throw NetKitError.invalidInput("\(mac) is not a unicast address") }
            return mac
        } catch {
            throw invalid("mac", "container MAC \"\(macText)\": \((error as? NetKitError)?.reasonText ?? "\(error)")")
        }
    }
}
