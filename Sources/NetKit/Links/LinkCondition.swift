/// A state of a link that ``NetlinkHandle/waitForLink(_:until:timeout:)`` and
/// ``Namespace/waitForLink(_:until:timeout:)`` wait for.
///
/// An open set, like ``HardwareType``: the known conditions are static members, and
/// ``init(_:isMet:)`` makes others from any test on a ``Link``.
///
/// `ip link set dev NAME up` returns once the kernel has set `IFF_UP`; the carrier
/// (`IFF_LOWER_UP`) and the operational state follow from the kernel's linkwatch work, up to
/// a second later. A veth has carrier only while both of its ends are up. Until then packets
/// sent through it are dropped — the first ping of a freshly set-up pair may time out.
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
    /// `<…,UP,LOWER_UP>`). For a veth: both ends are up and the kernel has applied it.
    public static let carrier = LinkCondition("UP,LOWER_UP") { $0.flags.isSuperset(of: [.up, .lowerUp]) }

    /// The link can carry traffic by RFC 2863 (`ip link` shows `state UP`), or, for drivers
    /// that do not report an operational state (`state UNKNOWN`: `lo`, `tun`), is up with
    /// carrier.
    public static let operational = LinkCondition("state UP") { link in
        link.operationalState == .up
            || (link.operationalState == .unknown && link.flags.isSuperset(of: [.up, .lowerUp]))
    }
}

extension LinkCondition {
    /// The timeout error of a wait, with a hint naming the link's state when the wait ended.
    static func timeout(_ name: String, condition: LinkCondition, timeout: Duration, last: Link?, in namespace: Namespace) -> NetKitError {
        NetKitError(.timedOut, operation: "wait for link (ip monitor link)",
                    object: "dev \(name) \(condition) in \(namespace)", hint: hint(name, condition: condition, timeout: timeout, last: last))
    }

    static func hint(_ name: String, condition: LinkCondition, timeout: Duration, last: Link?) -> String {
        let waited = "not \(condition) within \(timeout)"
        guard let link = last else { return "\(waited): there is no link named \(name) in this namespace" }
        let state = "<\(link.flagNames.joined(separator: ","))> state \(link.operationalState)"
        let cause: String
        if !link.flags.contains(.up) {
            cause = "it is down; set it up (ip link set dev \(name) up)"
        } else if !link.flags.contains(.lowerUp) {
            cause = link.kind == .veth
                ? "it is up without carrier (NO-CARRIER): its veth peer\(link.parentName.map { " \($0)" } ?? "") is down or gone"
                : "it is up without carrier (NO-CARRIER): the device or the link below it has none"
        } else {
            cause = "it is up with carrier"
        }
        return "\(waited): \(name) is \(state); \(cause)"
    }
}
