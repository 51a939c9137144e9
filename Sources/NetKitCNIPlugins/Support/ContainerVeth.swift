import NetKit
import NetKitCNI

/// The veth pair of an attachment, as the reference plugins make it (`ip.SetupVeth`): the host
/// end `vethXXXXXXXX` (random, retried on a clash) in the runtime's namespace, the container
/// end `CNI_IFNAME` created directly in `CNI_NETNS` (one `RTM_NEWLINK`), both with the
/// configured MTU.
struct ContainerVeth {
    var hostName: String
    var hostMAC: MACAddress
    var containerMAC: MACAddress

    /// Creates the pair and records its removal in `undo`. `beforeUp` runs in the runtime's
    /// namespace before the host end comes up (a bridge port joins there). The host end gets
    /// `accept_ra` off (the plugin owns its routes) and EUI-64 link-local addressing before it
    /// comes up: the kernel makes that address when the carrier comes up, by the node's
    /// `default` addr_gen_mode (stable privacy or random on some nodes); pinned, it is always
    /// derived from the MAC, as the reference's is on a default node. The container end stays
    /// down until its sysctls and addresses are in place.
    static func create(
        _ namespaces: AttachmentNamespaces, request: CNIRequest, mtu: UInt32?, containerMAC: MACAddress?,
        undo: inout RollbackLog, beforeUp: (String) throws -> Void = { _ in }
    ) throws(CNIError) -> ContainerVeth {
        let name = request.interfaceName
        let what = "create the veth pair for \(name)"
        let node = namespaces.nodeNet
        for _ in 0..<10 {
            let veth = ContainerVeth(
                hostName: "veth" + hex8(UInt32.random(in: 0 ... .max)), hostMAC: .random(),
                containerMAC: containerMAC ?? .random())
            let pair = try attempt(what) {
                try VethPair(
                    name: InterfaceName(parsing: veth.hostName), peerName: InterfaceName(parsing: name),
                    options: LinkOptions(mtu: mtu, macAddress: veth.hostMAC),
                    peerMACAddress: veth.containerMAC, peerMTU: mtu, peerNamespace: namespaces.pod)
            }
            do {
                try node.add(pair)
            } catch  where error.isAlreadyExists {
                if (try? node.existingLink(named: veth.hostName)) != nil { continue }  // host name clash: pick another
                throw CNIError(
                    .interfaceExists, "interface \(name) already exists in the container",
                    details: "\(request.netns) has a link named \(name)")
            } catch {
                throw CNIError(error, doing: what)
            }
            let pod = namespaces.podNet
            undo.record("delete \(name) in the container") {
                try RollbackLog.unlessGone { try pod.deleteLink(InterfaceName(parsing: name)) }
            }
            try attempt(what) {
                try beforeUp(veth.hostName)
                var sysctls = SysctlBatch()
                sysctls.set(.acceptRA(veth.hostName), .ignore)
                sysctls.set(.addressGeneration(veth.hostName), .eui64)
                try? sysctls.applyHere()
                try node.setUp(InterfaceName(parsing: veth.hostName))
            }
            return veth
        }
        throw CNIError(.kernelFailure, what, details: "no free host-side veth name after 10 attempts")
    }
}

/// Eight lowercase hex digits, zero-padded: how the reference names host veths (`veth1a2b3c4d`).
func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
