/// A request that got an error instead of a reply: an ICMP error from a router or from this
/// host (reported by the kernel through `IP_RECVERR` / `IPV6_RECVERR`), or a send that failed.
/// Printed as ping prints it: `From 172.19.0.101 icmp_seq=1 Destination Host Unreachable`.
public struct PingFailure: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// ICMP "net unreachable" / ICMPv6 "no route to destination": a router has no route.
        case networkUnreachable
        /// ICMP "host unreachable" / ICMPv6 "address unreachable": nobody answered ARP or
        /// neighbour discovery on the last link (this host reports it for its own links).
        case hostUnreachable
        /// ICMP / ICMPv6 "port unreachable".
        case portUnreachable
        /// A firewall or policy refused the packet ("prohibited", "packet filtered", "reject route").
        case administrativelyProhibited
        /// ICMP "fragmentation needed" / ICMPv6 "packet too big", with the next hop's MTU.
        case packetTooBig(mtu: Int)
        /// TTL / hop limit exceeded in transit (a routing loop, or too many hops).
        case timeExceeded
        /// Any other ICMP error; ``PingFailure/icmpType`` and ``PingFailure/icmpCode`` say which.
        case otherICMP
        /// `sendto` itself failed with ``PingFailure/errno`` (e.g. the route went away mid-probe).
        case sendFailed
    }

    /// ping's `icmp_seq`, counting from 1.
    public var sequence: Int
    public var kind: Kind
    /// The errno the kernel maps the error to (`icmp_err_convert`), e.g. `EHOSTUNREACH`.
    public var errno: Errno
    /// Who sent the ICMP error: a router, or this host for its own failed neighbour lookups.
    public var reportedBy: IPAddress?
    public var icmpType: UInt8?
    public var icmpCode: UInt8?
    public var family: AddressFamily

    public init(
        sequence: Int, kind: Kind, errno: Errno, reportedBy: IPAddress? = nil,
        icmpType: UInt8? = nil, icmpCode: UInt8? = nil, family: AddressFamily
    ) {
        self.sequence = sequence
        self.kind = kind
        self.errno = errno
        self.reportedBy = reportedBy
        self.icmpType = icmpType
        self.icmpCode = icmpCode
        self.family = family
    }

    /// A failure from an ICMP error's type and code.
    init(sequence: Int, family: AddressFamily, type: UInt8, code: UInt8, mtu: UInt32, errno: Int32, reportedBy: IPAddress?) {
        let kind: Kind =
            switch (family, type, code) {
            case (.ipv4, 3, 0), (.ipv4, 3, 6), (.ipv4, 3, 11), (.ipv6, 1, 0): .networkUnreachable
            case (.ipv4, 3, 1), (.ipv4, 3, 7), (.ipv4, 3, 12), (.ipv6, 1, 3): .hostUnreachable
            case (.ipv4, 3, 3), (.ipv6, 1, 4): .portUnreachable
            case (.ipv4, 3, 9), (.ipv4, 3, 10), (.ipv4, 3, 13), (.ipv6, 1, 1), (.ipv6, 1, 5), (.ipv6, 1, 6):
                .administrativelyProhibited
            case (.ipv4, 3, 4), (.ipv6, 2, _): .packetTooBig(mtu: Int(mtu))
            case (.ipv4, 11, _), (.ipv6, 3, _): .timeExceeded
            default: .otherICMP
            }
        self.init(
            sequence: sequence, kind: kind, errno: Errno(rawValue: errno), reportedBy: reportedBy,
            icmpType: type, icmpCode: code, family: family)
    }

    public var description: String {
        guard let type = icmpType, let code = icmpCode else {
            return "ping: sendmsg: \(errno.message) (icmp_seq=\(sequence))"
        }
        let from = reportedBy.map { "From \($0) " } ?? ""
        return "\(from)icmp_seq=\(sequence) \(Self.text(family: family, type: type, code: code, kind: kind))"
    }

    /// iputils ping's wording for an ICMP error (ping4 `pr_icmph`, ping6 `pr_icmph`).
    static func text(family: AddressFamily, type: UInt8, code: UInt8, kind: Kind) -> String {
        if case .packetTooBig(let mtu) = kind {
            return family == .ipv4 ? "Frag needed and DF set (mtu = \(mtu))" : "Packet too big: mtu=\(mtu)"
        }
        switch (family, type) {
        case (.ipv4, 3):
            let texts = [
                "Destination Net Unreachable", "Destination Host Unreachable", "Destination Protocol Unreachable",
                "Destination Port Unreachable", "Frag needed and DF set", "Source Route Failed",
                "Destination Net Unknown", "Destination Host Unknown", "Source Host Isolated",
                "Destination Net Prohibited", "Destination Host Prohibited",
                "Destination Net Unreachable for Type of Service", "Destination Host Unreachable for Type of Service",
                "Packet filtered", "Precedence Violation", "Precedence Cutoff",
            ]
            return Int(code) < texts.count ? texts[Int(code)] : "Dest Unreachable, Bad Code: \(code)"
        case (.ipv4, 11):
            return code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded"
        case (.ipv4, 12):
            return "Parameter problem"
        case (.ipv6, 1):
            let texts = [
                "No route", "Administratively prohibited", "Beyond scope of source address", "Address unreachable",
                "Port unreachable", "Source address failed ingress/egress policy", "Reject route to destination",
            ]
            return "Destination unreachable: " + (Int(code) < texts.count ? texts[Int(code)] : "Unknown code \(code)")
        case (.ipv6, 3):
            return "Time exceeded: " + (code == 0 ? "Hop limit" : "Defragmentation failure")
        case (.ipv6, 4):
            return "Parameter problem"
        default:
            return "ICMP type \(type) code \(code)"
        }
    }
}
