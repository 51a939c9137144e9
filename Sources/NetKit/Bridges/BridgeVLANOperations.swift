extension NetlinkHandle {
    /// `bridge vlan add vid ID[-END] [pvid] [untagged] dev DEV [master|self]` (`RTM_SETLINK`,
    /// family `AF_BRIDGE`, `ifi_index` = DEV, `IFLA_AF_SPEC` with `IFLA_BRIDGE_FLAGS` when a
    /// target is given and `IFLA_BRIDGE_VLAN_INFO`: one, or a `RANGE_BEGIN`/`RANGE_END` pair for
    /// a range). Without a target the port's bridge applies it (`master`); a bridge's own VLANs
    /// need ``BridgeVLANTarget/device`` (`self`). Adding a VLAN the device has updates its flags.
    ///
    /// Needs `CONFIG_BRIDGE_VLAN_FILTERING`: without it the kernel answers `EOPNOTSUPP`, thrown
    /// as ``NetKitError/Reason/kernelFeatureMissing(_:)``. The VLANs apply to traffic once the
    /// bridge filters (`setBridgeVLANOptions(_:to:)` with `vlanFiltering: true`).
    public func addBridgeVLAN(_ vlan: BridgeVLAN, dev: InterfaceName, target: BridgeVLANTarget? = nil) throws(NetKitError) {
        try bridgeVLANRequest(.setLink, vlan, dev: dev, target: target, operation: "bridge vlan add")
    }

    /// `bridge vlan del vid ID[-END] dev DEV [master|self]` (`RTM_DELLINK`, family `AF_BRIDGE`,
    /// the same `IFLA_AF_SPEC` as `addBridgeVLAN(_:dev:target:)`). The kernel ignores ids the
    /// device does not have; `pvid`/`untagged` play no part in a deletion.
    public func deleteBridgeVLAN(_ vlan: BridgeVLAN, dev: InterfaceName, target: BridgeVLANTarget? = nil) throws(NetKitError) {
        try bridgeVLANRequest(.delLink, vlan, dev: dev, target: target, operation: "bridge vlan del")
    }

    /// `bridge vlan show [dev DEV]` (`RTM_GETLINK` dump, family `AF_BRIDGE`, `IFLA_EXT_MASK` =
    /// `RTEXT_FILTER_BRVLAN`): every bridge port and bridge with VLANs, each id on its own; with
    /// `compressed` (`bridge -compressvlans vlan show`, `RTEXT_FILTER_BRVLAN_COMPRESSED`) runs of
    /// ids with the same flags come as one range. Devices without VLANs are left out, as
    /// `bridge vlan show` leaves them out; a kernel without `CONFIG_BRIDGE_VLAN_FILTERING`
    /// reports none.
    public func bridgeVLANs(dev: InterfaceName? = nil, compressed: Bool = false) throws(NetKitError) -> [BridgeVLANDevice] {
        let index = try dev.map { name throws(NetKitError) in try linkIndex(of: name) }
        let request = Self.bridgeVLANDumpRequest(compressed: compressed, object: dev.map { "dev \($0)" } ?? "")
        return try dump(request) { message in
            guard let entry = try BridgeVLANDevice(message: message), !entry.vlans.isEmpty else { return nil }
            return index == nil || entry.index == index ? entry : nil
        }
    }

    // MARK: - Requests

    /// The dump request `bridge vlan show` sends.
    static func bridgeVLANDumpRequest(compressed: Bool, object: String = "") -> NetlinkRequest {
        var request = NetlinkRequest(.getLink, flags: [], operation: "RTM_GETLINK (bridge vlan show)", object: object)
        request.appendHeader(InterfaceInfoHeader(family: IFLA.BridgeAFSpec.family))
        request.appendAttribute(IFLA.extMask, uint32: compressed ? IFLA.bridgeVLANCompressedFilter : IFLA.bridgeVLANFilter)
        return request
    }

    /// The `RTM_SETLINK`/`RTM_DELLINK` request of `bridge vlan add|del` for the device at `index`.
    static func bridgeVLANRequest(
        _ type: MessageType, _ vlan: BridgeVLAN, index: Int32, target: BridgeVLANTarget?,
        operation: NetKitError.Operation, object: String
    ) throws(NetKitError) -> NetlinkRequest {
        try vlan.validate(operation: operation, object: object)
        var request = NetlinkRequest(type, flags: [], operation: "\(type) (\(operation))", object: object)
        request.appendHeader(InterfaceInfoHeader(family: IFLA.BridgeAFSpec.family, index: index))
        request.nested(IFLA.afSpec) { spec in
            if let target { spec.appendAttribute(IFLA.BridgeAFSpec.flags, uint16: target.flags) }
            var flags: UInt16 = 0
            if vlan.isPVID { flags |= IFLA.BridgeVLANInfo.pvid }
            if vlan.isUntagged { flags |= IFLA.BridgeVLANInfo.untagged }
            func info(_ flags: UInt16, _ id: UInt16) {
                withUnsafeBytes(of: (flags.littleEndian, id.littleEndian)) { spec.appendAttribute(IFLA.BridgeAFSpec.vlanInfo, bytes: $0) }
            }
            if vlan.ids.count == 1 {
                info(flags, vlan.ids.lowerBound)
            } else {
                info(flags | IFLA.BridgeVLANInfo.rangeBegin, vlan.ids.lowerBound)
                info(flags | IFLA.BridgeVLANInfo.rangeEnd, vlan.ids.upperBound)
            }
        }
        return request
    }

    private func bridgeVLANRequest(
        _ type: MessageType, _ vlan: BridgeVLAN, dev: InterfaceName, target: BridgeVLANTarget?,
        operation: NetKitError.Operation
    ) throws(NetKitError) {
        let object = "\(vlan.words) dev \(dev)" + (target.map { " \($0)" } ?? "")
        try vlan.validate(operation: operation, object: object)
        let index = try linkIndex(of: dev)
        let request = try Self.bridgeVLANRequest(type, vlan, index: index, target: target, operation: operation, object: object)
        do {
            try execute(request)
        } catch {
            guard error.errno == .EOPNOTSUPP else { throw error }
            throw bridgeVLANRefusal(error, dev: dev, index: index, target: target)
        }
    }

    /// An `EOPNOTSUPP` means the kernel lacks VLAN filtering when the request went where a
    /// bridge handles it (a bridge port with `master`, a bridge with `self`), and otherwise that
    /// it went to a device no bridge answers for.
    private func bridgeVLANRefusal(_ error: NetKitError, dev device: InterfaceName, index: Int32, target: BridgeVLANTarget?) -> NetKitError
    {
        let link = try? link(index: index)
        let isBridge = link?.kind == .bridge
        let isPort = link?.masterIndex.flatMap { try? self.link(index: $0) }?.kind == .bridge
        if (target == .device && isBridge) || (target != .device && isPort) {
            return NetKitError(
                .kernelFeatureMissing("CONFIG_BRIDGE_VLAN_FILTERING"), operation: error.operation, object: error.object,
                kernelMessage: error.kernelMessage,
                hint: "the kernel answered EOPNOTSUPP for a bridge VLAN; it needs CONFIG_BRIDGE_VLAN_FILTERING")
        }
        var error = error
        error.hint =
            isBridge
            ? "\(device) is a bridge: its own VLANs are set with target .device (bridge vlan add … dev \(device) self)"
            : "\(device) must be a bridge port (ip link set dev \(device) master BRIDGE), or a bridge with target .device"
        return error
    }
}

