extension Filter {
    /// A filter from an `RTM_NEWTFILTER` message (dump reply or event). The classifier is known
    /// by kind only (``classifier`` nil); actions `mirred` and `gact` are decoded.
    init(message: NetlinkMessage, name: (Int32) -> InterfaceName?) throws {
        let fields = try TCMessageFields(message)
        let info = fields.header.info
        self.init(
            device: fields.device(name), parent: TCHandle(rawValue: fields.header.parent),
            protocol: FilterProtocol(rawValue: UInt16(truncatingIfNeeded: info).byteSwapped),
            priority: UInt16(truncatingIfNeeded: info >> 16))
        kind = fields.kind.rawValue
        handle = fields.header.handle
        deviceIndex = fields.header.index
        reported.chain = fields.chain ?? 0
        // tc monitor's print_filter: `added ` for NLM_F_CREATE|NLM_F_EXCL, `replaced ` for NLM_F_CREATE alone.
        if message.type == .newFilter, message.flags.contains(.create) {
            reported.announcement = message.flags.contains(.exclusive) ? "added " : "replaced "
        }
        guard let options = fields.options?.nested else { return }
        if kind == "u32" {
            readU32(options)
        } else if let flags = options.first(where: { $0.type == 3 })?.uint32 {
            // TCA_MATCHALL_FLAGS / TCA_BASIC_FLAGS? only matchall reports offload flags (3).
            reported.notInHardware = kind == "matchall" && flags & 0x8 != 0
        }
        // u32: TCA_U32_ACT (7), basic: TCA_BASIC_ACT (3), matchall: TCA_MATCHALL_ACT (2).
        let actionAttribute: UInt16? =
            switch kind {
            case "u32": 7
            case "basic": 3
            case "matchall": 2
            default: nil
            }
        guard let actionAttribute, let list = options.first(where: { $0.type == actionAttribute })?.nested else { return }
        for attribute in list {
            guard let action = FilterAction(attributes: attribute.nested, name: name) else { continue }
            actions.append(action)
            reported.actionCounters.append(ReportedDetails.ActionCounters(actionAttributes: attribute.nested))
        }
    }
}

extension Filter {
    /// `TCA_U32_CLASSID` (1, the flowid), `TCA_U32_HASH` (2), `TCA_U32_DIVISOR` (4), `TCA_U32_SEL` (5: `struct
    /// tc_u32_sel` and its keys) and `TCA_U32_FLAGS` (11, `TCA_CLS_FLAGS_NOT_IN_HW` = 8).
    private mutating func readU32(_ options: NetlinkAttributes) {
        for attribute in options {
            switch attribute.type {
            case 1: flowID = attribute.uint32.map(TCHandle.init(rawValue:))
            case 2: reported.hashTable = attribute.uint32
            case 4: reported.divisor = attribute.uint32
            case 11: reported.notInHardware = (attribute.uint32 ?? 0) & 0x8 != 0
            case 5:
                let selector = attribute.value
                guard selector.count >= 16 else { break }
                reported.terminal = selector[0] & 1 != 0
                let count = Int(selector[2])
                for index in 0..<count where 16 + 16 * (index + 1) <= selector.count {
                    let base = 16 + 16 * index
                    reported.keys.append(
                        .init(
                            value: UInt32(bigEndian: selector.loadUnaligned(fromByteOffset: base + 4, as: UInt32.self)),
                            mask: UInt32(bigEndian: selector.loadUnaligned(fromByteOffset: base, as: UInt32.self)),
                            offset: selector.loadUnaligned(fromByteOffset: base + 8, as: Int32.self)))
                }
            default: break
            }
        }
    }
}

extension Filter.ReportedDetails.ActionCounters {
    /// The `struct tc_gen` opening an action's parameters (`TCA_MIRRED_PARMS`, `TCA_GACT_PARMS`):
    /// index, capabilities, action, reference and binding counts.
    init(actionAttributes attributes: NetlinkAttributes) {
        guard let parms = attributes.first(where: { $0.type == 2 })?.nested.first(where: { $0.type == 2 })?.value,
            parms.count >= 20
        else {
            self.init(index: 0, references: 0, bindings: 0)
            return
        }
        self.init(
            index: parms.loadUnaligned(fromByteOffset: 0, as: UInt32.self),
            references: parms.loadUnaligned(fromByteOffset: 12, as: Int32.self),
            bindings: parms.loadUnaligned(fromByteOffset: 16, as: Int32.self))
    }
}

extension FilterAction {
    /// One action of a filter's action list: `TCA_ACT_KIND` and `TCA_ACT_OPTIONS` holding
    /// `TCA_MIRRED_PARMS` (`struct tc_mirred`) or `TCA_GACT_PARMS` (`struct tc_gact`).
    init?(attributes: NetlinkAttributes, name: (Int32) -> InterfaceName?) {
        guard let kind = attributes.first(where: { $0.type == 1 })?.string,
            let options = attributes.first(where: { $0.type == 2 })?.nested,
            let parms = options.first(where: { $0.type == 2 })?.value
        else { return nil }
        switch kind {
        case "mirred" where parms.count >= 28:
            let eaction = parms.loadUnaligned(fromByteOffset: 20, as: Int32.self)
            let index = parms.loadUnaligned(fromByteOffset: 24, as: Int32.self)
            let device = name(index) ?? InterfaceName(rawValue: "if\(index)") ?? .loopback
            self = eaction == 1 ? .redirect(to: device) : .mirror(to: device)
        case "gact" where parms.count >= 20:
            self = parms.loadUnaligned(fromByteOffset: 8, as: Int32.self) == 2 ? .drop : .pass
        default:
            return nil
        }
    }
}
