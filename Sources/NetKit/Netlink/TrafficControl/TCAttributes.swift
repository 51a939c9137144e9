/// `struct tcmsg` (RTM_*QDISC, RTM_*TCLASS, RTM_*TFILTER).
struct TrafficControlHeader: BitwiseCopyable {
    var family: UInt8 = 0
    var pad1: UInt8 = 0
    var pad2: UInt16 = 0
    var index: Int32 = 0
    var handle: UInt32 = 0
    var parent: UInt32 = 0
    /// For a qdisc the reference count; for a filter `priority << 16 | protocol (network order)`.
    var info: UInt32 = 0
}

/// `TCA_*` and the per-kind option numbers (linux/rtnetlink.h, linux/pkt_sched.h), kept in Swift
/// so tc code never imports C. A unit test checks them against the C headers.
enum TCA {
    static let kind: UInt16 = 1
    static let options: UInt16 = 2
    static let stats: UInt16 = 3
    static let xstats: UInt16 = 4
    static let stats2: UInt16 = 7
    static let chain: UInt16 = 11

    /// `TCA_TBF_*`.
    enum TBF {
        static let parms: UInt16 = 1
        static let rtab: UInt16 = 2
        static let ptab: UInt16 = 3
        static let rate64: UInt16 = 4
        static let burst: UInt16 = 6
    }

    /// `TCA_HTB_*`.
    enum HTB {
        static let parms: UInt16 = 1
        static let initial: UInt16 = 2
        static let ctab: UInt16 = 3
        static let rtab: UInt16 = 4
        static let directQueueLength: UInt16 = 5
        static let rate64: UInt16 = 6
        static let ceil64: UInt16 = 7
    }

    /// `TCA_NETEM_*` (after the leading `struct tc_netem_qopt`).
    enum Netem {
        static let correlation: UInt16 = 1
        static let reorder: UInt16 = 3
        static let rate: UInt16 = 6
        static let rate64: UInt16 = 8
        static let latency64: UInt16 = 10
        static let jitter64: UInt16 = 11
    }

    /// `TCA_FQ_CODEL_*`.
    enum FQCoDel {
        static let target: UInt16 = 1
        static let limit: UInt16 = 2
        static let interval: UInt16 = 3
        static let flows: UInt16 = 5
        static let quantum: UInt16 = 6
    }

    /// `RTNLGRP_TC`: qdisc, class and filter notifications.
    static let multicastGroup: UInt32 = 4

    /// `TC_LINKLAYER_ETHERNET` (`tc_ratespec.linklayer`).
    static let linkLayerEthernet: UInt8 = 1
}

/// A `tc` command and the netlink message type and flags it sends.
enum TCCommand: Sendable {
    case add, replace, change, delete

    /// `NLM_F_*` beyond `NLM_F_REQUEST`/`NLM_F_ACK`: add = `CREATE|EXCL`, replace =
    /// `CREATE|REPLACE`, change and delete none — as `tc` sends them.
    var flags: MessageFlags {
        switch self {
        case .add: [.create, .exclusive]
        case .replace: [.create, .replace]
        case .change, .delete: []
        }
    }

    var word: String {
        switch self {
        case .add: "add"
        case .replace: "replace"
        case .change: "change"
        case .delete: "del"
        }
    }
}
