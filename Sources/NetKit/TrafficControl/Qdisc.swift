/// What a qdisc does, with its kind's options: the part of `tc qdisc add … KIND OPTIONS` after the kind.
public enum QdiscOptions: Sendable, Hashable {
    case tbf(TokenBucket)
    case htb(HTB)
    case netem(Netem)
    case fqCodel(FQCoDel)
    case sfq(SFQ)
    case prio(Prio)
    case pfifo(PFIFO)
    /// `ingress`: the hook for filters on received packets (parent ``TCHandle/ingress``).
    case ingress
    /// `clsact`: ingress and egress filter hooks without queueing (parent ``TCHandle/ingress``).
    case clsact

    public var kind: QdiscKind {
        switch self {
        case .tbf: .tbf
        case .htb: .htb
        case .netem: .netem
        case .fqCodel: .fqCodel
        case .sfq: .sfq
        case .prio: .prio
        case .pfifo: .pfifo
        case .ingress: .ingress
        case .clsact: .clsact
        }
    }

    /// The options as `tc qdisc show` prints them after the handle and parent.
    var text: String {
        switch self {
        case .tbf(let options): options.description
        case .htb(let options): options.description
        case .netem(let options): options.description
        case .fqCodel(let options): options.description
        case .sfq(let options): options.description
        case .prio(let options): options.description
        case .pfifo(let options): options.description
        case .ingress: "----------------"
        case .clsact: ""
        }
    }
}

/// A queueing discipline on a device: what `tc qdisc add` creates and `tc qdisc show` lists.
///
///     // tc qdisc add dev veth0 root handle 1: tbf rate 10mbit burst 32kb latency 50ms
///     try net.addQdisc(Qdisc(.tbf(TokenBucket(rate: .mbit(10), burst: 32 * 1024, latency: .milliseconds(50))),
///                            device: "veth0", handle: "1:"))
///     // tc qdisc add dev veth0 ingress
///     try net.addQdisc(.ingress(on: "veth0"))
public struct Qdisc: Sendable, Hashable, CustomStringConvertible {
    /// The device the qdisc is attached to.
    public var device: InterfaceName
    /// `root`, ``TCHandle/ingress``, or a class (`1:10`).
    public var parent: TCHandle
    /// The qdisc's own handle (`1:`); ``TCHandle/unspecified`` lets the kernel choose (`8001:` …).
    public var handle: TCHandle
    public var kind: QdiscKind
    /// The kind's options; nil for a kind NetKit does not decode (e.g. `noqueue`, `mq`), or to
    /// select a qdisc to delete by its place alone.
    public var options: QdiscOptions?
    /// The device's index (read back; 0 in a request, where ``device`` is looked up).
    public internal(set) var deviceIndex: Int32 = 0
    /// The kernel's reference count (`refcnt`, read back).
    public internal(set) var referenceCount: UInt32?

    /// A qdisc to create: `tc qdisc add dev DEVICE [parent PARENT | root] [handle HANDLE] KIND OPTIONS`.
    public init(_ options: QdiscOptions, device: InterfaceName, parent: TCHandle? = nil, handle: TCHandle = .unspecified) {
        self.device = device
        self.kind = options.kind
        self.options = options
        switch options {
        case .ingress, .clsact:
            self.parent = parent ?? .ingress
            self.handle = handle == .unspecified ? .ingressQdisc : handle
        default:
            self.parent = parent ?? .root
            self.handle = handle
        }
    }

    /// A qdisc named by its place, e.g. to delete it: `tc qdisc del dev DEVICE root`.
    public init(device: InterfaceName, parent: TCHandle = .root, handle: TCHandle = .unspecified, kind: QdiscKind? = nil) {
        self.device = device
        self.parent = parent
        self.handle = handle
        self.kind = kind ?? ""
    }

    /// `tc qdisc … dev DEVICE ingress`.
    public static func ingress(on device: InterfaceName) -> Qdisc { Qdisc(.ingress, device: device) }
    /// `tc qdisc … dev DEVICE clsact`.
    public static func clsact(on device: InterfaceName) -> Qdisc { Qdisc(.clsact, device: device) }
    /// The root qdisc of `device`, to delete it (`tc qdisc del dev DEVICE root`).
    public static func root(of device: InterfaceName) -> Qdisc { Qdisc(device: device) }

    /// The line `tc qdisc show` prints, e.g.
    /// `qdisc tbf 1: dev veth0 root refcnt 2 rate 1Mbit burst 10Kb lat 50ms`.
    public var description: String {
        var text = "qdisc \(kind) \(handle) dev \(device)"
        text += parent == .root ? " root" : " parent \(parent)"
        if let referenceCount, referenceCount != 1 { text += " refcnt \(referenceCount)" }
        if let options, !options.text.isEmpty { text += " \(options.text)" }
        return text
    }

    /// The words `tc` uses for this qdisc in a command: `dev veth0 root handle 1: tbf`.
    var commandText: String {
        var text = "dev \(device)"
        if parent == .root { text += " root" } else if parent != .ingress { text += " parent \(parent)" }
        if handle != .unspecified, parent != .ingress { text += " handle \(handle)" }
        if !kind.rawValue.isEmpty { text += " \(kind)" }
        return text
    }

    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        switch options {
        case .tbf(let options)?: try options.validate(operation: operation)
        case .netem(let options)?: try options.validate(operation: operation)
        case .prio(let options)?: try options.validate(operation: operation)
        case nil:
            throw NetKitError.invalidInput("a qdisc to create needs its options (Qdisc(.tbf(…), device: …))", operation: operation)
        default: break
        }
    }
}
