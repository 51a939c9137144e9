/// What a filter's actions do with a matched packet: `tc filter add … action ACTION`.
public enum FilterAction: Sendable, Hashable, CustomStringConvertible {
    /// `action mirred egress redirect dev DEVICE`: the packet leaves through `DEVICE` instead.
    case redirect(to: InterfaceName)
    /// `action mirred egress mirror dev DEVICE`: a copy leaves through `DEVICE`; the packet goes on.
    case mirror(to: InterfaceName)
    /// `action drop` (`gact`, `TC_ACT_SHOT`).
    case drop
    /// `action pass` (`gact`, `TC_ACT_OK`).
    case pass

    /// The action module's kind (`TCA_ACT_KIND`).
    public var kind: String {
        switch self {
        case .redirect, .mirror: "mirred"
        case .drop, .pass: "gact"
        }
    }

    /// As `tc filter show` describes the action: `mirred (Egress Redirect to device ifb0) stolen`,
    /// `gact action drop` (and gact's random line).
    public var description: String {
        switch self {
        case .redirect(let device): "mirred (Egress Redirect to device \(device)) stolen"
        case .mirror(let device): "mirred (Egress Mirror to device \(device)) pipe"
        // tc prints gact's (absent) random verdict on a line of its own.
        case .drop: "gact action drop\n\t random type none pass val 0"
        case .pass: "gact action pass\n\t random type none pass val 0"
        }
    }

    /// The kernel option providing the action, for the missing-feature error.
    var kernelFeature: String {
        kind == "mirred" ? "CONFIG_NET_ACT_MIRRED (module act_mirred)" : "CONFIG_NET_ACT_GACT (module act_gact)"
    }
}

/// The classifier of a filter and what it matches.
public enum FilterClassifier: Sendable, Hashable, CustomStringConvertible {
    /// `u32 match u32 0 0`: every packet.
    case u32All
    /// `u32 match ip src PREFIX`.
    case u32Source(IPNetwork)
    /// `u32 match ip dst PREFIX`.
    case u32Destination(IPNetwork)
    /// `matchall`: every packet.
    case matchall
    /// `basic` without an ematch: every packet.
    case basic

    public var kind: String {
        switch self {
        case .u32All, .u32Source, .u32Destination: "u32"
        case .matchall: "matchall"
        case .basic: "basic"
        }
    }

    /// As `tc` writes the classifier in a command: `u32 match ip dst 10.0.0.0/8`.
    public var description: String {
        switch self {
        case .u32All: "u32 match u32 0 0"
        case .u32Source(let prefix): "u32 match ip src \(prefix)"
        case .u32Destination(let prefix): "u32 match ip dst \(prefix)"
        case .matchall: "matchall"
        case .basic: "basic"
        }
    }

    var kernelFeature: String {
        switch self {
        case .u32All, .u32Source, .u32Destination: "CONFIG_NET_CLS_U32 (module cls_u32)"
        case .matchall: "CONFIG_NET_CLS_MATCHALL (module cls_matchall)"
        case .basic: "CONFIG_NET_CLS_BASIC (module cls_basic)"
        }
    }
}

/// The packets a filter sees, by EtherType: `protocol all`, `protocol ip`.
public struct FilterProtocol: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The EtherType (`ETH_P_*`), in host order.
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `protocol all` (`ETH_P_ALL`).
    public static let all = FilterProtocol(rawValue: 0x0003)
    /// `protocol ip` (`ETH_P_IP`).
    public static let ip = FilterProtocol(rawValue: 0x0800)
    /// `protocol ipv6` (`ETH_P_IPV6`).
    public static let ipv6 = FilterProtocol(rawValue: 0x86DD)

    public var description: String {
        switch self {
        case .all: "all"
        case .ip: "ip"
        case .ipv6: "ipv6"
        default: "0x" + String(rawValue, radix: 16)
        }
    }
}

