internal import CNetlink
#if canImport(Glibc)
    import Glibc
#endif

/// A `NETLINK_ROUTE` socket that only listens: it joins rtnetlink multicast groups
/// (``RTNLGRP``) with `NETLINK_ADD_MEMBERSHIP` and receives the notification the kernel sends
/// for every change — what `ip monitor` reads. It never sends, so it needs no sequence numbers
/// or lock; one thread owns it.
///
/// Non-blocking: ``wait(wakeFD:includingSocket:)`` blocks in `poll` on it and on a wake-up
/// descriptor, so the owner can be told to stop. `ENOBUFS` is kept on (no
/// `NETLINK_NO_ENOBUFS`): when the queue overflows the kernel drops notifications and says so,
/// and NetKit must pass that on rather than hide it.
final class SubscriptionSocket {
    /// What `ip monitor` uses is 1 MiB; a node agent's burst (thousands of routes at once)
    /// needs more before the kernel starts dropping.
    static let defaultReceiveBufferSize = 4 * 1024 * 1024
    /// One notification per datagram; a link with many VFs is the largest, far below this.
    static let initialMessageBufferSize = 64 * 1024

    let fileDescriptor: Int32
    /// The receive queue the kernel granted (`SO_RCVBUF` read back: twice the request, as the
    /// kernel counts its bookkeeping too).
    let grantedReceiveBufferSize: Int
    private var buffer: UnsafeMutableRawBufferPointer

    /// Opens the socket in the calling thread's namespace; use ``open(in:groups:receiveBufferSize:)``.
    private init(groups: [UInt32], receiveBufferSize: Int) throws(NetKitError) {
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = socket(AF_NETLINK, type, NETLINK_ROUTE)
        guard fd >= 0 else {
            throw NetKitError(.system(.current), operation: "socket(AF_NETLINK, NETLINK_ROUTE)")
        }
        func fail(_ operation: NetKitError.Operation, hint: String? = nil) -> NetKitError {
            let error = NetKitError(.system(.current), operation: operation, hint: hint)
            close(fd)
            return error
        }
        // FORCE lifts the rmem_max cap but needs CAP_NET_ADMIN; without it the kernel caps.
        var size = Int32(clamping: receiveBufferSize)
        if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(4)) != 0,
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(4)) != 0
        {
            throw fail("setsockopt(SO_RCVBUF, \(receiveBufferSize))")
        }
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
            }
        }
        guard bound == 0 else { throw fail("bind(AF_NETLINK)") }
        for group in groups {
            var number = Int32(bitPattern: group)
            guard setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &number, socklen_t(4)) == 0 else {
                throw fail("setsockopt(NETLINK_ADD_MEMBERSHIP, group \(group))")
            }
        }
        var granted: Int32 = 0
        var length = socklen_t(4)
        _ = getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &length)
        fileDescriptor = fd
        grantedReceiveBufferSize = Int(granted)
        buffer = .allocate(byteCount: Self.initialMessageBufferSize, alignment: 8)
    }

    deinit {
        close(fileDescriptor)
        buffer.deallocate()
    }

    /// Opens the socket inside `namespace` (on a NetKit thread that entered it, as
    /// ``NetlinkHandle`` does): it receives that namespace's notifications for ever after.
    static func open(in namespace: Namespace, groups: [UInt32], receiveBufferSize: Int) throws(NetKitError) -> SubscriptionSocket {
        if namespace.isCurrentThreadNamespace {
            return try SubscriptionSocket(groups: groups, receiveBufferSize: receiveBufferSize)
        }
        return try NamespaceWorker.run(
            .enter(fileDescriptor: namespace.fileDescriptor),
            operation: "open netlink subscription in \(namespace)"
        ) { () throws(NetKitError) -> SubscriptionSocket in
            try SubscriptionSocket(groups: groups, receiveBufferSize: receiveBufferSize)
        }
    }

    /// What one non-blocking read found.
    enum Receipt {
        /// One datagram (one or more messages); valid until the next ``receive()``.
        case messages(UnsafeRawBufferPointer)
        /// Nothing queued (`EAGAIN`).
        case empty
        /// `ENOBUFS`: the queue overflowed and the kernel dropped notifications. It reports this
        /// before handing out what was queued before the loss.
        case overrun
        /// A notification larger than the buffer: it is lost (the buffer grows for the next).
        case truncated(bytes: Int)
        /// A datagram not sent by the kernel (port id ≠ 0), ignored: a privileged process can
        /// send to rtnetlink groups too.
        case foreign
    }

    func receive() throws(NetKitError) -> Receipt {
        var sender = sockaddr_nl()
        while true {
            var senderLength = socklen_t(MemoryLayout<sockaddr_nl>.size)
            let count = withUnsafeMutablePointer(to: &sender) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fileDescriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_TRUNC), $0, &senderLength)
                }
            }
            if count < 0 {
                let error = Errno.current
                if error == .EINTR { continue }
                if error == .EAGAIN { return .empty }
                if error == .ENOBUFS { return .overrun }
                throw NetKitError(.system(error), operation: "recv on the netlink subscription")
            }
            // The sender first: a foreign datagram of any size is ignored, never taken for a
            // lost notification (nor does it grow the buffer).
            if sender.nl_pid != 0 { return .foreign }
            if count > buffer.count {  // MSG_TRUNC returns the datagram's real length
                buffer.deallocate()
                buffer = .allocate(byteCount: (count + 4095) & ~4095, alignment: 8)
                return .truncated(bytes: count)
            }
            return .messages(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Blocks in `poll` until `wakeFD` is readable, or the socket is (when `includingSocket`).
    /// Returns whether the socket is readable.
    func wait(wakeFD: Int32, includingSocket: Bool) throws(NetKitError) -> Bool {
        var descriptors = [
            pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, includingSocket ? 2 : 1, -1)
            if ready >= 0 { break }
            let error = Errno.current
            if error != .EINTR {
                throw NetKitError(.system(error), operation: "poll on the netlink subscription")
            }
        }
        return includingSocket && descriptors[1].revents != 0
    }
}
