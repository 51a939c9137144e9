/// The one error type of NetKit.
///
/// Every error says what was being done (``operation``: the netlink request and the command it
/// mirrors, e.g. `RTM_NEWROUTE (ip route add)`), to what (``object``, in the words `ip` would use),
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
        /// A wait ran out of time.
        case timedOut
        /// The calling task was cancelled before the request was sent; nothing was sent.
        case cancelled
    }

    public var reason: Reason
    /// What was being done, e.g. `RTM_NEWLINK (ip link add)` or `ip netns add`.
    public var operation: String
    /// The object acted on, in `ip`'s words, e.g. `veth1 type veth peer name veth1_p`.
    public var object: String
    /// The kernel's extended-ack message (`NLMSGERR_ATTR_MSG`), when it sent one.
    public var kernelMessage: String?
    /// A suggestion for the caller, when NetKit knows a likely cause.
    public var hint: String?
    /// For a ping that got no reply at all: what each failed request met — the ICMP error with
    /// its type, code and sender, or the failed send — in order. Empty for other operations,
    /// and for a ping that simply timed out (nothing came back).
    public var pingFailures: [PingFailure] = []

    public init(
        _ reason: Reason, operation: String, object: String = "",
        kernelMessage: String? = nil, hint: String? = nil
    ) {
        self.reason = reason
        self.operation = operation
        self.object = object
        self.kernelMessage = kernelMessage
        self.hint = hint
    }

    /// Input rejected before any request was sent.
    public static func invalidInput(_ what: String, operation: String = "parse", object: String = "") -> NetKitError {
        NetKitError(.invalidInput(what), operation: operation, object: object)
    }

    /// The errno behind a kernel or system-call failure, if there is one.
    public var errno: Errno? {
        switch reason {
        case .kernel(let e), .system(let e): e
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
        var text = operation
        if !object.isEmpty { text += " \(object)" }
        text += ": "
        switch reason {
        case .invalidInput(let why): text += "invalid input: \(why)"
        case .kernel(let e), .system(let e): text += e.description
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
    /// Passes a ``NetKitError`` through; anything else becomes one tagged with the operation.
    static func wrap(_ error: any Error, operation: String, object: String = "") -> NetKitError {
        if let error = error as? NetKitError { return error }
        return NetKitError(.malformedMessage("\(error)"), operation: operation, object: object)
    }
}
