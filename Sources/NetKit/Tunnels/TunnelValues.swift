/// The outer header's TOS (IPv4 tunnels: `tos T`) or traffic class (IPv6 tunnels: `tclass T`):
/// a fixed value, or copied from the inner packet (`tos inherit`, `tclass inherit`).
///
/// IPv4 tunnels, vxlan and geneve carry `inherit` as the TOS value 1 (`IFLA_GRE_TOS`,
/// `IFLA_IPTUN_TOS`, `IFLA_VXLAN_TOS`, `IFLA_GENEVE_TOS`); IPv6
/// tunnels as the flag `IP6_TNL_F_USE_ORIG_TCLASS` next to the value in `IFLA_*_FLOWINFO`.
public enum TunnelTOS: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// This value in every outer header.
    case value(UInt8)
    /// The inner packet's TOS or traffic class.
    case inherit

    /// `.value(literal)`.
    public init(integerLiteral value: UInt8) { self = .value(value) }

    /// `inherit`, or the value as iproute2 prints a traffic class (`0x20`).
    public var description: String {
        switch self {
        case .inherit: "inherit"
        case .value(let value): "0x" + TunnelText.hex(value, digits: 2)
        }
    }

    /// The IPv4 encoding: `inherit` is 1.
    var ipv4Value: UInt8 {
        switch self {
        case .inherit: 1
        case .value(let value): value
        }
    }

    /// The IPv4 encoding read back: 1 is `inherit`.
    init(ipv4Value: UInt8) { self = ipv4Value == 1 ? .inherit : .value(ipv4Value) }

    /// The kind-line words for an IPv4 tunnel: nothing for 0, `tos inherit`, `tos 0x10`.
    var ipv4Words: String? {
        switch self {
        case .inherit: "tos inherit"
        case .value(0): nil
        case .value(let value): "tos 0x" + String(value, radix: 16)
        }
    }
}

/// The IPv6 flow label of an IPv6 tunnel's outer header (`flowlabel L`): a fixed 20-bit value,
/// or copied from the inner packet (`flowlabel inherit`, `IP6_TNL_F_USE_ORIG_FLOWLABEL`).
public enum TunnelFlowLabel: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// This label (0 … 0xFFFFF) in every outer header.
    case value(UInt32)
    /// The inner packet's flow label.
    case inherit

    /// `.value(literal)`.
    public init(integerLiteral value: UInt32) { self = .value(value) }

    /// `inherit`, or the label as iproute2 prints it (`0x12345`).
    public var description: String {
        switch self {
        case .inherit: "inherit"
        case .value(let value): "0x" + TunnelText.hex(value, digits: 5)
        }
    }
}

/// How many nested encapsulations an IPv6 tunnel's packets allow (`encaplimit N`, RFC 2473's
/// Tunnel Encapsulation Limit option), or `none`: no such option is added
/// (`encaplimit none`, `IP6_TNL_F_IGN_ENCAP_LIMIT`). The kernel's and iproute2's default is 4.
public enum TunnelEncapsulationLimit: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// At most this many further encapsulations.
    case limit(UInt8)
    /// No encapsulation-limit option.
    case none

    /// `.limit(literal)`.
    public init(integerLiteral value: UInt8) { self = .limit(value) }

    /// `none`, or the limit.
    public var description: String {
        switch self {
        case .none: "none"
        case .limit(let value): String(value)
        }
    }
}

/// The IPv6 outer-header settings `ip6gre`, `ip6gretap` and `ip6tnl` share: the encapsulation
/// limit, traffic class and flow label (in `*_ENCAP_LIMIT`, `*_FLOWINFO` and the
/// `IP6_TNL_F_*` flags), plus the flags NetKit only reads.
struct IPv6TunnelHeader: Sendable, Hashable {
    var encapsulationLimit: TunnelEncapsulationLimit
    var trafficClass: TunnelTOS
    var flowLabel: TunnelFlowLabel
    /// `IP6_TNL_F_*` bits beyond the three above (dscp inherit, mip6, allow-localremote,
    /// fwmark inherit).
    var otherFlags: UInt32

    /// The encapsulation limit to send: iproute2 sends its default 4 along with `none`'s flag.
    var limitValue: UInt8 {
        if case .limit(let value) = encapsulationLimit { value } else { 4 }
    }

    /// `IFLA_*_FLOWINFO` as a host-order number: the traffic class in bits 20–27, the label in 0–19.
    var flowinfo: UInt32 {
        var value: UInt32 = 0
        if case .value(let tclass) = trafficClass { value |= UInt32(tclass) << 20 }
        if case .value(let label) = flowLabel { value |= label & 0xFFFFF }
        return value
    }

    var flags: UInt32 {
        var flags = otherFlags
        if encapsulationLimit == .none { flags |= IP6TunnelFlag.ignoreEncapLimit }
        if trafficClass == .inherit { flags |= IP6TunnelFlag.useOriginalTrafficClass }
        if flowLabel == .inherit { flags |= IP6TunnelFlag.useOriginalFlowLabel }
        return flags
    }

    func validate(operation: NetKitError.Operation, object: String) throws(NetKitError) {
        if case .value(let label) = flowLabel, label > 0xFFFFF {
            throw NetKitError.invalidInput(
                "flow label 0x\(String(label, radix: 16)) does not fit in 20 bits", operation: operation, object: object)
        }
    }

