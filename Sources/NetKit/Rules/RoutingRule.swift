/// A policy routing rule (`RTM_NEWRULE`): which packets (by source, destination, mark, input
/// or output device) are routed by which table, or dropped. One line of `ip rule`.
///
///     0:	from all lookup local
///     100:	from 10.0.0.0/8 lookup 100
///     300:	not from 10.1.0.1 blackhole
///
/// The same value serves to add a rule (`NetlinkHandle.addRule(_:)`) and to select one for
/// deletion (`NetlinkHandle.deleteRule(_:)`), where unset fields match anything, as with
/// `ip rule del`.
public struct RoutingRule: Sendable, Hashable, CustomStringConvertible {
    /// What a matching packet gets (`fib_rule_hdr.action`).
    public enum Action: Sendable, Hashable {
        /// `lookup TABLE` (`FR_ACT_TO_TBL`): route by ``table``.
        case toTable
        /// `goto PRIORITY` (`FR_ACT_GOTO`): continue with the rule of that priority.
        case goto(UInt32)
        /// `nop` (`FR_ACT_NOP`): do nothing, continue with the next rule.
        case nop
        /// `blackhole` (`FR_ACT_BLACKHOLE`): drop silently.
        case blackhole
        /// `unreachable` (`FR_ACT_UNREACHABLE`): drop, senders get `ENETUNREACH`.
        case unreachable
        /// `prohibit` (`FR_ACT_PROHIBIT`): drop, senders get `EACCES`.
        case prohibit
        /// Any other `FR_ACT_*` number the kernel reports.
        case other(UInt8)
    }

    /// `inet` (`ip rule`) or `inet6` (`ip -6 rule`); rules of the two families are separate lists.
    public var family: AddressFamily
    /// `priority N`: rules are tried in increasing order. Nil when adding lets the kernel pick
    /// (one below the lowest non-zero priority); nil when deleting matches any.
    public var priority: UInt32?
    /// `not`: the rule applies to packets that do *not* match its selectors.
    public var invert: Bool
    /// `from PREFIX`; nil for `from all`.
    public var from: IPNetwork?
    /// `to PREFIX`; nil for any destination.
    public var to: IPNetwork?
    /// `tos TOS` (DSCP field); 0 for any.
    public var tos: UInt8
    /// `fwmark MARK`: the packet's netfilter mark, compared under ``fwmask``.
    public var fwmark: UInt32?
    /// `fwmark MARK/MASK`; the kernel reports `0xffffffff` when only a mark was given.
    public var fwmask: UInt32?
    /// `iif NAME`: packets arriving on this device (`lo` for locally generated ones). A name, so
    /// the device need not exist yet.
    public var iif: InterfaceName?
    /// `oif NAME`: locally generated packets bound to this device.
    public var oif: InterfaceName?
    /// The ``iif`` device does not exist (iproute2 prints `[detached]`).
    public var iifDetached: Bool
    /// The ``oif`` device does not exist (iproute2 prints `[detached]`).
    public var oifDetached: Bool
    /// `lookup TABLE` for ``Action/toTable``; adding a table rule without one uses `main`, as `ip
    /// rule add` does.
    public var table: RouteTable?
    /// What matching packets get: a table lookup (the default), a drop, a goto or nothing.
    public var action: Action
    /// `suppress_prefixlength N`: ignore routes of the table whose prefix is N bits or shorter.
    public var suppressPrefixLength: UInt32?
    /// `proto P`: who added the rule (the kernel's own rules say `kernel`).
    public var `protocol`: RouteProtocol?

    /// A rule to add or to delete. The family defaults to that of `from` or `to`, else IPv4 (as
    /// `ip rule` without `-6`).
    public init(
        family: AddressFamily? = nil, priority: UInt32? = nil, from: IPNetwork? = nil, to: IPNetwork? = nil,
        invert: Bool = false, tos: UInt8 = 0, fwmark: UInt32? = nil, fwmask: UInt32? = nil,
        iif: InterfaceName? = nil, oif: InterfaceName? = nil, table: RouteTable? = nil, action: Action = .toTable,
        suppressPrefixLength: UInt32? = nil, proto: RouteProtocol? = nil
    ) {
        self.family = family ?? from?.family ?? to?.family ?? .ipv4
        self.priority = priority
        self.invert = invert
        self.from = from
        self.to = to
        self.tos = tos
        self.fwmark = fwmark
        self.fwmask = fwmask
        self.iif = iif
        self.oif = oif
        self.iifDetached = false
        self.oifDetached = false
        self.table = table
        self.action = action
        self.suppressPrefixLength = suppressPrefixLength
        self.protocol = proto
    }

    /// The line `ip rule` prints, e.g. `100:\tfrom 10.0.0.0/8 lookup 100` (a tab after the
    /// priority, as iproute2 prints it).
    public var description: String {
        var text = "\(priority ?? 0):\t"
        if invert { text += "not " }
        text += "from " + (from.map(Self.prefix) ?? "all")
        if let to { text += " to " + Self.prefix(to) }
        if tos != 0 { text += " tos " + (IPRoute2Names.dsfields.names[UInt32(tos)] ?? "0x" + Self.hex(tos, width: 2)) }
        if fwmark != nil || fwmask != nil {
            text += " fwmark " + Self.cHex(fwmark ?? 0)
            if let fwmask, fwmask != .max { text += "/" + Self.cHex(fwmask) }
        }
        if let iif { text += " iif \(iif)" + (iifDetached ? " [detached]" : "") }
        if let oif { text += " oif \(oif)" + (oifDetached ? " [detached]" : "") }
        if let table, table != .unspec {
            text += " lookup \(table)"
            if let suppressPrefixLength, suppressPrefixLength != .max {
                text += " suppress_prefixlength \(suppressPrefixLength)"
            }
        }
        switch action {
        case .toTable: break
        case .goto(let target): text += " goto \(target)"
        case .nop: text += " nop"
        case .blackhole, .unreachable, .prohibit, .other:
            text += " " + RouteType(rawValue: action.rawValue).description
        }
        if let `protocol`, `protocol` != .unspec, `protocol` != .kernel { text += " proto \(`protocol`)" }
        return text
    }

    /// A bare address for a host prefix, `all` for /0, else `address/length` — iproute2's form.
    private static func prefix(_ network: IPNetwork) -> String {
        if network.prefixLength == 0 { return "all" }
        return network.prefixLength == network.family.maxPrefixLength ? network.address.description : network.description
    }

    /// C's `%#x`: `0x10`, but plain `0` for zero.
    private static func cHex(_ value: UInt32) -> String {
        value == 0 ? "0" : "0x" + String(value, radix: 16)
    }

    private static func hex(_ value: UInt8, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension RoutingRule.Action {
    /// The `FR_ACT_*` number.
    var rawValue: UInt8 {
        switch self {
        case .toTable: FibRuleAction.toTable
        case .goto: FibRuleAction.goto
        case .nop: FibRuleAction.nop
        case .blackhole: FibRuleAction.blackhole
        case .unreachable: FibRuleAction.unreachable
        case .prohibit: FibRuleAction.prohibit
        case .other(let value): value
        }
    }

    init(rawValue: UInt8, gotoTarget: UInt32?) {
        switch rawValue {
        case FibRuleAction.toTable: self = .toTable
        case FibRuleAction.goto: self = .goto(gotoTarget ?? 0)
        case FibRuleAction.nop: self = .nop
        case FibRuleAction.blackhole: self = .blackhole
        case FibRuleAction.unreachable: self = .unreachable
        case FibRuleAction.prohibit: self = .prohibit
        default: self = .other(rawValue)
        }
    }
}