/// A classifier on a qdisc with its actions: what `tc filter add` creates and `tc filter show` lists.
///
///     // tc filter add dev veth0 parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev ifb0
///     try net.addFilter(Filter(.u32All, device: "veth0", parent: .ingressQdisc, actions: [.redirect(to: "ifb0")]))
public struct Filter: Sendable, Hashable, CustomStringConvertible {
    public var device: InterfaceName
    /// The qdisc (`ffff:` for ingress, `1:`) or clsact hook (``TCHandle/clsactIngress``) it is attached to.
    public var parent: TCHandle
    public var `protocol`: FilterProtocol
    /// `prio`/`pref`; 0 lets the kernel choose (49152, then lower).
    public var priority: UInt16
    public var classifier: FilterClassifier?
    public var actions: [FilterAction]
    /// The class matched packets are sent to (`flowid`/`classid`, u32 only), e.g. `1:1`.
    public var flowID: TCHandle?
    /// The classifier's kind as the kernel reports it (read back; set from ``classifier`` in a request).
    public var kind: String
    /// The filter's handle (`fh 800::800`, read back).
    public internal(set) var handle: UInt32 = 0
    public internal(set) var deviceIndex: Int32 = 0
    /// What the kernel reported beyond the request's values, for ``description``.
    var reported = ReportedDetails()

    /// Read-back details `tc filter show` prints: the chain, a u32 hash table's divisor or a u32
    /// key node's selector (terminal flag and keys), and the offload flags.
    struct ReportedDetails: Sendable, Hashable {
        var chain: UInt32 = 0
        var divisor: UInt32?
        /// `TCA_U32_HASH`: the hash table and bucket of a u32 key node.
        var hashTable: UInt32?
        var terminal = false
        /// (value, mask, offset) of each u32 key, value and mask in network order.
        var keys: [U32Key] = []
        var notInHardware = false
        /// Each action's `index`, `ref` and `bind` counts (`struct tc_gen`), in action order.
        var actionCounters: [ActionCounters] = []
        /// The word `tc monitor` starts a new filter's line with: `added ` for a notification of
        /// a create-exclusive request, `replaced ` for a create, else nothing.
        var announcement = ""

        struct ActionCounters: Sendable, Hashable {
            var index: UInt32
            var references: Int32
            var bindings: Int32
        }

        struct U32Key: Sendable, Hashable {
            var value: UInt32
            var mask: UInt32
            var offset: Int32
        }
    }

    public init(
        _ classifier: FilterClassifier, device: InterfaceName, parent: TCHandle, protocol: FilterProtocol = .all,
        priority: UInt16 = 0, flowID: TCHandle? = nil, actions: [FilterAction] = []
    ) {
        self.flowID = flowID
        self.device = device
        self.parent = parent
        self.protocol = `protocol`
        self.priority = priority
        self.classifier = classifier
        self.actions = actions
        self.kind = classifier.kind
    }

    /// Filters named by place, to delete them: all of `parent` (`tc filter del dev D parent P`), or
    /// one priority and protocol.
    public init(device: InterfaceName, parent: TCHandle, protocol: FilterProtocol? = nil, priority: UInt16 = 0) {
        self.device = device
        self.parent = parent
        self.protocol = `protocol` ?? FilterProtocol(rawValue: 0)
        self.priority = priority
        self.actions = []
        self.kind = ""
    }

    var commandText: String {
        var text = "dev \(device) parent \(parent)"
        if self.protocol.rawValue != 0 { text += " protocol \(self.protocol)" }
        if priority != 0 { text += " prio \(priority)" }
        if let classifier { text += " \(classifier)" }
        if let flowID { text += " flowid \(flowID)" }
        for action in actions {
            switch action {
            case .redirect(let device): text += " action mirred egress redirect dev \(device)"
            case .mirror(let device): text += " action mirred egress mirror dev \(device)"
            case .drop: text += " action drop"
            case .pass: text += " action pass"
            }
        }
        return text
    }
}
