/// A tunnel's FOU/GUE encapsulation as the kernel reports it (`IFLA_GRE_ENCAP_*`,
/// `IFLA_IPTUN_ENCAP_*`), read so the kind line prints what `ip -d link show` prints. NetKit
/// creates tunnels without one (`encap none`).
struct TunnelEncapsulation: Sendable, Hashable {
    /// `TUNNEL_ENCAP_NONE` 0, `FOU` 1, `GUE` 2.
    var type: UInt16 = 0
    /// `TUNNEL_ENCAP_FLAG_CSUM` 1, `CSUM6` 2, `REMCSUM` 4.
    var flags: UInt16 = 0
    /// Host order; 0 is auto.
    var sourcePort: UInt16 = 0
    var destinationPort: UInt16 = 0

    /// Reads the four attributes numbered `first` … `first + 3` in the kernel's order: type,
    /// flags, source port, destination port.
    mutating func read(_ attribute: NetlinkAttributes.Attribute, first: UInt16) -> Bool {
        switch attribute.type {
        case first: type = attribute.uint16 ?? 0
        case first + 1: flags = attribute.uint16 ?? 0
        case first + 2: sourcePort = attribute.uint16BigEndian ?? 0
        case first + 3: destinationPort = attribute.uint16BigEndian ?? 0
        default: return false
        }
        return true
    }

    /// `encap none` as iproute2 sends it: the four attributes numbered `first` … `first + 3`,
    /// with `flags` (the IPv6 kinds default to `TUNNEL_ENCAP_FLAG_CSUM6`).
    static func appendNone(into data: inout NetlinkRequest, first: UInt16, flags: UInt16) {
        data.appendAttribute(first, uint16: 0)
        data.appendAttribute(first + 1, uint16: flags)
        data.appendAttribute(first + 2, uint16BigEndian: 0)
        data.appendAttribute(first + 3, uint16BigEndian: 0)
    }

    /// iproute2's `tnl_print_encap` words; none for `encap none`.
    var words: [String] {
        guard type != 0 else { return [] }
        func flag(_ bit: UInt16, _ name: String) -> String { (flags & bit != 0 ? "" : "no") + "encap-\(name)" }
        return [
            "encap", [1: "fou", 2: "gue"][type] ?? "unknown",
            "encap-sport", sourcePort == 0 ? "auto" : String(sourcePort), "encap-dport", String(destinationPort),
            flag(1, "csum"), flag(2, "csum6"), flag(4, "remcsum"),
        ]
    }
}
