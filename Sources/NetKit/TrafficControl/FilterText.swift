extension Filter {
    /// What `tc filter show dev DEVICE` prints for the filter, without the action's counters
    /// (`index 1 ref 1 bind 1`): `filter parent ffff: protocol all pref 1 u32 chain 0 fh 800::800
    /// order 2048 key ht 800 bkt 0 *flowid 1:1 not_in_hw`, then `  match 00000000/00000000 at 0`
    /// and `\taction order 1: mirred (Egress Redirect to device ifb0) stolen`, one per line. A
    /// clsact hook is named `ingress`/`egress`, as tc names it.
    public var description: String { text(device: false, counters: false) }

    /// What `tc monitor` prints for an `RTM_NEWTFILTER`/`RTM_DELTFILTER` notification of the
    /// filter: `added filter dev veth0 parent ffff: protocol all pref 49152 u32 chain 0 fh 800::800 …`
    /// (`deleted filter …` for a removal, `replaced filter …` for a replacement) with the lines
    /// ``description`` has, each action followed by its counters (`\tindex 1 ref 1 bind 1`),
    /// without tc's trailing blanks and empty lines.
    func monitorText(removed: Bool) -> String {
        (removed ? "deleted " : reported.announcement) + text(device: true, counters: true)
    }

    /// tc's `print_filter` and the classifier's `print_fopt`: the device when asked for, the
    /// parent, `protocol` and `pref` when set, kind, chain, then the classifier's options.
    private func text(device showDevice: Bool, counters: Bool) -> String {
        var text = "filter"
        if showDevice { text += " dev \(device)" }
        switch parent {
        case .root: text += " root"
        case .clsactIngress: text += " ingress"
        case .clsactEgress: text += " egress"
        default: text += " parent \(parent)"
        }
        if self.protocol.rawValue != 0 { text += " protocol \(self.protocol)" }
        if priority != 0 { text += " pref \(priority)" }
        text += " \(kind) chain \(reported.chain)"
        if handle != 0 {
            if kind == "u32" {
                // sprint_u32_handle: HTID:HASH:NODE in hex, empty parts left out.
                let table = handle >> 20, bucket = (handle >> 12) & 0xFF, node = handle & 0xFFF
                text +=
                    " fh " + (table != 0 ? "\(String(table, radix: 16)):" : "") + (bucket != 0 ? String(bucket, radix: 16) : "")
                    + (node != 0 ? ":\(String(node, radix: 16)) order \(node)" : "")
            } else {
                text += " handle 0x\(String(handle, radix: 16))"
            }
        }
        if let divisor = reported.divisor {
            text += " ht divisor \(divisor)"
        } else if let hash = reported.hashTable {
            text += " key ht \(String((hash >> 20) & 0xFFF, radix: 16)) bkt \(String((hash >> 12) & 0xFF, radix: 16))"
        }
        // tc marks a flowid whose selector is not terminal with a star.
        if let flowID {
            text += " \(reported.terminal ? "" : "*")flowid \(flowID)"
        } else if reported.terminal {
            text += " terminal flowid"
        }
        if reported.notInHardware { text += kind == "u32" ? " not_in_hw" : "\n  not_in_hw" }
        for key in reported.keys {
            text += "\n  match \(Self.hex8(key.value))/\(Self.hex8(key.mask)) at \(key.offset)"
        }
        for (order, action) in actions.enumerated() {
            text += "\n\taction order \(order + 1): \(action)"
            if counters, order < reported.actionCounters.count {
                let count = reported.actionCounters[order]
                // mirred starts its counters' line with a tab, gact with a tab and a blank.
                text += "\n\t\(action.kind == "gact" ? " " : "")index \(count.index) ref \(count.references) bind \(count.bindings)"
            }
        }
        return text
    }

    private static func hex8(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}
