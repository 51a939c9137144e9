extension NetlinkHandle {
    /// `ip rule show` / `ip -6 rule show` (`RTM_GETRULE` dump): the rules of one family in
    /// priority order, or of both (IPv4 first) when `family` is nil.
    public func rules(family: AddressFamily? = nil) throws(NetKitError) -> [RoutingRule] {
        var request = NetlinkRequest(
            .getRule, flags: [], operation: "RTM_GETRULE (ip rule show)",
            object: family.map { $0 == .ipv6 ? "-6" : "-4" } ?? "")
        request.appendHeader(RuleHeader(family: family?.rawValue ?? 0))
        return try dump(request) { try RoutingRule(message: $0) }.filter { family == nil || $0.family == family }
    }

    /// `ip rule add [not] [from P] [to P] [fwmark M[/MASK]] [iif D] [oif D] [priority N]
    /// lookup T | blackhole | unreachable | prohibit | goto N | nop` (`RTM_NEWRULE` with
    /// `NLM_F_CREATE|NLM_F_EXCL`). A table rule without a table looks up `main`, as with `ip rule
    /// add`. An identical rule throws `EEXIST` (``NetKitError/isAlreadyExists``).
    public func addRule(_ rule: RoutingRule) throws(NetKitError) {
        let operation: NetKitError.Operation = "RTM_NEWRULE (ip rule add)"
        try rule.validate(adding: true, operation: operation)
        var isGoto = false
        if case .goto = rule.action { isGoto = true }
        try execute(rule.encode(adding: true, operation: operation)) { error in
            switch error.errno {
            case .EEXIST?: "an identical rule exists already"
            case .EINVAL? where isGoto: "a goto target must be a higher priority number than the rule's own"
            default: nil
            }
        }
    }

    /// `ip rule del …` (`RTM_DELRULE`): deletes the first rule matching every field that is set
    /// in `rule` — fields left nil match anything, as with `ip rule del`, so a rule read from
    /// `rules(family:)` deletes exactly that rule. No match throws `ENOENT`
    /// (``NetKitError/isNotFound``); a rule naming no selector at all is refused.
    public func deleteRule(_ rule: RoutingRule) throws(NetKitError) {
        let operation: NetKitError.Operation = "RTM_DELRULE (ip rule del)"
        try rule.validate(adding: false, operation: operation)
        try execute(rule.encode(adding: false, operation: operation)) { error in
            switch error.errno {
            case .ENOENT?: "no rule matches"
            case .EPERM?: "the rule is marked permanent (FIB_RULE_PERMANENT), or CAP_NET_ADMIN is missing"
            default: nil
            }
        }
    }
}
