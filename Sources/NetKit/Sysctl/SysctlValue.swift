/// A value a ``Sysctl`` holds, with the text form of its `/proc/sys` file.
public protocol SysctlValue: Sendable, Hashable {
    /// The value from the file's text (trailing newline removed); nil if the text is not one.
    init?(sysctlText: String)
    /// The text written to the file.
    var sysctlText: String { get }
}

extension Bool: SysctlValue {
    /// `0` is false, any other integer true — how the kernel tests these settings.
    public init?(sysctlText: String) {
        guard let number = Int(sysctlText) else { return nil }
        self = number != 0
    }

    /// `1` or `0`.
    public var sysctlText: String { self ? "1" : "0" }
}

/// The settings that are a small set of numbers: the text is the number.
extension SysctlValue where Self: RawRepresentable, RawValue == Int {
    /// The case whose number the text is; nil for other text and unknown numbers.
    public init?(sysctlText: String) {
        guard let number = Int(sysctlText) else { return nil }
        self.init(rawValue: number)
    }

    /// The case's number.
    public var sysctlText: String { String(rawValue) }
}

/// `rp_filter`: reverse-path filtering (RFC 3704) of incoming packets' source addresses.
public enum ReversePathFilter: Int, SysctlValue, CaseIterable {
    /// 0: no source validation.
    case off = 0
    /// 1: the packet must arrive on the device the reply would leave by.
    case strict = 1
    /// 2: the source must be reachable through some device.
    case loose = 2
}

/// `accept_ra`: whether IPv6 router advertisements configure addresses and default routes.
public enum RouterAdvertisements: Int, SysctlValue, CaseIterable {
    /// 0: ignore them.
    case ignore = 0
    /// 1: accept them unless the device forwards (the kernel default).
    case acceptUnlessForwarding = 1
    /// 2: accept them even when forwarding — what a router that takes its own uplink
    /// configuration from RAs needs.
    case acceptEvenIfForwarding = 2
}

/// `accept_dad`: IPv6 duplicate address detection.
public enum DuplicateAddressDetection: Int, SysctlValue, CaseIterable {
    /// 0: no DAD; addresses are usable at once (what container setups often choose).
    case off = 0
    /// 1: DAD on (the kernel default).
    case on = 1
    /// 2: DAD on, and IPv6 is disabled on the device if its MAC-based link-local address
    /// turns out to be a duplicate.
    case onAndDisableIPv6OnConflict = 2
}

/// `addr_gen_mode`: how the kernel makes a device's IPv6 link-local address when it comes up.
public enum IPv6AddressGeneration: Int, SysctlValue, CaseIterable {
    /// 0: from the MAC (EUI-64, RFC 4291) — the kernel default.
    case eui64 = 0
    /// 1: no link-local address.
    case none = 1
    /// 2: stable privacy (RFC 7217) from `stable_secret`.
    case stablePrivacy = 2
    /// 3: stable privacy with a random secret per device.
    case random = 3
}
