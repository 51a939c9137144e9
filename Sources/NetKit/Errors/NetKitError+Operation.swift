extension NetKitError {
    /// What a failed call was doing: the netlink request it sent, when it sent one, and the
    /// command it mirrors — as values, so code matches `error.operation.messageType == .newRoute`
    /// rather than text.
    ///
    /// Printed as errors print it: `RTM_NEWROUTE (ip route add)` for a request, the command
    /// alone (`ip netns add`, `sysctl -w net.ipv4.ip_forward=1`, `ping`) for work that sends
    /// none.
    ///
    /// A string literal in that printed form is an operation too (`"RTM_NEWROUTE (ip route
    /// add)"` has ``messageType`` ``MessageType/newRoute`` and ``command`` `ip route add`), so
    /// code that builds an error names its operation as it reads.
    public struct Operation: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
        /// The text errors print. The fields are read from it when asked for, so naming an
        /// operation costs no more than its string literal: every request carries one, and
        /// only a failed one is ever looked at.
        private let text: String

        /// The netlink request sent (`RTM_NEWROUTE` is ``MessageType/newRoute``); `nil` for work
        /// that sends none: opening or creating a namespace, a sysctl, a ping, waiting.
        public var messageType: MessageType? { parts.messageType }
        /// The command mirrored, e.g. `ip route add`, `tc qdisc replace`, `ip netns add`.
        public var command: String { parts.command }

        /// An operation that sent the netlink request `messageType` on behalf of `command`, or
        /// (without one) a command that sends no netlink request.
        public init(_ messageType: MessageType? = nil, command: String) {
            guard let messageType else {
                text = command
                return
            }
            text = command.isEmpty ? messageType.description : "\(messageType) (\(command))"
        }

        /// The operation an error prints as `text`: `RTM_X (COMMAND)` (or `RTM_X` alone) names
        /// a request and its command; any other text is a command that sends no request.
        public init(stringLiteral text: String) {
            self.text = text
        }

        init(text: String) {
            self.text = text
        }

        public var description: String { text }

        /// ``messageType`` and ``command``, read from ``text``.
        private var parts: (messageType: MessageType?, command: String) {
            guard text.hasPrefix("RTM_") || text.hasPrefix("NLMSG_") else { return (nil, text) }
            let name: Substring
            let command: Substring
            if let space = text.firstIndex(of: " ") {
                let rest = text[text.index(after: space)...]
                guard rest.hasPrefix("("), rest.hasSuffix(")"), rest.count > 2 else { return (nil, text) }
                name = text[..<space]
                command = rest.dropFirst().dropLast()
            } else {
                name = text[...]
                command = ""
            }
            guard let type = Self.typesByName[name] else { return (nil, text) }
            return (type, String(command))
        }

        /// The message types an operation's text can name, by their header name.
        private static let typesByName: [Substring: MessageType] = Dictionary(
            uniqueKeysWithValues: [
                MessageType.noop, .error, .done,
                .newLink, .delLink, .getLink, .setLink, .newAddress, .delAddress, .getAddress,
                .newRoute, .delRoute, .getRoute, .newNeighbour, .delNeighbour, .getNeighbour,
                .newRule, .delRule, .getRule, .newQdisc, .delQdisc, .getQdisc,
                .newClass, .delClass, .getClass, .newFilter, .delFilter, .getFilter,
                .newNSID, .getNSID, .newLinkProperty, .delLinkProperty,
            ].map { (Substring($0.description), $0) })
    }
}
