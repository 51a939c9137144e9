/// The hint attached to `EPERM`/`EACCES` from the kernel: which capability the request needed and
/// whether the calling thread has it. rtnetlink checks the capabilities of the thread that
/// *sends* a request (and of whoever opened the socket), in the user namespace that owns the
/// network namespace — so a handle opened by a privileged thread still fails on a thread that
/// dropped `CAP_NET_ADMIN`.
enum CapabilityHint {
    /// `CAP_NET_ADMIN`, the capability every rtnetlink change needs.
    static let netAdmin = 12

    static func forPermissionDenied(_ errno: Errno) -> String? {
        guard errno == .EPERM || errno == .EACCES else { return nil }
        guard let effective = effectiveCapabilities() else {
            return "changing network configuration needs CAP_NET_ADMIN"
        }
        if effective & (1 << UInt64(netAdmin)) == 0 {
            return
                "the calling thread lacks CAP_NET_ADMIN (its effective capabilities are 0x\(String(effective, radix: 16))); run as root or grant cap_net_admin"
        }
        return
            "the calling thread has CAP_NET_ADMIN, but not in the user namespace that owns this network namespace (or a security module refused)"
    }

    /// The calling thread's effective capability set (`capget`, as ``ThreadCredentials`` reads it).
    static func effectiveCapabilities() -> UInt64? {
        ThreadCredentials.current()?.effective
    }
}
