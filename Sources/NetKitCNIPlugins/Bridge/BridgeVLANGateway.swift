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
        let what = "create the VLAN gateway \(bridgeName).\(configuration.vlan.id) on \(bridgeName)"
        let name = try attempt(what) { try InterfaceName(parsing: "\(bridgeName).\(configuration.vlan.id)") }
        let bridge = try attempt(what) { try InterfaceName(parsing: bridgeName) }
        if let existing = try attempt(what, { try node.linkIfPresent(named: name) }) { return existing }
        let mtu = try attempt(what) { try node.link(named: bridge).mtu }
        for _ in 0..<10 {
            let port = randomVethName()
            do {
                try node.add(VethPair(name: name, peerName: port, options: LinkOptions(mtu: mtu)))
            } catch {
                guard error.isAlreadyExists else { throw CNIError(error, doing: what) }
                // Another ADD made it meanwhile, or the random port name is taken.
                if let existing = try attempt(what, { try node.linkIfPresent(named: name) }) { return existing }
                continue
            }
            let handle = node, claim = claim
            undo.record("delete \(name), made by this ADD, unless another ADD uses \(bridgeName)") {
                _ = try claim.ifUnclaimed { try RollbackLog.unlessGone { try handle.deleteLink(name) } }
            }
            var portVLAN = BridgeVLANConfiguration()
            portVLAN.id = configuration.vlan.id
            portVLAN.preserveDefault = configuration.vlan.preserveDefault
            try attempt(what) {
                try node.setMaster(port, to: bridge)
                try node.setPortVLANs(port, portVLAN.portVLANs, replacing: !portVLAN.preserveDefault)
                try node.setUp(port)
                try node.setUp(name)
            }
            return try attempt(what) { try node.link(named: name) }
        }
        throw CNIError(.kernelFailure, what, details: "no free veth name for the gateway's bridge port after 10 attempts")
    }
}
