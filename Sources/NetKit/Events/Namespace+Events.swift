#if canImport(Glibc)
    import Glibc
#endif

extension Namespace {
    /// `ip monitor [link] [address] [route] [neigh] [rule]` in this namespace: every change of
    /// the chosen kinds, as it happens, as typed ``NetworkEvent``s. The subscription socket joins
    /// the rtnetlink multicast groups (`RTNLGRP_LINK`, `RTNLGRP_IPV4_IFADDR`/`IPV6_IFADDR`,
    /// `RTNLGRP_IPV4_ROUTE`/`IPV6_ROUTE`, `RTNLGRP_NEIGH`, `RTNLGRP_IPV4_RULE`/`IPV6_RULE`) with
    /// `NETLINK_ADD_MEMBERSHIP`; it is opened inside this namespace, on a NetKit thread, before
    /// this method returns — so every change made after it returns is reported.
    ///
    /// - Parameters:
    ///   - kinds: what to report; links are followed in any case, to name devices.
    ///   - snapshot: "list, then follow". First ``NetworkEvent/existing(_:)`` for every object
    ///     of the chosen kinds, then ``NetworkEvent/snapshotComplete``, then live events —
    ///     without a gap or a duplicate (`Documentation/Events.md` states the exact guarantee). After an ``NetworkEvent/overrun`` a new snapshot follows by
    ///     itself, ended by ``NetworkEvent/resynchronized``.
    ///   - receiveBufferSize: the kernel's queue for notifications not yet read, in bytes
    ///     (`SO_RCVBUFFORCE`, else `SO_RCVBUF` capped by `net.core.rmem_max`); 4 MiB by default.
    ///     When it overflows the kernel drops notifications and NetKit reports
    ///     ``NetworkEvent/overrun``.
    ///
    /// A dedicated reader thread (not a Swift-concurrency thread) waits in `poll`; at most 4096
    /// live events wait in memory for the consumer, beyond which the thread leaves them in the
    /// kernel's queue, so a consumer that falls behind gets an overrun, not unbounded memory use.
    /// Cancelling the iterating task, or dropping the sequence, stops the thread and closes the
    /// sockets.
    public func events(_ kinds: EventKinds = .all, snapshot: Bool = false, receiveBufferSize: Int? = nil) throws(NetKitError)
        -> NetworkEvents
    {
        try events(kinds, snapshot: snapshot, receiveBufferSize: receiveBufferSize, probe: SnapshotProbe())
    }

    /// ``events(_:snapshot:receiveBufferSize:)`` with snapshot mode's test hooks and counts
    /// (``SnapshotProbe``) and a number of snapshot attempts a test can lower.
    func events(
        _ kinds: EventKinds, snapshot: Bool, receiveBufferSize: Int?, probe: SnapshotProbe,
        snapshotAttempts: Int = EventReader.snapshotAttempts
    ) throws(NetKitError) -> NetworkEvents {
        let operation: NetKitError.Operation = "ip monitor \(kinds.monitorArguments)"
        guard !kinds.isEmpty else {
            throw NetKitError.invalidInput(
                "no event kinds given; pass .all or some of .links, .addresses, .routes, .neighbours, .rules",
                operation: operation)
        }
        let size = receiveBufferSize ?? SubscriptionSocket.defaultReceiveBufferSize
        guard size > 0, size <= Int(Int32.max) / 2 else {
            throw NetKitError.invalidInput(
                "receiveBufferSize \(size) is out of range 1–\(Int32.max / 2) bytes",
                operation: operation, object: "\(self)")
        }
        do {
            let helper = try netlink()
            let control = try ReaderControl(probe: probe)
            var decoder = EventDecoder(kinds: kinds)
            if !snapshot {
                // Listed *before* joining the groups: a link created in between is then simply
                // "added" at its first notification, never mistaken for a known one.
                let (links, neighbours) = try EventReader.listKnown(helper, kinds: kinds)
                decoder.reset(links: links, neighbours: neighbours)
            }
            let socket = try SubscriptionSocket.open(in: self, groups: kinds.groups, receiveBufferSize: size)
            let inodes = [socket.fileDescriptor, helper.socket.fileDescriptor, control.wakeFD, control.wakeWriteFD].map(Self.inode(of:))
            let (stream, continuation) = AsyncThrowingStream.makeStream(of: NetworkEvents.Delivery.self)
            continuation.onTermination = { [control] _ in control.stop() }
            let reader = EventReader(
                socket: socket, helper: helper, control: control, continuation: continuation,
                kinds: kinds, snapshot: snapshot, decoder: decoder, snapshotAttempts: snapshotAttempts)
            do {
                try reader.start()
            } catch {
                continuation.finish()
                throw error
            }
            let subscription = NetworkEvents.Subscription(
                control: control, receiveBufferSize: socket.grantedReceiveBufferSize,
                socketInodes: inodes)
            return NetworkEvents(stream: stream, subscription: subscription)
        } catch {
            throw NetKitError.wrap(error, operation: operation, object: "\(self)")
        }
    }

    private static func inode(of fd: Int32) -> UInt64 {
        var info = stat()
        return fstat(fd, &info) == 0 ? UInt64(info.st_ino) : 0
    }
}
