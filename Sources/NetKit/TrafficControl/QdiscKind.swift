/// The kind of a qdisc or class (`TCA_KIND`), as `tc` writes it: `tbf`, `htb`, `netem` ….
///
/// An open set, like ``HardwareType``: a kind NetKit has no name for is still a value, so a
/// kernel that grows a kind breaks no `switch`.
public struct QdiscKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let tbf = QdiscKind(rawValue: "tbf")
    public static let htb = QdiscKind(rawValue: "htb")
    public static let netem = QdiscKind(rawValue: "netem")
    public static let fqCodel = QdiscKind(rawValue: "fq_codel")
    public static let sfq = QdiscKind(rawValue: "sfq")
    public static let prio = QdiscKind(rawValue: "prio")
    public static let pfifo = QdiscKind(rawValue: "pfifo")
    public static let ingress = QdiscKind(rawValue: "ingress")
    public static let clsact = QdiscKind(rawValue: "clsact")
    public static let noqueue = QdiscKind(rawValue: "noqueue")
    public static let pfifoFast = QdiscKind(rawValue: "pfifo_fast")

    /// The kernel option that provides the kind, and its module, for errors on kernels that
    /// lack it (e.g. `CONFIG_NET_SCH_NETEM (module sch_netem)`).
    public var kernelFeature: String {
        let config: String
        switch self {
        case .fqCodel: config = "FQ_CODEL"
        case .pfifo: config = "FIFO"
        case .ingress, .clsact: config = "INGRESS"
        default: config = rawValue.uppercased()
        }
        let module = self == .clsact ? "sch_ingress" : "sch_\(rawValue)"
        return "CONFIG_NET_SCH_\(config) (module \(module))"
    }

    /// The kind itself, as `tc qdisc show` prints it.
    public var description: String { rawValue }
}
