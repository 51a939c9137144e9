extension RoutingRule {
    /// Decodes an `RTM_NEWRULE` message; nil for families other than IPv4 and IPv6 (an
    /// unfiltered dump also returns the multicast-routing families `RTNL_FAMILY_IPMR`/`IP6MR`).
    init?(message: NetlinkMessage) throws {
        let header = try message.header(RuleHeader.self)
        guard let family = AddressFamily(rawValue: header.family) else { return nil }
        func prefix(_ attribute: NetlinkAttributes.Attribute, length: UInt8, _ name: String) throws -> IPNetwork {
            guard let address = IPAddress(family: family, networkBytes: attribute.value),
                let network = try? IPNetwork(address: address, prefixLength: length)
            else {
                throw NetKitError(
                    .malformedMessage("\(name) of \(attribute.value.count) bytes with prefix length \(length) in an \(family) RTM_NEWRULE"),
                    operation: "RTM_GETRULE (ip rule show)")
            }
            return network
        }
        var rule = RoutingRule(family: family, priority: 0, invert: header.flags & FibRuleFlag.invert != 0, tos: header.tos)
        rule.iifDetached = header.flags & FibRuleFlag.inputInterfaceDetached != 0
        rule.oifDetached = header.flags & FibRuleFlag.outputInterfaceDetached != 0
        var table = UInt32(header.table)
        var gotoTarget: UInt32?
        for attribute in message.attributes(afterHeaderOf: MemoryLayout<RuleHeader>.size) {
            switch attribute.type {
            case FRA.source: rule.from = try prefix(attribute, length: header.sourceLength, "FRA_SRC")
            case FRA.destination: rule.to = try prefix(attribute, length: header.destinationLength, "FRA_DST")
            case FRA.priority: rule.priority = attribute.uint32 ?? 0
            case FRA.firewallMark: rule.fwmark = attribute.uint32
            case FRA.firewallMask: rule.fwmask = attribute.uint32
            case FRA.inputInterface: rule.iif = InterfaceName(rawValue: attribute.string)
            case FRA.outputInterface: rule.oif = InterfaceName(rawValue: attribute.string)
            case FRA.table: table = attribute.uint32 ?? table
            case FRA.gotoTarget: gotoTarget = attribute.uint32
            case FRA.suppressPrefixLength: rule.suppressPrefixLength = attribute.uint32.flatMap { $0 == .max ? nil : $0 }
            case FRA.protocolID: rule.protocol = attribute.uint8.map(RouteProtocol.init(rawValue:))
            default: break
            }
        }
        rule.table = table == 0 ? nil : RouteTable(rawValue: table)
        rule.action = Action(rawValue: header.action, gotoTarget: gotoTarget)
        self = rule
    }
}
