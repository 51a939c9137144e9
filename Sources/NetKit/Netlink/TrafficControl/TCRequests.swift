/// The requests of the traffic-control operations: libnl builds them (``LibnlQdisc``,
/// ``LibnlClass``), ``TCMessageEditor`` completes them, and NetKit's socket sends them.
extension Qdisc {
    func request(_ command: TCCommand, link: TCLink) throws(NetKitError) -> NetlinkRequest {
        let operation: NetKitError.Operation =
            command == .delete ? "RTM_DELQDISC (tc qdisc del)" : "RTM_NEWQDISC (tc qdisc \(command.word))"
        if command != .delete { try validate(operation: operation) }
        var message = try LibnlQdisc.message(self, command, link: link)
        if command != .delete { message = TCMessageEditor.complete(message, for: options) }
        return NetlinkRequest(message: message, operation: operation, object: commandText)
    }

    /// `RTM_GETQDISC` dump, of one device when `index` is not 0 (as `tc qdisc show dev NAME`).
    static func dumpRequest(index: Int32) -> NetlinkRequest {
        var request = NetlinkRequest(.getQdisc, flags: [], operation: "RTM_GETQDISC (tc qdisc show)")
        request.appendHeader(TrafficControlHeader(index: index))
        return request
    }
}

extension TrafficClass {
    func request(_ command: TCCommand, link: TCLink) throws(NetKitError) -> NetlinkRequest {
        let operation: NetKitError.Operation =
            command == .delete ? "RTM_DELTCLASS (tc class del)" : "RTM_NEWTCLASS (tc class \(command.word))"
        if command != .delete { try validate(operation: operation) }
        var message = try LibnlClass.message(self, command, link: link)
        if command != .delete { message = TCMessageEditor.completeClass(message) }
        return NetlinkRequest(message: message, operation: operation, object: commandText)
    }

    /// `RTM_GETTCLASS` dump of one device (`tc class show dev NAME`).
    static func dumpRequest(index: Int32) -> NetlinkRequest {
        var request = NetlinkRequest(.getClass, flags: [], operation: "RTM_GETTCLASS (tc class show)")
        request.appendHeader(TrafficControlHeader(index: index))
        return request
    }
}

extension Filter {
    func request(_ command: TCCommand, index: Int32, targets: [InterfaceName: Int32]) throws(NetKitError) -> NetlinkRequest {
        let operation: NetKitError.Operation =
            command == .delete ? "RTM_DELTFILTER (tc filter del)" : "RTM_NEWTFILTER (tc filter \(command.word))"
        if command != .delete, classifier == nil {
            throw NetKitError.invalidInput("a filter to create needs its classifier (Filter(.u32All, …))", operation: operation)
        }
        let message = try LibnlFilter.message(self, command, index: index, targets: targets)
        return NetlinkRequest(message: message, operation: operation, object: commandText)
    }

    /// `RTM_GETTFILTER` dump of one device and parent (`tc filter show dev NAME parent P`).
    static func dumpRequest(index: Int32, parent: TCHandle) -> NetlinkRequest {
        var request = NetlinkRequest(.getFilter, flags: [], operation: "RTM_GETTFILTER (tc filter show)")
        request.appendHeader(TrafficControlHeader(index: index, parent: parent.rawValue))
        return request
    }
}
