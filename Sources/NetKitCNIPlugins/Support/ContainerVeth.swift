import NetKit
import NetKitCNI

/// The veth pair of an attachment, as the reference plugins make it (`ip.SetupVeth`): the host
/// end `vethXXXXXXXX` (random, retried on a clash) in the runtime's namespace, the container
/// end `CNI_IFNAME` created directly in `CNI_NETNS` (one `RTM_NEWLINK`), both with the
/// configured MTU. NetKit's `attach` makes it, the bridge port too.
struct ContainerVeth {
    var hostName: InterfaceName
    var hostMAC: MACAddress
    var containerMAC: MACAddress

    /// Attaches the container's interface (`NetlinkHandle.attach(_:container:claim:undo:)`, on
    /// the namespaces' handles, reading no link back), recording
    /// the undo of each change in `undo`: the `bridge`, if any, made ready under the `ADD`'s
    /// `claim`; the pair; the host end a port of the bridge, then up. The host end gets
    /// `accept_ra` off (the plugin owns its routes) and EUI-64 link-local addressing before it
    /// comes up: the kernel makes that address when the carrier comes up, by the node's
    /// `default` addr_gen_mode (stable privacy or random on some nodes); pinned, it is always
    /// derived from the MAC, as the reference's is on a default node. The container end stays
    /// down until its sysctls and addresses are in place (``ContainerAddressing``).
    ///
    /// A bridge name that belongs to another kind of link is error 102; `CNI_IFNAME` taken in
    /// the container (by a link made since ``AttachmentNamespaces/requireNoInterface(_:)``) 101.
    static func create(
        _ namespaces: AttachmentNamespaces, request: CNIRequest, mtu: UInt32?, containerMAC: MACAddress?,
        bridge: BridgeAttachment? = nil, claim: BridgeClaim? = nil, undo: inout RollbackLog
    ) throws(CNIError) -> ContainerVeth {
        let name = try attempt("check CNI_IFNAME") { try InterfaceName(parsing: request.interfaceName) }
        let what = "create the veth pair for \(name)" + (bridge.map { " on \($0.bridge.name)" } ?? "")
        let node = namespaces.nodeNet
        var interface = ContainerInterface(
            hostName: name, name: name, in: namespaces.pod, mtu: mtu, bridge: bridge, loopbackUp: false, containerEndUp: false
        ) { _, host in
            // This thread is in the runtime's namespace, the host end's.
            var sysctls = SysctlBatch()
            sysctls.set(.acceptRA(host), .ignore)
            sysctls.set(.addressGeneration(host), .eui64)
            try? sysctls.applyHere()
        }
        for _ in 0..<10 {
            let veth = ContainerVeth(
                hostName: randomVethName(), hostMAC: .random(), containerMAC: containerMAC ?? .random())
            interface.hostName = veth.hostName
            interface.hostMACAddress = veth.hostMAC
            interface.macAddress = veth.containerMAC
            do {
                try node.attach(interface, container: namespaces.podNet, claim: claim, undo: &undo)
                return veth
            } catch {
                guard error.isAlreadyExists else { throw CNIError(error, doing: what) }
                if let bridge, let link = try? node.linkIfPresent(named: bridge.bridge.name), link.kind != .bridge {
                    let bridgeName = bridge.bridge.name
                    throw CNIError(
                        .conflictingState, "\"\(bridgeName)\" already exists but is not a bridge",
                        details: "\(bridgeName) is a \(link.kind) link in the runtime's namespace; name another bridge in \"bridge\"")
                }
                // A host end of that name that is not ours (another MAC): pick another name.
                if let clash = try? node.linkIfPresent(named: veth.hostName) {
                    if clash.macAddress != veth.hostMAC { continue }
                    throw CNIError(error, doing: what)
                }
                throw CNIError(
                    .interfaceExists, "interface \(name) already exists in the container",
                    details: "\(request.netns) has a link named \(name)")
            }
        }
        throw CNIError(.kernelFailure, what, details: "no free host-side veth name after 10 attempts")
    }
}

/// `vethXXXXXXXX` with eight random hex digits: how the reference names host veths, always a
/// valid interface name (12 bytes of `[0-9a-f]` after `veth`).
func randomVethName() -> InterfaceName {
    InterfaceName(rawValue: "veth" + hex8(UInt32.random(in: 0 ... .max)))!
}

/// Eight lowercase hex digits, zero-padded: how the reference names host veths (`veth1a2b3c4d`).
func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
