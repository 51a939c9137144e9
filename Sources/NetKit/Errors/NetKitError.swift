/// The one error type of NetKit.
///
/// Every error says what was being done (``operation``: the netlink request and the command it
/// mirrors as values, printed `RTM_NEWROUTE (ip route add)`), to what (``object``, in the words `ip` would use),
/// why (``reason``: rejected input, a kernel errno, a system call errno …), the kernel's own
/// extended-ack text when it sent one, and a hint where one helps. Its ``description`` reads like
/// a good `ip` error:
///
///     RTM_NEWROUTE (ip route add) 10.122.17.64/26 via 192.168.3.110 dev tunl0:
///     Network is unreachable (ENETUNREACH) — hint: the gateway is not on the link's subnet; add .onlink
public struct NetKitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the operation failed.
    public enum Reason: Sendable, Hashable {
        /// The input was rejected before anything was sent to the kernel; the text says what is wrong.
        case invalidInput(String)
        /// The kernel refused a netlink request (`NLMSG_ERROR` with this errno).
        case kernel(Errno)
        /// A system call outside netlink failed (open, mount, setns, socket …).
        case system(Errno)
        /// A dump kept changing while it was read (`NLM_F_DUMP_INTR`) after this many attempts.
        case dumpInterrupted(attempts: Int)
        /// The running kernel lacks a feature, e.g. `CONFIG_NET_IPIP (module ipip)`.
        case kernelFeatureMissing(String)
        /// The kernel (or a peer) sent bytes NetKit could not parse.
        case malformedMessage(String)
        /// A wait ran out of time; for a ping, no reply and no error came back in time.
        case timedOut
        /// A ping got no reply, and at least one request met an error instead: what each failed
        /// request met — the ICMP error with its type, code and sender, or the failed send — in
        /// order, never empty. ``NetKitError/errno`` is the first failure's.
        case noReply([PingFailure])
        /// An error NetKit did not raise itself — thrown by code the caller passed in — in its
        /// own words (`String(describing:)`), prefixed by its type.
        case foreign(String)
        /// The calling task was cancelled before the request was sent; nothing was sent.
        case cancelled
    }

    public var reason: Reason
    /// What was being done: the netlink request and the command, e.g. ``MessageType/newLink``
    /// and `ip link add` (printed `RTM_NEWLINK (ip link add)`), or a command alone (`ip netns add`).
    public var operation: Operation
    /// The object acted on, in `ip`'s words, e.g. `veth1 type veth peer name veth1_p`.
    public var object: String
    /// The kernel's extended-ack message (`NLMSGERR_ATTR_MSG`), when it sent one.
    public var kernelMessage: String?
    /// A suggestion for the caller, when NetKit knows a likely cause.
    public var hint: String?
    public init(
        _ reason: Reason, operation: Operation, object: String = "",
        kernelMessage: String? = nil, hint: String? = nil
    ) {
        self.reason = reason
        self.operation = operation
        self.object = object
        self.kernelMessage = kernelMessage
        self.hint = hint
    }

    /// Input rejected before any request was sent.
    public static func invalidInput(_ what: String, operation: Operation = "parse", object: String = "") -> NetKitError {
        NetKitError(.invalidInput(what), operation: operation, object: object)
    }

    /// The errno behind a kernel or system-call failure, if there is one.
    public var errno: Errno? {
        switch reason {
        case .kernel(let e), .system(let e): e
        case .noReply(let failures): failures.first?.errno
        default: nil
        }
    }

    /// True when the object already exists (`EEXIST`).
    public var isAlreadyExists: Bool { errno == .EEXIST }
    /// True when the object does not exist (`ENOENT`, `ESRCH`, `ENODEV`, `EADDRNOTAVAIL` for an
    /// address that is not configured).
    public var isNotFound: Bool {
        guard let errno else { return false }
        return [.ENOENT, .ESRCH, .ENODEV, .EADDRNOTAVAIL].contains(errno)
    }
    /// True when the caller lacks privilege (`EPERM`, `EACCES`).
    public var isPermissionDenied: Bool { errno == .EPERM || errno == .EACCES }

    public var description: String {
        var text = operation.description
        if !object.isEmpty { text += " \(object)" }
        text += ": "
        switch reason {
        case .invalidInput(let why): text += "invalid input: \(why)"
        case .kernel(let e), .system(let e): text += e.description
        case .noReply(let failures): text += failures.first.map { $0.errno.description } ?? "no reply"
        case .foreign(let what): text += what
        case .dumpInterrupted(let n): text += "dump interrupted by concurrent changes \(n) times in a row (NLM_F_DUMP_INTR)"
        case .kernelFeatureMissing(let feature): text += "the running kernel lacks \(feature)"
        case .malformedMessage(let why): text += "malformed netlink message: \(why)"
        case .timedOut: text += "timed out"
        case .cancelled: text += "cancelled"
        }
        if let kernelMessage, !kernelMessage.isEmpty { text += " — kernel says: \(kernelMessage)" }
        if let hint = hint ?? defaultHint { text += " — hint: \(hint)" }
        return text
    }

    /// Hints that hold whatever the operation.
    private var defaultHint: String? {
        switch (reason, errno) {
        case (.kernel, .EPERM?), (.kernel, .EACCES?):
            return "this needs CAP_NET_ADMIN in the namespace's user namespace (run as root)"
        case (.system, .EPERM?), (.system, .EACCES?):
            return "namespace work (unshare, setns, mount under /run/netns) needs CAP_SYS_ADMIN (run as root)"
        default:
            return nil
        }
    }
}

extension NetKitError {
    /// Passes a ``NetKitError`` through; anything else — only code the caller passed in throws
    /// other errors — keeps its own words as ``Reason/foreign(_:)``, tagged with the operation.
    /// Never relabelled as a kernel or parsing failure.
    static func wrap(_ error: any Error, operation: Operation, object: String = "") -> NetKitError {
        if let error = error as? NetKitError { return error }
        return NetKitError(.foreign("\(type(of: error)): \(error)"), operation: operation, object: object)
    }
}