extension BridgeVLANDevice {
    /// Decodes one `AF_BRIDGE` `RTM_NEWLINK` of a `bridge vlan show` dump; nil for other families.
    init?(message: NetlinkMessage) throws {
        let header = try message.header(InterfaceInfoHeader.self)
        guard header.family == IFLA.BridgeAFSpec.family else { return nil }
        self.init(name: InterfaceName(unchecked: "if\(header.index)"), index: header.index, masterIndex: nil, vlans: [])
        var rangeStart: UInt16?
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<InterfaceInfoHeader>.size) {
            switch attribute.type {
            case IFLA.ifname: name = InterfaceName(unchecked: attribute.string)
            case IFLA.master: masterIndex = attribute.int32.flatMap { $0 == header.index ? nil : $0 }
            case IFLA.afSpec:
                for info in attribute.nested where info.type == IFLA.BridgeAFSpec.vlanInfo && info.value.count >= 4 {
                    let flags = info.value.loadUnaligned(fromByteOffset: 0, as: UInt16.self)
                    let id = info.value.loadUnaligned(fromByteOffset: 2, as: UInt16.self)
                    if flags & IFLA.BridgeVLANInfo.rangeBegin != 0 {
                        rangeStart = id
                        continue
                    }
                    let start = flags & IFLA.BridgeVLANInfo.rangeEnd != 0 ? min(rangeStart ?? id, id) : id
                    rangeStart = nil
                    vlans.append(
                        BridgeVLAN(
                            ids: start...id, pvid: flags & IFLA.BridgeVLANInfo.pvid != 0,
                            untagged: flags & IFLA.BridgeVLANInfo.untagged != 0))
                }
            default: break
            }
        }
    }
}
