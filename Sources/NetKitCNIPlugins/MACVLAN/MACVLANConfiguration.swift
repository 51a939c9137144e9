import NetKit
import NetKitCNI

/// The `macvlan` plugin's configuration keys (those of the reference plugin: `master`, `mode`,
/// `mtu`, `mac`, `linkInContainer`, `bcqueuelen`, `ipam`, `dns`, and the MAC from `CNI_ARGS`
/// and `runtimeConfig`), checked before anything is changed: a bad value is error 7 naming key
/// and value. Without IPAM the attachment is layer 2 only.
struct MACVLANConfiguration: ChildLinkConfiguration {
    var parent: ParentLinkKeys
    /// `mode`: `bridge` (the default), `private`, `vepa`, `passthru` — iproute2's words.
    var mode: String
    /// The container interface's MAC: `mac`, `CNI_ARGS` `MAC=`, `runtimeConfig.mac` (the last wins).
    var macAddress: MACAddress?
    /// `bcqueuelen`: the broadcast queue length (`IFLA_MACVLAN_BC_QUEUE_LEN`); nil leaves the kernel's.
    var broadcastQueueLength: UInt32?
    /// `mtu`, `ipam`, `dns`.
    var common: CommonKeys

    static let modes = ["bridge", "private", "vepa", "passthru"]

    private struct Document: Decodable {
        var mode: String?
        var bcqueuelen: Int?
    }

    init(_ request: CNIRequest) throws(CNIError) {
        let document = try request.decodeConfiguration(Document.self)
        mode = try CommonKeys.word(document.mode, key: "mode", of: Self.modes, kind: "macvlan")
        if let length = document.bcqueuelen, length != 0 {
            guard let value = UInt32(exactly: length) else {
                throw CommonKeys.invalid("bcqueuelen", "bcqueuelen \(length) is not a 32-bit unsigned number")
            }
            broadcastQueueLength = value
        }
        parent = try ParentLinkKeys(request, required: false)
        common = try CommonKeys(request, plugin: "netkit-macvlan", masquerade: false)
        macAddress = try CommonKeys.containerMAC(request, topLevel: true)
    }
}
