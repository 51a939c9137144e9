extension NetlinkHandle {
    /// `tc class add dev DEVICE parent PARENT classid CLASSID htb rate …`: `RTM_NEWTCLASS` with
    /// `NLM_F_CREATE|NLM_F_EXCL`, built by libnl-route's HTB module for the device's MTU and link type.
    public func addClass(_ trafficClass: TrafficClass) throws(NetKitError) {
        try sendClass(trafficClass, .add)
    }

    /// `tc class replace …`: `RTM_NEWTCLASS` with `NLM_F_CREATE|NLM_F_REPLACE`.
    public func replaceClass(_ trafficClass: TrafficClass) throws(NetKitError) {
        try sendClass(trafficClass, .replace)
    }

    /// `tc class change …`: `RTM_NEWTCLASS` without creation flags.
    public func changeClass(_ trafficClass: TrafficClass) throws(NetKitError) {
        try sendClass(trafficClass, .change)
    }

    /// `tc class del dev DEVICE classid CLASSID`: `RTM_DELTCLASS`.
    public func deleteClass(_ trafficClass: TrafficClass) throws(NetKitError) {
        try sendClass(trafficClass, .delete)
    }

    /// `tc class show dev DEVICE`: an `RTM_GETTCLASS` dump of one device, parsed into
    /// ``TrafficClass`` values whose description is the line `tc` prints.
    public func classes(dev device: InterfaceName) throws(NetKitError) -> [TrafficClass] {
        let names = try linkNames(device, operation: "RTM_GETTCLASS (tc class show)")
        let request = TrafficClass.dumpRequest(index: names.first?.key ?? 0)
        return try trafficControl(request.operation, "dev \(device)") { () throws -> [TrafficClass] in
            try dump(request) { message in try TrafficClass(message: message) { names[$0] } }
        }
    }

    private func sendClass(_ trafficClass: TrafficClass, _ command: TCCommand) throws(NetKitError) {
        let link = try tcLink(trafficClass.device, operation: "tc class \(command.word)")
        let request = try trafficClass.request(command, link: link)
        try trafficControl(request.operation, request.object) {
            do {
                try execute(request)
            } catch let error as NetKitError {
                throw Self.missingKind(error, feature: trafficClass.kind.kernelFeature, what: "\(trafficClass.kind) qdisc")
            }
        }
    }
}

extension TrafficClass {
    /// A class from an `RTM_NEWTCLASS` message (dump reply or event).
    init(message: NetlinkMessage, name: (Int32) -> InterfaceName?) throws {
        let fields = try TCMessageFields(message)
        self.init(device: fields.device(name), classID: TCHandle(rawValue: fields.header.handle))
        kind = fields.kind
        parent = TCHandle(rawValue: fields.header.parent)
        deviceIndex = fields.header.index
        if fields.header.info != 0 { leaf = TCHandle(rawValue: fields.header.info) }
        if kind == .htb, let nested = fields.options?.nested {
            options = HTBClass(attributes: nested).map(ClassOptions.htb)
        }
    }
}

extension HTBClass {
    /// Decodes `TCA_HTB_PARMS` (`struct tc_htb_opt`: rate and ceil specs, buffer and cbuffer in
    /// ticks, quantum, level, prio) and `TCA_HTB_RATE64`/`TCA_HTB_CEIL64`.
    init?(attributes: NetlinkAttributes) {
        guard let parms = attributes.first(where: { $0.type == TCA.HTB.parms })?.value, parms.count >= 44 else { return nil }
        var rate = UInt64(parms.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        var ceil = UInt64(parms.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        for attribute in attributes {
            if attribute.type == TCA.HTB.rate64, let value = attribute.uint64 { rate = value }
            if attribute.type == TCA.HTB.ceil64, let value = attribute.uint64 { ceil = value }
        }
        let rateBits = Bitrate(bytesPerSecond: rate)
        let ceilBits = Bitrate(bytesPerSecond: ceil)
        self.init(
            rate: rateBits, ceil: ceilBits,
            burst: TCUnits.transmitBytes(ticks: parms.loadUnaligned(fromByteOffset: 24, as: UInt32.self), rate: rateBits),
            ceilBurst: TCUnits.transmitBytes(ticks: parms.loadUnaligned(fromByteOffset: 28, as: UInt32.self), rate: ceilBits),
            priority: parms.loadUnaligned(fromByteOffset: 40, as: UInt32.self),
            quantum: parms.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
    }
}
