/// The options of a class, by its qdisc's kind.
public enum ClassOptions: Sendable, Hashable {
    case htb(HTBClass)

    public var kind: QdiscKind {
        switch self {
        case .htb: .htb
        }
    }
}

/// A class of a classful qdisc: what `tc class add` creates and `tc class show` lists.
///
///     // tc class add dev veth0 parent 1: classid 1:10 htb rate 5mbit ceil 10mbit
///     try net.addClass(TrafficClass(.htb(HTBClass(rate: .mbit(5), ceil: .mbit(10))),
///                                   device: "veth0", parent: "1:", classID: "1:10"))
public struct TrafficClass: Sendable, Hashable, CustomStringConvertible {
    public var device: InterfaceName
    /// The qdisc (`1:`) or class (`1:1`) above this one; the kernel reports `root` for a class
    /// directly under its qdisc.
    public var parent: TCHandle
    /// `classid`, e.g. `1:10`.
    public var classID: TCHandle
    public var kind: QdiscKind
    /// The options; nil for a kind NetKit does not decode, or to select a class to delete.
    public var options: ClassOptions?
    /// The qdisc attached below this class, if any (`leaf 8001:`, read back).
    public internal(set) var leaf: TCHandle?
    public internal(set) var deviceIndex: Int32 = 0

    /// A class to create: `tc class add dev DEVICE parent PARENT classid CLASSID KIND OPTIONS`.
    public init(_ options: ClassOptions, device: InterfaceName, parent: TCHandle, classID: TCHandle) {
        self.device = device
        self.parent = parent
        self.classID = classID
        self.kind = options.kind
        self.options = options
    }

    /// A class named by its id, e.g. to delete it: `tc class del dev DEVICE classid CLASSID`.
    public init(device: InterfaceName, classID: TCHandle) {
        self.device = device
        self.parent = .unspecified
        self.classID = classID
        self.kind = ""
    }

    /// The line `tc class show` prints, e.g. `class htb 1:10 root prio 0 rate 5Mbit ceil 10Mbit burst 1600b cburst 1600b`.
    public var description: String {
        var text = "class \(kind) \(classID) dev \(device)"
        text += parent == .root ? " root" : " parent \(parent)"
        if let leaf { text += " leaf \(leaf)" }
        switch options {
        case .htb(let options)?: text += " \(options.description)"
        case nil: break
        }
        return text
    }

    var commandText: String {
        var text = "dev \(device)"
        if parent != .unspecified { text += " parent \(parent)" }
        text += " classid \(classID)"
        if !kind.rawValue.isEmpty { text += " \(kind)" }
        return text
    }

    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        switch options {
        case .htb(let options)?: try options.validate(operation: operation)
        case nil:
            throw NetKitError.invalidInput("a class to create needs its options (TrafficClass(.htb(…), …))", operation: operation)
        }
    }
}
