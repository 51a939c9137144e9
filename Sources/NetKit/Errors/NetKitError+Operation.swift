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
        /// The netlink request sent (`RTM_NEWROUTE` is ``MessageType/newRoute``); `nil` for work
        /// that sends none: opening or creating a namespace, a sysctl, a ping, waiting.
        public var messageType: MessageType?
        /// The command mirrored, e.g. `ip route add`, `tc qdisc replace`, `ip netns add`.
        public var command: String

        /// An operation that sent the netlink request `messageType` on behalf of `command`, or
        /// (without one) a command that sends no netlink request.
        public init(_ messageType: MessageType? = nil, command: String) {
            self.messageType = messageType
            self.command = command
        }

        /// The operation an error prints as `text`: `RTM_X (COMMAND)` (or `RTM_X` alone) names
        /// a request and its command; any other text is a command that sends no request.
        public init(stringLiteral text: String) {
            self.init(text: text)
        }

        init(text: String) {
            guard text.hasPrefix("RTM_") || text.hasPrefix("NLMSG_") else {
                self.init(nil, command: text)
                return
            }
            let name: Substring
            let command: Substring
            if let open = text.firstIndex(of: " ") {
                let rest = text[text.index(after: open)...]
                guard rest.hasPrefix("("), rest.hasSuffix(")"), rest.count > 2 else {
                    self.init(nil, command: text)
                    return
                }
                name = text[..<open]
                command = rest.dropFirst().dropLast()
            } else {
                name = text[...]
                command = ""
            }
            guard let type = Self.typesByName[name] else {
                self.init(nil, command: text)
                return
            }
            self.init(type, command: String(command))
        }

        public var description: String {
            guard let messageType else { return command }
            return command.isEmpty ? messageType.description : "\(messageType) (\(command))"
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
