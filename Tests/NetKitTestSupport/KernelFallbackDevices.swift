/// The devices a kernel puts into every network namespace by itself, next to `lo`.
///
/// Each IP tunnel module, once loaded, creates its fallback device — the one that receives
/// tunnel packets no configured tunnel matches — in every network namespace, existing and new
/// (unless `net.core.fb_tunnels_only_for_init_net` is set). Stock distribution kernels load these
/// modules on demand, and a Calico node always has `ipip`, so a fresh namespace there holds
/// `tunl0` (and with `ip_gre`, `gre0`, `gretap0` and `erspan0`) besides `lo`. A test never expects a
/// fresh namespace to hold `lo` only: it compares the links it made, with these left out.
public enum KernelFallbackDevices {
    /// Fallback device names, by the module that creates them.
    public static let names: Set<String> = [
        "tunl0",  // ipip
        "gre0", "gretap0", "erspan0",  // ip_gre
        "sit0",  // sit
        "ip6tnl0",  // ip6_tunnel
        "ip6gre0",  // ip6_gre
        "ip_vti0",  // ip_vti
        "ip6_vti0",  // ip6_vti
    ]
}

extension Sequence where Element == String {
    /// These link names without the kernel's fallback devices (``KernelFallbackDevices``), in
    /// their order.
    public var withoutKernelFallbackDevices: [String] {
        filter { !KernelFallbackDevices.names.contains($0) }
    }
}

extension Sequence where Element: RawRepresentable, Element.RawValue == String {
    /// These typed link names (NetKit's `InterfaceName`) without the kernel's fallback devices,
    /// in their order.
    public var withoutKernelFallbackDevices: [Element] {
        filter { !KernelFallbackDevices.names.contains($0.rawValue) }
    }
}
