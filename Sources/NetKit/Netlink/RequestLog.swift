import Logging

/// A netlink socket's optional diagnostics: each request at trace level as the `ip`/`bridge`/`tc`
/// command it mirrors, each error the kernel answers with at debug level. Without a logger every
/// call is a `nil` check; with one, the text is built only when its level is enabled (the
/// messages are autoclosures that `Logger` evaluates after its level check).
struct RequestLog: Sendable {
    let logger: Logger?

    /// Logs `request` at trace level; `describe` names it when the request carries no text of its
    /// own (a batch builds its requests without one).
    func sent(_ request: NetlinkRequest, describe: (() -> String)? = nil) {
        logger?.trace("\(Self.command(request, describe: describe))")
    }

    private static func command(_ request: NetlinkRequest, describe: (() -> String)?) -> String {
        command(request.type, operation: request.operation, object: request.object.isEmpty ? describe?() ?? "" : request.object)
    }

    /// Logs a kernel error (its errno, extended-ack text and hint) at debug level.
    func failed(_ error: @autoclosure () -> NetKitError) {
        logger?.debug("\(error())")
    }

    /// The command a request mirrors, from the text its errors carry: the operation
    /// `RTM_NEWLINK (ip link set master)` and the object `dev veth1 master cni0` give
    /// `ip link set dev veth1 master cni0`. Words of the operation after the tool, object and
    /// verb (`ip link set`) that the object repeats are dropped, since the object says them in
    /// iproute2's order.
    ///
    /// A dump made on behalf of another command (the links that name the devices of
    /// `ip route show`) is logged as what it is, `ip link show`.
    static func command(_ type: MessageType, operation: NetKitError.Operation, object: String) -> String {
        var words = operation.command.split(separator: " ")
        if let listing = listings[type.rawValue], words.count < 2 || !listing.nouns.contains(words[1]) {
            words = listing.command.split(separator: " ")
        }
        let objectWords = Set(object.split(separator: " "))
        while words.count > 3, let last = words.last, objectWords.contains(last) { words.removeLast() }
        let text = words.joined(separator: " ")
        return object.isEmpty ? text : "\(text) \(object)"
    }

    /// What each `RTM_GET*` request lists: the nouns its commands use, and the command that lists it.
    private static let listings: [UInt16: (nouns: Set<Substring>, command: String)] = [
        MessageType.getLink.rawValue: (["link"], "ip link show"),
        MessageType.getAddress.rawValue: (["addr", "address"], "ip addr show"),
        MessageType.getRoute.rawValue: (["route"], "ip route show"),
        MessageType.getNeighbour.rawValue: (["neigh", "fdb"], "ip neigh show"),
        MessageType.getRule.rawValue: (["rule"], "ip rule show"),
        MessageType.getQdisc.rawValue: (["qdisc"], "tc qdisc show"),
        MessageType.getClass.rawValue: (["class"], "tc class show"),
        MessageType.getFilter.rawValue: (["filter"], "tc filter show"),
    ]
}
