/// A per-namespace network setting under `/proc/sys/net`, typed by its value: read it with
/// `namespace.sysctl(_:)` and write it with `namespace.setSysctl(_:to:)` (``Namespace``).
///
///     try pod.setSysctl(.ipForward(.ipv4), to: true)      // sysctl -w net.ipv4.ip_forward=1
///     try pod.setSysctl(.rpFilter("eth0"), to: .loose)    // sysctl -w net.ipv4.conf.eth0.rp_filter=2
///     let ra = try pod.sysctl(.acceptRA("eth0"))          // sysctl -n net.ipv6.conf.eth0.accept_ra
///
/// Per-device keys take a device name, or `all` / `default` (the values new devices start
/// with). The name is validated when the key is used; a device that does not exist in the
/// namespace gives a not-found error.
public struct Sysctl<Value: SysctlValue>: Sendable, Hashable, CustomStringConvertible {
    /// The path components under `/proc/sys`, e.g. `net`, `ipv4`, `conf`, `eth0`, `rp_filter`.
    public let components: [String]
    /// The device component, checked with ``InterfaceName`` before use.
    let device: String?

    init(_ components: [String], device: String? = nil) {
        self.components = components
        self.device = device
    }

    /// `/proc/sys/net/ipv4/conf/eth0/rp_filter`. It names the setting of whichever namespace
    /// the *reading thread* is in, which is why NetKit only opens it on a thread inside the
    /// namespace.
    public var path: String { "/proc/sys/" + components.joined(separator: "/") }

    /// sysctl(8)'s dotted name, `net.ipv4.conf.eth0.rp_filter`; a `.` inside a component (a VLAN
    /// device such as `eth0.100`) is written `/`, as sysctl(8) does.
    public var name: String { SysctlKey.dottedName(components) }

    /// The dotted name, as ``name``.
    public var description: String { name }

    /// `DEV` is an interface name or one of the kernel's `all` and `default` entries, both
    /// valid ``InterfaceName``s.
    private static func conf(_ family: AddressFamily, _ device: InterfaceName, _ setting: String) -> Sysctl {
        Sysctl(["net", family == .ipv4 ? "ipv4" : "ipv6", "conf", device.rawValue, setting], device: device.rawValue)
    }
}

extension Sysctl where Value == Bool {
    /// `net.ipv4.ip_forward` (IPv4), `net.ipv6.conf.all.forwarding` (IPv6): route packets
    /// between devices. Writing the IPv4 one also sets every `net.ipv4.conf.*.forwarding`.
    public static func ipForward(_ family: AddressFamily) -> Sysctl {
        family == .ipv4 ? Sysctl(["net", "ipv4", "ip_forward"]) : conf(.ipv6, "all", "forwarding")
    }

    /// `net.ipv4.conf.DEV.forwarding` / `net.ipv6.conf.DEV.forwarding`: forwarding on one device.
    public static func forwarding(_ family: AddressFamily, _ device: InterfaceName) -> Sysctl {
        conf(family, device, "forwarding")
    }

    /// `net.ipv4.conf.DEV.proxy_arp`: answer ARP for addresses this host has a route to (what
    /// Calico sets on its `cali*` devices).
    public static func proxyARP(_ device: InterfaceName) -> Sysctl {
        conf(.ipv4, device, "proxy_arp")
    }

    /// `net.ipv4.conf.DEV.arp_notify`: send a gratuitous ARP when the device comes up or its
    /// address changes.
    public static func arpNotify(_ device: InterfaceName) -> Sysctl {
        conf(.ipv4, device, "arp_notify")
    }

    /// `net.ipv6.conf.DEV.disable_ipv6`: turn IPv6 off on the device (its IPv6 addresses go).
    public static func disableIPv6(_ device: InterfaceName) -> Sysctl {
        conf(.ipv6, device, "disable_ipv6")
    }
}

extension Sysctl where Value == ReversePathFilter {
    /// `net.ipv4.conf.DEV.rp_filter`: reverse-path source validation. The kernel applies the
    /// larger of the `all` value and the device's.
    public static func rpFilter(_ device: InterfaceName) -> Sysctl {
        conf(.ipv4, device, "rp_filter")
    }
}

extension Sysctl where Value == RouterAdvertisements {
    /// `net.ipv6.conf.DEV.accept_ra`: whether IPv6 router advertisements configure the device.
    public static func acceptRA(_ device: InterfaceName) -> Sysctl {
        conf(.ipv6, device, "accept_ra")
    }
}

extension Sysctl where Value == DuplicateAddressDetection {
    /// `net.ipv6.conf.DEV.accept_dad`: IPv6 duplicate address detection.
    public static func acceptDAD(_ device: InterfaceName) -> Sysctl {
        conf(.ipv6, device, "accept_dad")
    }
}

extension Sysctl where Value == IPv6AddressGeneration {
    /// `net.ipv6.conf.DEV.addr_gen_mode`: how the device's link-local address is made
    /// (`ip link set DEV addrgenmode eui64`). New devices take the `default` value.
    public static func addressGeneration(_ device: InterfaceName) -> Sysctl {
        conf(.ipv6, device, "addr_gen_mode")
    }
}
