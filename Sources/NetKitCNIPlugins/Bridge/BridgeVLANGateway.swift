import NetKit
import NetKitCNI

extension BridgeSetup {
    /// The reference's `ensureVlanInterface`: with `isGateway` and a `vlan`, the gateway address
    /// goes on `BRIDGE.VLAN` instead of the bridge (whose own VLAN is the default one). That is one
    /// end of a veth pair in the runtime's namespace, with the bridge's MTU; the other end,
    /// `vethXXXXXXXX`, is a port of the bridge with the VLAN as untagged PVID (its default VLAN
    /// removed unless `preserveDefaultVlan`). The first `ADD` that needs it creates it, later ones
    /// use it; one that created it and then fails removes it again unless another `ADD` claims the
    /// bridge.
    func ensureVLANGateway(undo: inout RollbackLog) throws(CNIError) -> Link {
        let name = "\(bridgeName).\(configuration.vlan.id)"
        let what = "create the VLAN gateway \(name) on \(bridgeName)"
        if let existing = try attempt(what, { try node.existingLink(named: name) }) { return existing }
        let mtu = try attempt(what) { try node.link(named: InterfaceName(parsing: bridgeName)).mtu }
        for _ in 0..<10 {
            let port = try attempt(what) { try InterfaceName(parsing: "veth" + hex8(UInt32.random(in: 0 ... .max))) }
            do {
                try node.add(VethPair(name: InterfaceName(parsing: name), peerName: port, options: LinkOptions(mtu: mtu)))
            } catch  where error.isAlreadyExists {
                // Another ADD made it meanwhile, or the random port name is taken.
                if let existing = try attempt(what, { try node.existingLink(named: name) }) { return existing }
                continue
            } catch {
                throw CNIError(error, doing: what)
            }
            let handle = node, claim = claim
            undo.record("delete \(name), made by this ADD, unless another ADD uses \(bridgeName)") {
                _ = try claim.ifUnclaimed { try RollbackLog.unlessGone { try handle.deleteLink(InterfaceName(parsing: name)) } }
            }
            var portVLAN = BridgeVLANConfiguration()
            portVLAN.id = configuration.vlan.id
            portVLAN.preserveDefault = configuration.vlan.preserveDefault
            try attempt(what) {
                try node.setMaster(port, to: InterfaceName(parsing: bridgeName))
                try node.configureBridgePortVLANs(port, portVLAN)
                try node.setUp(port)
                try node.setUp(InterfaceName(parsing: name))
            }
            return try attempt(what) { try node.link(named: InterfaceName(parsing: name)) }
        }
        throw CNIError(.kernelFailure, what, details: "no free veth name for the gateway's bridge port after 10 attempts")
    }
}
