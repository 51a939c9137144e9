/// A state of a link that `NetlinkHandle.waitForLink(_:until:timeout:)` waits for (blocking
/// or `async`).
///
/// An open set, like ``HardwareType``: the known conditions are static members, and
/// ``init(_:isMet:)`` makes others from any test on a ``Link``.
///
/// `ip link set dev NAME up` returns once the kernel has set `IFF_UP`. A veth reports carrier
/// (`IFF_LOWER_UP`) at once when its peer is up, but the kernel's linkwatch work — which sets
/// the operational state and attaches the device's queueing discipline — runs up to a second
/// later, and until it has, packets sent through the link are dropped: the first ping of a
/// freshly set-up pair may time out. Wait for ``operational`` before the first packet.
public struct LinkCondition: Sendable, CustomStringConvertible {
    /// What the condition asks for, in `ip link`'s words (`UP,LOWER_UP`).
    public let description: String
    private let test: @Sendable (Link) -> Bool

    /// A condition of your own: `description` says what it waits for (it appears in the
    /// timeout's hint), `isMet` decides it for the link's state as `ip link` shows it.
    public init(_ description: String, isMet: @escaping @Sendable (Link) -> Bool) {
        self.description = description
        test = isMet
    }

    /// Whether `link`, as it is now, meets the condition.
    public func isMet(by link: Link) -> Bool { test(link) }

    /// The link is administratively up (`IFF_UP`, `ip link` shows `UP` in the flags).
    public static let up = LinkCondition("UP") { $0.flags.contains(.up) }

    /// The link is up and has carrier (`IFF_UP` and `IFF_LOWER_UP`: `ip link` shows
    /// `<…,UP,LOWER_UP>`); for a veth, both ends are up. The kernel may not have applied it
    /// yet (`state UNKNOWN` or `DOWN` beside `LOWER_UP`): to send traffic, wait for
    /// ``operational``. For devices that never report an operational state (`lo`, `tun`: always
    /// `state UNKNOWN`) this is the condition to wait for.
    public static let carrier = LinkCondition("UP,LOWER_UP") { $0.flags.isSuperset(of: [.up, .lowerUp]) }

    /// The link can carry traffic by RFC 2863 (`IF_OPER_UP`: `ip link` shows `state UP`): the
    /// kernel's linkwatch has applied its carrier and attached its queueing discipline. Never
    /// met by a device that reports no operational state (`lo`, `tun`): use ``carrier`` there.
    public static let operational = LinkCondition("state UP") { $0.operationalState == .up }
}

extension LinkCondition {
    /// The timeout error of a wait, with a hint naming the link's state when the wait ended.
    static func timeout(
        _ name: String, condition: LinkCondition, timeout: Duration, last: Link?,
        in namespace: Namespace
    ) -> NetKitError {
        NetKitError(
            .timedOut, operation: "wait for link (ip monitor link)",
            object: "dev \(name) \(condition) in \(namespace)",
            hint: hint(name, condition: condition, timeout: timeout, last: last))
    }

    static func hint(_ name: String, condition: LinkCondition, timeout: Duration, last: Link?) -> String {
        let waited = "not \(condition) within \(timeout)"
        guard let link = last else { return "\(waited): there is no link named \(name) in this namespace" }
        let state = "<\(link.flagNames.joined(separator: ","))> state \(link.operationalState)"
        let cause: String
        if !link.flags.contains(.up) {
            cause = "it is down; set it up (ip link set dev \(name) up)"
        } else if !link.flags.contains(.lowerUp) {
            cause =
                link.kind == .veth
                ? "it is up without carrier: its veth peer\(link.parentName.map { " \($0)" } ?? "") is down or gone"
                : "it is up without carrier: the device or the link below it has none"
        } else {
            cause =
                "it is up with carrier; a state other than UP means the kernel has not applied it yet, "
                + "or the device reports no operational state (wait for .carrier then)"
        }
        return "\(waited): \(name) is \(state); \(cause)"
    }
}
