internal import CNetlink
#if canImport(Glibc)
    import Glibc
#endif

/// Reading replies: only datagrams the kernel sent are read, and a dump is never left running
/// in the kernel when NetKit stops reading it. Called with the socket's lock held.
extension NetlinkSocket {
    /// One read from the socket: a datagram of `count` bytes from the kernel in the receive
    /// buffer, or the errno of a failed read.
    private enum Read {
        case datagram(count: Int)
        case failed(Errno)
    }

    /// `recvfrom` with the sender's address. A datagram from any port but the kernel's (port
    /// id 0) is dropped before anything else is looked at — its size, its sequence number — and
    /// the next one is read: in a namespace owned by another user namespace, a process with
    /// CAP_NET_ADMIN there can send to this socket's port with a guessed sequence number.
    private func read(flags: Int32) -> Read {
        while true {
            var sender = sockaddr_nl()
            var senderLength = socklen_t(MemoryLayout<sockaddr_nl>.size)
            let count = withUnsafeMutablePointer(to: &sender) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fileDescriptor, receiveBuffer.baseAddress, receiveBuffer.count, flags | Int32(MSG_TRUNC), $0, &senderLength)
                }
            }
            if count < 0 {
                let error = Errno.current
                if error == .EINTR { continue }
                return .failed(error)
            }
            if sender.nl_family != sa_family_t(AF_NETLINK) || sender.nl_pid != 0 {
                Self.foreignDatagrams.add(1, ordering: .relaxed)
                continue
            }
            return .datagram(count: count)  // MSG_TRUNC: the datagram's real length
        }
    }

    /// The next datagram from the kernel (blocking, up to ``replyTimeoutSeconds``).
    func receiveChunk(request: NetlinkRequest) throws -> UnsafeRawBufferPointer {
        switch read(flags: 0) {
        case .datagram(let count) where count > receiveBuffer.count:
            throw NetKitError(
                .malformedMessage("a reply of \(count) bytes does not fit the \(receiveBuffer.count)-byte receive buffer"),
                operation: request.operation, object: request.object)
        case .datagram(let count):
            return UnsafeRawBufferPointer(rebasing: receiveBuffer[..<count])
        case .failed(let error) where error == .EAGAIN:
            throw NetKitError(
                .timedOut, operation: request.operation, object: request.object,
                hint: "no reply from the kernel within \(Self.replyTimeoutSeconds) s")
        case .failed(let error):
            throw NetKitError(
                .system(error), operation: request.operation, object: request.object,
                hint: error == .ENOBUFS ? "the socket's receive queue overflowed" : nil)
        }
    }

    /// Reads and discards everything queued, without waiting. A dump that NetKit stopped
    /// reading keeps running in the kernel (`cb_running`), and the kernel answers every new
    /// dump on the socket with `EBUSY` until it is read to its end; each read lets the kernel
    /// queue the dump's next datagram at once (netlink_recvmsg calls netlink_dump), so reading
    /// until the queue is empty runs the dump to its end. Returns the datagrams read.
    @discardableResult
    func drainAbandonedDump() -> Int {
        var datagrams = 0
        while case .datagram = read(flags: Int32(MSG_DONTWAIT)) { datagrams += 1 }
        return datagrams
    }

    /// Feeds every reply to `request` (sequence `sequence`) to `body` until its ACK, error or
    /// `NLMSG_DONE`. If reading stops early — a timeout, a datagram that does not parse — a
    /// dump's remaining replies are drained first, so the kernel is not left running it.
    func receive(
        until sequence: UInt32, request: NetlinkRequest, isDump: Bool, _ body: (NetlinkMessage) throws -> Void
    ) throws -> TransactionOutcome {
        do {
            return try receiveReplies(until: sequence, request: request, body)
        } catch {
            if isDump, (error as? NetKitError)?.reason != .kernel(.EBUSY) { drainAbandonedDump() }
            throw error
        }
    }

    private func receiveReplies(
        until sequence: UInt32, request: NetlinkRequest, _ body: (NetlinkMessage) throws -> Void
    ) throws -> TransactionOutcome {
        var interrupted = false
        var bodyError: (any Error)?
        while true {
            let chunk = try receiveChunk(request: request)
            var finished = false
            try NetlinkMessage.forEach(in: chunk) { message in
                guard message.sequence == sequence, !finished else { return }  // stale replies
                if message.flags.contains(.dumpInterrupted) { interrupted = true }
                switch message.type {
                case .error:
                    finished = true
                    if let error = try NetlinkErrorReply.parse(message), bodyError == nil {
                        var error = error
                        error.operation = request.operation
                        error.object = request.object
                        bodyError = error
                    }
                case .done:
                    finished = true
                    if message.payload.count >= 4 {
                        let code = message.payload.loadUnaligned(as: Int32.self)
                        if code < 0, bodyError == nil {
                            bodyError = NetKitError(
                                .kernel(replyErrno(code)),
                                operation: request.operation, object: request.object)
                        }
                    }
                case .noop, .overrun:
                    break
                default:
                    // Keep reading to the end of a dump even after a parse error, so the next
                    // transaction does not see this one's leftovers.
                    guard bodyError == nil else { return }
                    do { try body(message) } catch { bodyError = error }
                }
            }
            if finished {
                if let bodyError { throw bodyError }
                return TransactionOutcome(interrupted: interrupted)
            }
        }
    }

    func receiveBatchReplies(
        first: UInt32, last: UInt32, _ record: (UInt32, NetKitError) -> Void
    ) throws {
        let request = NetlinkRequest(.getLink, flags: [], operation: "netlink batch")
        while true {
            let chunk = try receiveChunk(request: request)
            var finished = false
            try NetlinkMessage.forEach(in: chunk) { message in
                guard message.type == .error, message.sequence &- first <= last &- first else { return }
                if let error = try NetlinkErrorReply.parse(message) { record(message.sequence, error) }
                if message.sequence == last { finished = true }
            }
            if finished { return }
        }
    }
}
