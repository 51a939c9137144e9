extension RoutingRule {
    /// The arguments `ip rule` would take, for errors: `priority 100 from 10.0.0.0/8 lookup 100`.
    var object: String {
        var words: [String] = []
        if family == .ipv6 { words.append("-6") }
        if let priority { words.append("priority \(priority)") }
        if invert { words.append("not") }
        if let from { words.append("from \(from)") }
        if let to { words.append("to \(to)") }
        if tos != 0 { words.append("tos \(tos)") }
        if let fwmark { words.append("fwmark \(fwmark)" + (fwmask.map { "/\($0)" } ?? "")) }
        if let iif { words.append("iif \(iif)") }
        if let oif { words.append("oif \(oif)") }
        if let table { words.append("lookup \(table)") }
        switch action {
        case .toTable: break
        case .goto(let target): words.append("goto \(target)")
        case .nop: words.append("nop")
        default: words.append(RouteType(rawValue: action.rawValue).description)
        }
        return words.joined(separator: " ")
    }

    /// Rejects what the kernel would reject or misread, before anything is sent.
    func validate(adding: Bool, operation: NetKitError.Operation) throws(NetKitError) {
        let object = self.object
        func reject(_ why: String) -> NetKitError { .invalidInput(why, operation: operation, object: object) }
        for (word, prefix) in [("from", from), ("to", to)] {
            guard let prefix else { continue }
            if prefix.family != family {
                throw reject(
                    "\(word) \(prefix) is \(prefix.family == .ipv4 ? "IPv4" : "IPv6") but the rule is \(family == .ipv4 ? "IPv4" : "IPv6")")
            }
            if prefix.hasHostBits {
                throw reject("\(word) \(prefix) has host bits set; did you mean \(prefix.masked)?")
            }
        }
        if fwmask != nil && fwmark == nil {
            throw reject("fwmask needs fwmark (ip rule writes them as fwmark MARK/MASK)")
        }
        if action != .toTable, let table, table != .unspec {
            throw reject("a \(RouteType(rawValue: action.rawValue).description) rule looks up no table; remove table \(table)")
        }
        if adding {
            if action == .toTable, table == .unspec {
                throw reject("table 0 (unspec) cannot be looked up; use main or a table id 1–4294967295")
            }
        } else if priority == nil && from == nil && to == nil && fwmark == nil && iif == nil && oif == nil
            && table == nil && tos == 0 && !invert && action == .toTable
        {
            throw reject("the rule to delete names no selector; the kernel would delete the first rule it finds (give at least a priority)")
        }
    }

    /// `RTM_NEWRULE` (adding, action and `main` table defaulted as `ip rule add` does) or
    /// `RTM_DELRULE` (only what is set, action left unspecified for table rules, so it matches
    /// as `ip rule del` does). Attributes in iproute2's order for the same arguments.
    func encode(adding: Bool, operation: NetKitError.Operation) -> NetlinkRequest {
        var request = NetlinkRequest(
            adding ? .newRule : .delRule, flags: adding ? [.create, .exclusive] : [],
            operation: operation, object: object)
        let table = adding && action == .toTable ? (self.table ?? .main) : self.table
        let tableID = table?.rawValue ?? 0
        request.appendHeader(
            RuleHeader(
                family: family.rawValue, destinationLength: to?.prefixLength ?? 0, sourceLength: from?.prefixLength ?? 0,
                tos: tos, table: tableID < 256 ? UInt8(tableID) : 0,
                action: adding || action != .toTable ? action.rawValue : FibRuleAction.unspecified,
                flags: invert ? FibRuleFlag.invert : 0))
        if let from, from.prefixLength > 0 { request.appendAttribute(FRA.source, bytes: from.address.networkBytes) }
        if let to, to.prefixLength > 0 { request.appendAttribute(FRA.destination, bytes: to.address.networkBytes) }
        if let fwmark { request.appendAttribute(FRA.firewallMark, uint32: fwmark) }
        if let fwmask { request.appendAttribute(FRA.firewallMask, uint32: fwmask) }
        if let iif { request.appendAttribute(FRA.inputInterface, string: iif.rawValue) }
        if let oif { request.appendAttribute(FRA.outputInterface, string: oif.rawValue) }
        if tableID >= 256 { request.appendAttribute(FRA.table, uint32: tableID) }
        if let suppressPrefixLength { request.appendAttribute(FRA.suppressPrefixLength, uint32: suppressPrefixLength) }
        if case .goto(let target) = action { request.appendAttribute(FRA.gotoTarget, uint32: target) }
        if adding, let `protocol` { request.appendAttribute(FRA.protocolID, uint8: `protocol`.rawValue) }
        if let priority { request.appendAttribute(FRA.priority, uint32: priority) }
        return request
    }
}

extension NetKitError {
    /// The reason without operation and object, for quoting inside another message.
    var reasonText: String {
        if case .invalidInput(let why) = reason { return why }
        return description
    }
}
