/// One run of a ``PingProbe`` on a thread that is already inside the target namespace:
/// send the requests on schedule, collect replies and ICMP errors until every request is
/// answered or has waited its full timeout. One thread, one socket, one `poll` loop, so it
/// needs no locks, and it always ends by `(count − 1) × interval + timeout`.
struct PingSession {
    let probe: PingProbe
    /// `172.19.0.100 from veth1 (in netns ren)`, for errors.
    let object: String
    /// Checked between waits (at least every ``cancellationSlice``), so an async caller's
    /// cancellation ends the probe early.
    let isCancelled: () -> Bool

    static let cancellationSlice = Duration.milliseconds(100)

    func run() throws(NetKitError) -> PingResult {
        let family = probe.destination.family
        let socket = try ICMPSocket.open(family: family, object: object)
        var scopeID: UInt32 = 0
        if let interface = probe.sourceInterface {
            try socket.bind(toDevice: interface)
            scopeID = try socket.interfaceIndex(interface)
        }
        if let source = probe.sourceAddress {
            try socket.bind(to: source, scopeID: source.isLinkLocal ? scopeID : 0)
        }
        let destinationScope = probe.destination.isLinkLocal ? scopeID : 0

        let matcher = ICMPEcho.Matcher(
            family: family,
            identifier: socket.kind == .raw ? UInt16.random(in: .min ... .max) : nil,
            payload: ICMPEcho.payload(cookie: UInt64.random(in: .min ... .max)))
        let clock = ContinuousClock()
        let start = clock.now
        var nextSend = start
        var nextSequence = 1
        var transmitted = 0
        var outstanding: [UInt16: ContinuousClock.Instant] = [:]
        var replies: [PingReply] = []
        var failures: [PingFailure] = []

        while true {
            if isCancelled() {
                throw NetKitError(
                    .system(.ECANCELED), operation: "ping", object: object,
                    hint: "the probe's task was cancelled")
            }
            var now = clock.now
            if nextSequence <= probe.count, now >= nextSend {
                let sequence = UInt16(truncatingIfNeeded: nextSequence)
                let packet = ICMPEcho.request(
                    family: family, identifier: matcher.identifier ?? 0,
                    sequence: sequence, payload: matcher.payload)
                let sentAt = clock.now
                if let error = socket.send(packet, to: probe.destination, scopeID: destinationScope) {
                    guard transmitted > 0 else {
                        // Nothing ever left: no route, no source address … — ping exits at once too.
                        var thrown = sendError(error)
                        thrown.reason = .noReply([PingFailure(sequence: nextSequence, kind: .sendFailed, errno: error, family: family)])
                        throw thrown
                    }
                    failures.append(PingFailure(sequence: nextSequence, kind: .sendFailed, errno: error, family: family))
                } else {
                    transmitted += 1
                    outstanding[sequence] = sentAt
                }
                nextSequence += 1
                nextSend = nextSend.advanced(by: probe.interval)
                // No `continue`: with a short interval the poll below (then with no wait)
                // drains replies between sends, before they can overflow the receive buffer.
            }
            now = clock.now
            for (sequence, sentAt) in outstanding where now >= sentAt.advanced(by: probe.timeout) {
                outstanding[sequence] = nil
            }
            if nextSequence > probe.count, outstanding.isEmpty { break }

            var wakeAt = outstanding.values.map { $0.advanced(by: probe.timeout) }.min() ?? nextSend
            if nextSequence <= probe.count, nextSend < wakeAt { wakeAt = nextSend }
            let wait = min(max(wakeAt - now, .zero), Self.cancellationSlice)
            let readiness = try socket.wait(milliseconds: Self.roundedUpMilliseconds(wait))
            let receivedAt = clock.now
            if readiness.errorQueued {
                while let datagram = try socket.receive(errorQueue: true) {
                    guard let failure = failure(in: datagram, matcher: matcher),
                        let sequence = UInt16(exactly: failure.sequence),
                        outstanding.removeValue(forKey: sequence) != nil
                    else { continue }
                    failures.append(failure)
                }
            }
            if readiness.readable {
                while let datagram = try socket.receive(errorQueue: false) {
                    guard let reply = reply(in: datagram, kind: socket.kind, matcher: matcher),
                        let sentAt = outstanding.removeValue(forKey: reply.sequence)
                    else { continue }
                    replies.append(
                        PingReply(
                            sequence: Int(reply.sequence), from: reply.from, byteCount: reply.byteCount,
                            ttl: reply.ttl, roundTripTime: receivedAt - sentAt))
                }
            }
        }

        let result = PingResult(
            probe: probe, socketKind: socket.kind, transmitted: transmitted,
            replies: replies, failures: failures, elapsed: clock.now - start)
        guard !replies.isEmpty else { throw noReplyError(result) }
        return result
    }

