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
        if let existing = try attempt(what, { try node.linkIfPresent(named: name) }) { return existing }
        let mtu = try attempt(what) { try node.link(named: bridgeName).mtu }
        for _ in 0..<10 {
            let port = "veth" + hex8(UInt32.random(in: 0 ... .max))
            do {
                try node.add(VethPair(name: name, peerName: port, options: LinkOptions(mtu: mtu)))
            } catch let error as NetKitError where error.isAlreadyExists {
                // Another ADD made it meanwhile, or the random port name is taken.
                if let existing = try attempt(what, { try node.linkIfPresent(named: name) }) { return existing }
                continue
            } catch {
                throw CNIError(error, doing: what)
            }
            let handle = node, claim = claim
            undo.record("delete \(name), made by this ADD, unless another ADD uses \(bridgeName)") {
                _ = try claim.ifUnclaimed { try RollbackLog.unlessGone { try handle.deleteLink(name) } }
            }
            var portVLAN = BridgeVLANConfiguration()
            portVLAN.id = configuration.vlan.id
            portVLAN.preserveDefault = configuration.vlan.preserveDefault
            try attempt(what) {
                try node.addPort(port, toBridge: bridgeName)
                try node.setPortVLANs(port, portVLAN.portVLANs, replacing: !portVLAN.preserveDefault)
                try node.setUp(port)
                try node.setUp(name)
            }
            return try attempt(what) { try node.link(named: name) }
        }
        throw CNIError(.kernelFailure, what, details: "no free veth name for the gateway's bridge port after 10 attempts")
    }
}
