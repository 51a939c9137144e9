/// The parts every tc message shares (`tcmsg`, `TCA_KIND`, `TCA_OPTIONS`), read once for
/// qdiscs, classes and filters.
struct TCMessageFields {
    var header: TrafficControlHeader
    var kind: QdiscKind = ""
    var options: NetlinkAttributes.Attribute?
    /// `TCA_CHAIN`, for filters.
    var chain: UInt32?

    init(_ message: NetlinkMessage) throws {
        header = try message.header(TrafficControlHeader.self)
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<TrafficControlHeader>.size) {
            switch attribute.type {
            case TCA.kind: kind = QdiscKind(rawValue: attribute.string)
            case TCA.options: options = attribute
            case TCA.chain: chain = attribute.uint32
            default: break
            }
        }
    }

    /// The device's name, or `ifN` for an index `name` does not know.
    func device(_ name: (Int32) -> InterfaceName?) -> InterfaceName {
        name(header.index) ?? InterfaceName(rawValue: "if\(header.index)") ?? .loopback
    }
}

extension Qdisc {
    /// A qdisc from an `RTM_NEWQDISC` message (a dump reply or an event); `name` names the
    /// device by index. Kinds NetKit does not decode keep their kind with `options` nil.
    init(message: NetlinkMessage, name: (Int32) -> InterfaceName?) throws {
        let fields = try TCMessageFields(message)
        self.init(
            device: fields.device(name), parent: TCHandle(rawValue: fields.header.parent),
            handle: TCHandle(rawValue: fields.header.handle), kind: fields.kind)
        deviceIndex = fields.header.index
        referenceCount = fields.header.info
        options = QdiscOptions(kind: fields.kind, fields.options?.value)
    }
}

extension QdiscOptions {
    /// Decodes the `TCA_OPTIONS` of a known kind.
    init?(kind: QdiscKind, _ payload: UnsafeRawBufferPointer?) {
        switch kind {
        case .ingress: self = .ingress; return
        case .clsact: self = .clsact; return
        default: break
        }
        guard let payload else { return nil }
        let nested = NetlinkAttributes(payload)
        switch kind {
        case .tbf:
            guard let parms = nested.first(where: { $0.type == TCA.TBF.parms })?.value, parms.count >= 36 else { return nil }
            var rate = UInt64(parms.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            if let rate64 = nested.first(where: { $0.type == TCA.TBF.rate64 })?.uint64 { rate = rate64 }
            self = .tbf(
                TokenBucket(
                    rateBytes: rate, bufferTicks: parms.loadUnaligned(fromByteOffset: 28, as: UInt32.self),
                    limit: parms.loadUnaligned(fromByteOffset: 24, as: UInt32.self)))
        case .htb:
            guard let initial = nested.first(where: { $0.type == TCA.HTB.initial })?.value, initial.count >= 20 else { return nil }
            var htb = HTB(
                defaultClass: UInt16(truncatingIfNeeded: initial.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
                rateToQuantum: initial.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            htb.directPackets = initial.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            htb.directQueueLength = nested.first(where: { $0.type == TCA.HTB.directQueueLength })?.uint32
            self = .htb(htb)
        case .netem:
            guard let netem = Netem(options: payload) else { return nil }
            self = .netem(netem)
        case .fqCodel:
            var codel = FQCoDel()
            for attribute in nested {
                switch attribute.type {
                case TCA.FQCoDel.limit: codel.limit = attribute.uint32
                case TCA.FQCoDel.flows: codel.flows = attribute.uint32
                case TCA.FQCoDel.quantum: codel.quantum = attribute.uint32
                case TCA.FQCoDel.target: codel.target = attribute.uint32.map { .microseconds(Int64($0)) }
                case TCA.FQCoDel.interval: codel.interval = attribute.uint32.map { .microseconds(Int64($0)) }
                default: break
                }
            }
            self = .fqCodel(codel)
        case .sfq:
            // struct tc_sfq_qopt: quantum, perturb_period (s), limit, divisor, flows.
            guard payload.count >= 20 else { return nil }
            let perturb = payload.loadUnaligned(fromByteOffset: 4, as: Int32.self)
            self = .sfq(
                SFQ(
                    limit: payload.loadUnaligned(fromByteOffset: 8, as: UInt32.self),
                    quantum: payload.loadUnaligned(fromByteOffset: 0, as: UInt32.self),
                    perturb: perturb > 0 ? .seconds(Int64(perturb)) : nil))
        case .prio:
            // struct tc_prio_qopt: bands, priomap[16].
            guard payload.count >= 20 else { return nil }
            self = .prio(Prio(bands: payload.loadUnaligned(as: UInt32.self), priorityMap: Array(payload[4..<20])))
        case .pfifo:
            guard payload.count >= 4 else { return nil }
            self = .pfifo(PFIFO(limit: payload.loadUnaligned(as: UInt32.self)))
        default:
            return nil
        }
    }
}

extension Netem {
    /// Decodes `struct tc_netem_qopt` (latency and jitter in ticks, limit, loss, gap, duplicate)
    /// and the attributes after it (`TCA_NETEM_REORDER`, `_RATE`, `_RATE64`, `_LATENCY64`, `_JITTER64`).
    init?(options payload: UnsafeRawBufferPointer) {
        guard payload.count >= 24 else { return nil }
        func word(_ index: Int) -> UInt32 { payload.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self) }
        self.init(
            delay: TCUnits.duration(microseconds: TCUnits.microseconds(ticks: word(0))),
            jitter: TCUnits.duration(microseconds: TCUnits.microseconds(ticks: word(5))),
            loss: TCUnits.percent(probability: word(2)), duplicate: TCUnits.percent(probability: word(4)),
            gap: word(3), limit: word(1))
        for attribute in NetlinkAttributes(UnsafeRawBufferPointer(rebasing: payload[24...])) {
            switch attribute.type {
            case TCA.Netem.reorder: reorder = TCUnits.percent(probability: attribute.uint32 ?? 0)
            // The kernel always reports TCA_NETEM_RATE; 0 means no rate.
            case TCA.Netem.rate: if rate == nil, let bytes = attribute.uint32, bytes > 0 { rate = Bitrate(bytesPerSecond: UInt64(bytes)) }
            case TCA.Netem.rate64: if let bytes = attribute.uint64, bytes > 0 { rate = Bitrate(bytesPerSecond: bytes) }
            case TCA.Netem.latency64: if let ns = attribute.uint64 { delay = .nanoseconds(Int64(bitPattern: ns)) }
            case TCA.Netem.jitter64: if let ns = attribute.uint64 { jitter = .nanoseconds(Int64(bitPattern: ns)) }
            default: break
            }
        }
    }
}