    /// Read back from the kernel's limit, flowinfo (host order) and flags.
    init(limit: UInt8, flowinfo: UInt32, flags: UInt32) {
        encapsulationLimit = flags & IP6TunnelFlag.ignoreEncapLimit != 0 ? .none : .limit(limit)
        trafficClass = flags & IP6TunnelFlag.useOriginalTrafficClass != 0 ? .inherit : .value(UInt8(truncatingIfNeeded: flowinfo >> 20))
        flowLabel = flags & IP6TunnelFlag.useOriginalFlowLabel != 0 ? .inherit : .value(flowinfo & 0xFFFFF)
        otherFlags = flags & ~(IP6TunnelFlag.ignoreEncapLimit | IP6TunnelFlag.useOriginalTrafficClass | IP6TunnelFlag.useOriginalFlowLabel)
    }

    init(encapsulationLimit: TunnelEncapsulationLimit, trafficClass: TunnelTOS, flowLabel: TunnelFlowLabel, otherFlags: UInt32 = 0) {
        self.encapsulationLimit = encapsulationLimit
        self.trafficClass = trafficClass
        self.flowLabel = flowLabel
        self.otherFlags = otherFlags
    }

    /// `encaplimit N tclass 0xNN flowlabel 0xNNNNN [dscp inherit]`, as iproute2 prints them
    /// after the hop limit.
    var words: [String] {
        var words = ["encaplimit \(encapsulationLimit)", "tclass \(trafficClass)", "flowlabel \(flowLabel)"]
        if otherFlags & IP6TunnelFlag.receiveDSCPCopy != 0 { words.append("dscp inherit") }
        return words
    }

    /// `[allow-localremote] [fwmark inherit | fwmark 0xN]`, the words iproute2 prints last.
    func trailingWords(firewallMark: UInt32) -> [String] {
        var words: [String] = []
        if otherFlags & IP6TunnelFlag.allowLocalRemote != 0 { words.append("allow-localremote") }
        if otherFlags & IP6TunnelFlag.useOriginalFirewallMark != 0 {
            words.append("fwmark inherit")
        } else if firewallMark != 0 {
            words.append("fwmark 0x" + String(firewallMark, radix: 16))
        }
        return words
    }
}

/// Tunnel details that name their underlying device (`IFLA_*_LINK`): the listing fills in the
/// name for the index.
protocol TunnelDetailsNamingUnderlyingDevice: LinkDetailsNamingDevices {
    var underlyingIndex: Int32 { get }
    var underlyingDevice: InterfaceName? { get set }
}

extension TunnelDetailsNamingUnderlyingDevice {
    func resolvingNames(_ lookup: (Int32) -> InterfaceName?) -> Self {
        var details = self
        if underlyingIndex != 0 { details.underlyingDevice = lookup(underlyingIndex) }
        return details
    }
}

/// The words every tunnel's kind line shares, as iproute2's `tnl_print_*` print them.
enum TunnelText {
    /// `remote A local B`, `any` for an unset end.
    static func endpoints(remote: IPAddress?, local: IPAddress?) -> String {
        "remote \(remote.map(String.init(describing:)) ?? "any") local \(local.map(String.init(describing:)) ?? "any")"
    }

    /// `dev NAME` for a bound tunnel (`dev ifN` when the listing could not name it), nil when unbound.
    static func device(name: InterfaceName?, index: Int32) -> String? {
        index == 0 ? nil : "dev \(name?.rawValue ?? "if\(index)")"
    }

    /// `ttl 64` / `ttl inherit` (IPv4), `hoplimit 64` / `hoplimit inherit` (IPv6).
    static func ttl(_ ttl: UInt8, word: String) -> String {
        "\(word) \(ttl == 0 ? "inherit" : String(ttl))"
    }

    /// What every tunnel kind checks before sending: a unicast local address, and no fixed TTL
    /// without PMTU discovery (the kernel refuses that combination).
    static func validate(local: IPAddress?, ttl: UInt8, pathMTUDiscovery: Bool, command: String) throws(NetKitError) {
        if !pathMTUDiscovery && ttl != 0 {
            throw NetKitError.invalidInput(
                "nopmtudisc needs ttl inherit (0); a fixed TTL needs PMTU discovery", operation: "ip link add", object: command)
        }
        if let local, local.isMulticast {
            throw NetKitError.invalidInput("local \(local) is a multicast address", operation: "ip link add", object: command)
        }
    }

    /// The hint for `EEXIST` on creating an any/any `kind` tunnel: the per-namespace fallback device.
    static func fallbackHint(_ error: NetKitError, kind: String, device: InterfaceName, anyAny: Bool) -> String? {
        guard error.errno == .EEXIST, anyAny else { return nil }
        return
            "a \(kind) tunnel with the same local/remote (any/any) already exists: that is the fallback device \(device); configure \(device) instead"
    }

    static func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// An address attribute's bytes as an address; nil for the unspecified address (`any`).
    static func address(_ bytes: some Collection<UInt8>, family: AddressFamily) -> IPAddress? {
        guard let address = IPAddress(family: family, networkBytes: bytes) else { return nil }
        return address.networkBytes.allSatisfy { $0 == 0 } ? nil : address
    }
}

extension NetlinkRequest {
    /// A big-endian (network order) 32-bit attribute, e.g. a GRE key or an IPv6 flowinfo word.
    mutating func appendAttribute(_ type: UInt16, uint32BigEndian value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { appendAttribute(type, bytes: $0) }
    }
}

extension NetlinkAttributes.Attribute {
    /// A big-endian 32-bit payload in host order.
    var uint32BigEndian: UInt32? { uint32.map { UInt32(bigEndian: $0) } }
}
