/// `FRA_*` attribute numbers of `RTM_*RULE` messages (linux/fib_rules.h). A unit test checks
/// each against the C header.
enum FRA {
    static let destination: UInt16 = 1
    static let source: UInt16 = 2
    /// `FRA_IIFNAME` (alias `FRA_IFNAME`): a device *name*, so a rule may name a device that
    /// does not exist yet (iproute2 then shows `[detached]`).
    static let inputInterface: UInt16 = 3
    static let gotoTarget: UInt16 = 4
    static let priority: UInt16 = 6
    static let firewallMark: UInt16 = 10
    static let flow: UInt16 = 11
    static let tunnelID: UInt16 = 12
    static let suppressInterfaceGroup: UInt16 = 13
    static let suppressPrefixLength: UInt16 = 14
    /// `u32` table id; needed for tables above 255, which do not fit `fib_rule_hdr.table`.
    static let table: UInt16 = 15
    static let firewallMask: UInt16 = 16
    static let outputInterface: UInt16 = 17
    static let l3mdev: UInt16 = 19
    static let uidRange: UInt16 = 20
    static let protocolID: UInt16 = 21
    static let ipProtocol: UInt16 = 22
    static let sourcePortRange: UInt16 = 23
    static let destinationPortRange: UInt16 = 24
}

/// `FR_ACT_*` rule actions (`fib_rule_hdr.action`), linux/fib_rules.h.
enum FibRuleAction {
    static let unspecified: UInt8 = 0
    static let toTable: UInt8 = 1
    static let goto: UInt8 = 2
    static let nop: UInt8 = 3
    static let blackhole: UInt8 = 6
    static let unreachable: UInt8 = 7
    static let prohibit: UInt8 = 8
}

/// `FIB_RULE_*` flags (`fib_rule_hdr.flags`), linux/fib_rules.h.
enum FibRuleFlag {
    static let permanent: UInt32 = 0x01
    static let invert: UInt32 = 0x02
    static let unresolved: UInt32 = 0x04
    static let inputInterfaceDetached: UInt32 = 0x08
    static let outputInterfaceDetached: UInt32 = 0x10
}
