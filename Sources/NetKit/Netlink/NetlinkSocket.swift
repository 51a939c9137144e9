internal import CNetlink
import Logging
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// A `NETLINK_ROUTE` socket, bound for its whole life to the network namespace it was created in.
///
/// Safe to share between threads and tasks: one transaction (request and its replies) runs at a
/// time under a lock. The socket is opened through libmnl; messages are built and parsed in
/// Swift (``NetlinkRequest``, ``NetlinkMessage``) so that the kernel's real errno and
/// extended-ack text reach the caller unchanged — libnl's own error codes are lossy.
final class NetlinkSocket: @unchecked Sendable {
    /// Retries of a dump that reported `NLM_F_DUMP_INTR` before giving up with a typed error.
    static let dumpAttempts = 10
    /// Dumps the kernel marked `NLM_F_DUMP_INTR` (and that were therefore read again), counted
    /// over the whole process: how often concurrent changes really interrupt dumps.
    static let interruptedDumps = Atomic<Int>(0)
    /// Datagrams dropped unread because a port other than the kernel's (0) sent them, counted
    /// over the whole process.
    static let foreignDatagrams = Atomic<Int>(0)
    /// Largest request run sent with one `sendmsg` in a batch (the kernel caps a send at sk_sndbuf).
    static let batchBytes = 32 * 1024
    static let batchMessages = 256
    /// How long a transaction waits for the kernel's next reply before failing with `.timedOut`.
    static let replyTimeoutSeconds = 30

    private let socket: OpaquePointer
    let portID: UInt32
    /// Guards `sequence` and all I/O; the receive buffer is only touched while it is held.
    private let lock = Mutex<UInt32>(0)
    let receiveBuffer: UnsafeMutableRawBufferPointer
    /// The handle's diagnostics (nothing is logged without a logger).
    let log: RequestLog

    /// Opens a socket in the namespace of the calling thread. Use ``Namespace/openSocket()`` to
    /// open one in a given namespace.
    init(protocol netlinkProtocol: Int32 = NETLINK_ROUTE, groups: UInt32 = 0, logger: Logger? = nil) throws(NetKitError) {
        guard let socket = mnl_socket_open2(netlinkProtocol, Int32(SOCK_CLOEXEC.rawValue)) else {
            throw NetKitError(.system(.current), operation: "socket(AF_NETLINK)")
        }
        guard mnl_socket_bind(socket, groups, pid_t(MNL_SOCKET_AUTOPID)) == 0 else {
            let error = Errno.current
            mnl_socket_close(socket)
            throw NetKitError(.system(error), operation: "bind(AF_NETLINK)")
        }
        self.socket = socket
        log = RequestLog(logger: logger)
        portID = mnl_socket_get_portid(socket)
        receiveBuffer = .allocate(byteCount: 256 * 1024, alignment: 8)
        // Extended ACKs carry the kernel's message; capped ACKs keep the reply small; strict
        // checking lets the kernel filter dumps (and reject malformed dump requests). A kernel
        // without an option (strict checking came in 4.20) refuses it, and that is not an error:
        // list filters are applied again to every dumped message (RouteFilter.matches), so the
        // results are the same, only the dump is larger.
        for option in [NETLINK_EXT_ACK, NETLINK_CAP_ACK, NETLINK_GET_STRICT_CHK] {
            var on: Int32 = 1
            _ = mnl_socket_setsockopt(socket, option, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        // Large enough for a batch's error replies; FORCE needs CAP_NET_ADMIN, so fall back.
        var size: Int32 = 8 * 1024 * 1024
        if setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(4)) != 0 {
            _ = setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(4))
        }
        // The kernel always answers a request; a wait this long means something is badly wrong
        // (a lost reply, a wedged kernel), so fail with a typed timeout instead of hanging.
        var timeout = timeval(tv_sec: Self.replyTimeoutSeconds, tv_usec: 0)
        _ = setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        mnl_socket_close(socket)
        receiveBuffer.deallocate()
    }

    var fileDescriptor: Int32 { mnl_socket_get_fd(socket) }

    /// Sends `request` and feeds every reply message to `body` until the kernel's ACK (or
    /// `NLMSG_DONE` for a dump). A kernel error becomes a ``NetKitError`` carrying the
    /// request's operation and object, the errno and the extended-ack message.
    func transact(
        _ request: consuming NetlinkRequest, _ body: (NetlinkMessage) throws -> Void = { _ in }
    ) throws -> TransactionOutcome {
        // The request is the caller's to give away, so its header is completed in place rather
        // than in a copy.
        // NLM_F_ROOT shares its bit with NLM_F_REPLACE: only a GET (RTM_GET*: type % 4 == 2)
        // with NLM_F_DUMP is a dump, answered by NLMSG_DONE; everything else needs the ACK.
        let isDump = request.flags.contains(.dump) && request.type.rawValue & 3 == 2
        if !isDump { request.flags.insert(.ack) }
        log.sent(request)
        do {
            return try transactLocked(request, isDump: isDump, body)
        } catch let error as NetKitError {
            if case .kernel = error.reason { log.failed(error) }
            throw error
        }
    }

