/// The bridge side of ``NetlinkHandle/attach(_:)``: the bridge made ready, the host end made its port.
extension NetlinkHandle {
    /// `given`, checked to be a claim on `attachment`'s bridge in this namespace, or a new claim.
    func bridgeClaim(_ given: BridgeClaim?, for attachment: BridgeAttachment, operation: NetKitError.Operation) throws -> BridgeClaim {
        guard let given else { return try BridgeClaim(bridge: attachment.bridge.name, on: self) }
        guard given.bridge == attachment.bridge.name, given.namespace.inode == namespace.inode else {
            throw NetKitError.invalidInput(
                "the claim is on \(given.bridge) in \(given.namespace), the attachment's bridge is \(attachment.bridge.name) in \(namespace)",
                operation: operation, object: attachment.bridge.name.rawValue)
        }
        return given
    }

    /// The bridge: created if missing, gateway addresses added if missing, promiscuous if
    /// asked, the caller's hook, up. On rollback, a bridge this attach created is deleted, and
    /// an address it added, the promiscuous mode or the up it set are undone, only if no other
    /// attach claims the bridge (and, to delete it, it has no port then): ``BridgeClaim``.
    func prepare(_ attachment: BridgeAttachment, claim: BridgeClaim, operation: NetKitError.Operation, log: inout RollbackLog) throws {
        let name = attachment.bridge.name
        var existing = try linkIfPresent(named: name)
        let bridge: Link
        if let existing {
            bridge = existing
        } else {
            do {
                try add(attachment.bridge)
                bridge = try link(named: name)
                let index = bridge.index
                log.record("ip link del \(name) (unless another attach uses it)") { _ = try claim.deleteIfUnused(index: index) }
            } catch {
                guard error.isAlreadyExists else { throw error }
                bridge = try link(named: name)  // a concurrent attach created it first
                existing = bridge
            }
        }
        if let existing, existing.kind != .bridge {
            throw NetKitError(
                .system(.EEXIST), operation: operation, object: name.rawValue,
                hint: "\(name) exists and is a \(existing.kind) link, not a bridge")
        }
        /// Records `undo` of a change to a bridge that was there before, guarded by the claim.
        func recordOnExisting(_ what: String, _ undo: @escaping () throws -> Void) {
            guard existing != nil else { return }  // a bridge this attach created is deleted instead
            log.record("\(what) (unless another attach uses it)") { _ = try claim.ifUnclaimed(undo) }
        }
        if !attachment.addresses.isEmpty {
            let present = existing == nil ? [] : try addresses(dev: name).map(\.local)
            for address in attachment.addresses where !present.contains(address) {
                try addAddress(InterfaceAddress(address, dev: name))
                recordOnExisting("ip addr del \(address) dev \(name)") { try self.deleteAddress(InterfaceAddress(address, dev: name)) }
            }
        }
        if attachment.promiscuous && !bridge.flags.contains(.promiscuous) {
            try setPromiscuous(name, to: true)
            recordOnExisting("ip link set \(name) promisc off") { try self.setPromiscuous(name, to: false) }
        }
        try attachment.configureBridge?(self, bridge)
        if !bridge.isUp {
            try setUp(name)
            recordOnExisting("ip link set \(name) down") { try self.setDown(name) }
        }
    }

    /// `ip link set PORT master BRIDGE`, then the port's options and VLANs.
    func join(_ attachment: BridgeAttachment, port: InterfaceName) throws(NetKitError) {
        try setMaster(port, to: attachment.bridge.name)
        if let options = attachment.portOptions, options != BridgePortOptions() { try setBridgePortOptions(port, to: options) }
        try setPortVLANs(port, attachment.portVLANs, replacing: attachment.replacesPortVLANs)
    }

    /// A bridge port's VLANs as ``BridgeAttachment/portVLANs`` and
    /// ``BridgeAttachment/replacesPortVLANs`` describe them: nothing when `vlans` is empty;
    /// otherwise, when `replacing`, `bridge vlan del … master` of each VLAN the port has now, then
    /// `bridge vlan add … master` of each of `vlans` in order. For the package's CNI plugins too,
    /// whose VLAN gateway port gets its VLANs the same way.
    package func setPortVLANs(_ port: InterfaceName, _ vlans: [BridgeVLAN], replacing: Bool) throws(NetKitError) {
        guard !vlans.isEmpty else { return }
        if replacing {
            for device in try bridgeVLANs(dev: port) {
                for entry in device.vlans { try deleteBridgeVLAN(entry, dev: port, target: .master) }
            }
        }
        for vlan in vlans { try addBridgeVLAN(vlan, dev: port, target: .master) }
    }
}