    /// A reply to this probe in a datagram from the normal queue.
    func reply(in datagram: ICMPSocket.Datagram, kind: PingResult.SocketKind, matcher: ICMPEcho.Matcher)
        -> (sequence: UInt16, from: IPAddress, byteCount: Int, ttl: Int?)?
    {
        var icmp = datagram.data
        var ttl: Int?
        if kind == .raw, matcher.family == .ipv4 {
            // A raw IPv4 socket delivers the IP header too.
            guard let stripped = ICMPEcho.strippingIPv4Header(icmp) else { return nil }
            icmp = stripped.icmp
            ttl = Int(stripped.ttl)
        }
        guard let sequence = matcher.replySequence(icmp),
            let from = SocketMessageParsing.address(datagram.sender)?.address
        else { return nil }
        let ttlLevel = matcher.family == .ipv4 ? ICMPConstants.protocolIP : ICMPConstants.protocolIPv6
        let ttlType = matcher.family == .ipv4 ? ICMPConstants.ipTTL : ICMPConstants.ipv6HopLimit
        for message in SocketMessageParsing.controlMessages(datagram.control) where message.level == ttlLevel && message.type == ttlType {
            if let value = SocketMessageParsing.integer(message.data) { ttl = Int(value) }
        }
        return (sequence, from, icmp.count, ttl)
    }

    /// An ICMP error about one of this probe's requests, from the error queue: the data is the
    /// request as the error quoted it, the `IP_RECVERR` / `IPV6_RECVERR` message says what
    /// happened and who said so.
    func failure(in datagram: ICMPSocket.Datagram, matcher: ICMPEcho.Matcher) -> PingFailure? {
        guard let sequence = matcher.requestSequence(datagram.data) else { return nil }
        let level = matcher.family == .ipv4 ? ICMPConstants.protocolIP : ICMPConstants.protocolIPv6
        let type = matcher.family == .ipv4 ? ICMPConstants.ipReceiveError : ICMPConstants.ipv6ReceiveError
        for message in SocketMessageParsing.controlMessages(datagram.control) where message.level == level && message.type == type {
            guard let error = SocketMessageParsing.ExtendedError(message.data) else { continue }
            switch error.origin {
            case ICMPConstants.originICMP, ICMPConstants.originICMP6:
                return PingFailure(
                    sequence: Int(sequence), family: matcher.family, type: error.type, code: error.code,
                    mtu: error.info, errno: error.errno, reportedBy: error.offender)
            default:
                return PingFailure(sequence: Int(sequence), kind: .sendFailed, errno: Errno(rawValue: error.errno), family: matcher.family)
            }
        }
        return nil
    }

    private func sendError(_ error: Errno) -> NetKitError {
        let hint: String? =
            switch error {
            case .ENETUNREACH:
                probe.sourceInterface.map { "no route to \(probe.destination) through \($0) (ip route get \(probe.destination) oif \($0))" }
                    ?? "no route to \(probe.destination) in this namespace (ip route get \(probe.destination)); add a route or an address on its subnet"
            case .EHOSTUNREACH: "the route to \(probe.destination) is unreachable (an `unreachable` route, or neighbour resolution failed)"
            case .EACCES, .EPERM: "a route of type prohibit or a firewall rule refused the packet"
            case .ENETDOWN: "the outgoing interface is down"
            case .EINVAL where probe.sourceAddress != nil: "the source address cannot reach \(probe.destination)"
            default: nil
            }
        return NetKitError(
            .system(error), operation: "ping", object: object,
            kernelMessage: "sendto: \(error.message)", hint: hint)
    }

    /// Every request failed or went unanswered: the first ICMP error if there was one, else a
    /// timeout.
    private func noReplyError(_ result: PingResult) -> NetKitError {
        let summary = "\(result.transmitted) packets transmitted, 0 received"
        if let first = result.failures.first {
            let hint: String? =
                switch first.kind {
                case .hostUnreachable: "nobody on the link answered ARP / neighbour discovery for \(probe.destination) (\(summary))"
                case .networkUnreachable: "a router on the way has no route to \(probe.destination) (\(summary))"
                case .administrativelyProhibited: "a firewall or policy on the way refused the packets (\(summary))"
                default: summary
                }
            // The structured failures (type, code, sender), not only the first one's text.
            return NetKitError(
                .noReply(result.failures), operation: "ping", object: object,
                kernelMessage: first.description, hint: hint)
        }
        return NetKitError(
            .timedOut, operation: "ping", object: object,
            hint: "no echo reply within \(PingProbe.seconds(probe.timeout)) s (\(summary)); check that the links on the path "
                + "are in state UP (a veth gets there up to a second after both ends are up, LOWER_UP comes first: "
                + "waitForLink(_:until: .operational)), that the peer has \(probe.destination), and that nothing drops ICMP")
    }

    static func roundedUpMilliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64(Int32.max / 1000) else { return .max }
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