    private func transactLocked(
        _ request: consuming NetlinkRequest, isDump: Bool, _ body: (NetlinkMessage) throws -> Void
    ) throws -> TransactionOutcome {
        try lock.withLock(owner: self) { (sequence: inout UInt32) throws -> TransactionOutcome in
            sequence &+= 1
            try request.finalize(sequence: sequence, portID: portID)
            try send(request.message, request: request)
            do {
                return try receive(until: sequence, request: request, isDump: isDump, body)
            } catch let error as NetKitError where isDump && error.reason == .kernel(.EBUSY) {
                // The kernel still runs an earlier dump on this socket (netlink_dump_start
                // refuses a second): one whose reader stopped reading. Read it to its end, then
                // ask once more.
                drainAbandonedDump()
                sequence &+= 1
                try request.finalize(sequence: sequence, portID: portID)
                try send(request.message, request: request)
                return try receive(until: sequence, request: request, isDump: isDump, body)
            }
        }
    }

    /// A dump (`NLM_F_DUMP`): every message of the reply is parsed by `parse`. A dump that the
    /// kernel marks `NLM_F_DUMP_INTR` is re-read from scratch, at most ``dumpAttempts`` times.
    func dump<Element>(
        _ request: NetlinkRequest, attempts: Int = NetlinkSocket.dumpAttempts, reserving capacity: Int = 0,
        _ parse: (NetlinkMessage) throws -> Element?
    ) throws -> [Element] {
        try retryingInterrupted(request, attempts: attempts) { dumpRequest in
            var elements: [Element] = []
            elements.reserveCapacity(capacity)
            let outcome = try transact(dumpRequest) { message in
                // Moved, not copied: a copy retains every reference the element holds.
                if let element = try parse(message) { elements.append(consume element) }
            }
            return outcome.interrupted ? nil : elements
        }
    }

    /// A dump whose replies are much smaller than the values parsed from them (a route message
    /// is about 60 bytes, a `Route` 256): the replies are kept as they arrive and counted, and
    /// parsed only once the dump is complete, into an array of exactly their number. Growing
    /// the result as messages arrive would copy it about twice over and touch twice its memory;
    /// here the result is written once and holds no spare capacity. Retried like ``dump(_:_:)``.
    func dumpCounted<Element>(
        _ request: NetlinkRequest, attempts: Int = NetlinkSocket.dumpAttempts, _ parse: (NetlinkMessage) throws -> Element?
    ) throws -> [Element] {
        try retryingInterrupted(request, attempts: attempts) { dumpRequest in
            var replies = ReplyBuffer()
            var count = 0
            let outcome = try transact(dumpRequest) { message in
                try replies.append(message)
                count += 1
            }
            if outcome.interrupted { return nil }
            var elements: [Element] = []
            elements.reserveCapacity(count)
            try replies.forEachMessage { message in
                if let element = try parse(message) { elements.append(consume element) }
            }
            return elements
        }
    }

    /// Runs `attempt` with `request` as a dump until it returns a result (nil: the kernel
    /// marked the dump `NLM_F_DUMP_INTR`), at most `attempts` times.
    private func retryingInterrupted<Result>(
        _ request: NetlinkRequest, attempts: Int, _ attempt: (NetlinkRequest) throws -> Result?
    ) throws -> Result {
        var dumpRequest = request
        dumpRequest.flags.insert(.dump)
        for _ in 0..<max(attempts, 1) {
            if let result = try attempt(dumpRequest) { return result }
            Self.interruptedDumps.add(1, ordering: .relaxed)
        }
        throw NetKitError(
            .dumpInterrupted(attempts: max(attempts, 1)),
            operation: request.operation, object: request.object)
    }

    /// Sends many requests with few system calls: each run of requests goes out in one
    /// `sendmsg` with an ACK asked for only on its last message (the kernel reports every
    /// failure anyway), then the replies are read. Returns one result per request, in order.
    func batch(_ requests: [NetlinkRequest]) throws -> [NetKitError?] {
        var results = [NetKitError?](repeating: nil, count: requests.count)
        try batch(count: requests.count, { requests[$0] }) { index, error in
            var failure = error
            failure.operation = requests[index].operation
            failure.object = requests[index].object
            log.failed(failure)
            results[index] = failure
        }
        return results
    }

    /// The streaming form of ``batch(_:)``: request `i` is built by `build(i)` just before it is
    /// copied into the send buffer, so a batch of a million routes never holds a million
    /// requests. `failed(i, error)` is called for each request the kernel refused (the error
    /// carries only the errno and the kernel's message). Runs hold at most ``batchMessages``
    /// requests and ``batchBytes`` bytes (a larger single request goes alone).
    func batch(
        count: Int, _ build: (Int) throws -> NetlinkRequest,
        failed: (Int, NetKitError) -> Void
    ) throws {
        try batch(count: count, encode: { index, request in request = try build(index) }, failed: failed)
    }

    /// ``batch(count:_:failed:)`` without an allocation per request: `encode(i, &request)`
    /// writes request `i` into one request value that is reused for the whole batch (start it
    /// with ``NetlinkRequest/restart(_:flags:operation:object:)``). `describe(i)` names request
    /// `i` in the trace log when it carries no text (only called when a logger is set).
    func batch(
        count: Int, encode: (Int, inout NetlinkRequest) throws -> Void,
        describe: ((Int) -> String)? = nil, failed: (Int, NetKitError) -> Void
    ) throws {
        guard count > 0 else { return }
        var request = NetlinkRequest(.noop, flags: [], operation: "")
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.batchBytes + 4096)
        var first = 0  // index of the first request in the buffer
        var operation: NetKitError.Operation = ""
        var object = ""
        func flush(through last: Int) throws {
            guard last >= first else { return }
            try lock.withLock(owner: self) { (sequence: inout UInt32) throws in
                // Sequence numbers are given out under the lock, so concurrent transactions on
                // this socket never share one; requests are numbered in order from `base`.
                let base = sequence &+ 1
                var offset = 0
                var index = first
                try buffer.withUnsafeMutableBytes { raw in
                    while offset < raw.count {
                        let length = Int(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                        var flags = MessageFlags(rawValue: raw.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self))
                        if index == last { flags.insert(.ack) } else { flags.remove(.ack) }
                        raw.storeBytes(of: flags.rawValue, toByteOffset: offset + 6, as: UInt16.self)
                        raw.storeBytes(of: base &+ UInt32(truncatingIfNeeded: index - first), toByteOffset: offset + 8, as: UInt32.self)
                        raw.storeBytes(of: portID, toByteOffset: offset + 12, as: UInt32.self)
                        guard length >= NetlinkRequest.headerSize else {
                            throw NetKitError(.malformedMessage("request of \(length) bytes in a batch"), operation: operation)
                        }
                        offset += length
                        index += 1
                    }
                }
                sequence = base &+ UInt32(truncatingIfNeeded: last - first)
                try send(buffer[...], operation: operation, object: object)
                try receiveBatchReplies(first: base, last: sequence) { seq, error in
                    failed(first + Int(seq &- base), error)
                }
            }
            buffer.removeAll(keepingCapacity: true)
            first = last + 1
        }
        for index in 0..<count {
            try encode(index, &request)
            try request.checkLengths()
            if log.logger != nil { log.sent(request) { describe?(index) ?? "" } }
            if index > first, index - first >= Self.batchMessages || buffer.count + request.length > Self.batchBytes {
                try flush(through: index - 1)
            }
            if index == first {
                // A failed send is reported as the first request of its run.
                operation = request.operation
                object = request.object
            }
            let offset = buffer.count
            buffer.append(contentsOf: request.message)
            buffer.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: UInt32(truncatingIfNeeded: request.length), toByteOffset: offset, as: UInt32.self)
            }
        }
        try flush(through: count - 1)
    }

    struct TransactionOutcome {
        /// The dump was marked `NLM_F_DUMP_INTR`: it may be inconsistent.
        var interrupted: Bool
    }

    // MARK: - I/O (called with the lock held)

    private func send(_ bytes: ArraySlice<UInt8>, request: NetlinkRequest) throws {
        try send(bytes, operation: request.operation, object: request.object)
    }

    private func send(_ bytes: ArraySlice<UInt8>, operation: NetKitError.Operation, object: String) throws {
        let sent = bytes.withUnsafeBytes { mnl_socket_sendto(socket, $0.baseAddress, $0.count) }
        guard sent == bytes.count else {
            throw NetKitError(
                .system(.current), operation: operation, object: object,
                hint: "sendmsg on the netlink socket failed")
        }
    }
}
