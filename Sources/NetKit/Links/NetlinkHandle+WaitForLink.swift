#if canImport(Glibc)
    import Glibc
#endif

extension NetlinkHandle {
    /// Blocks until the link `name` meets `condition` (``LinkCondition/operational`` after
    /// `setUp(_:)` of a veth, before its first packet), and returns it as it is then.
    ///
    /// Built on the rtnetlink events, not on polling: a socket inside this handle's namespace
    /// joins `RTNLGRP_LINK` first, then the link is read once (`RTM_GETLINK`, as `ip link show
    /// dev NAME`), then the `RTM_NEWLINK`/`RTM_DELLINK` notifications are followed — what
    /// `ip monitor link` prints — so no change in between is missed. The link may not exist yet
    /// when the wait starts.
    ///
    /// The caller's thread sleeps in `poll` on that socket, like every blocking ``NetlinkHandle``
    /// call; in async code use the `async` form, which never blocks a Swift-concurrency thread.
    ///
    ///     try net.setUp("veth0")
    ///     try net.waitForLink("veth0", until: .operational, timeout: .seconds(2))
    ///
    /// - Throws: ``NetKitError`` with reason ``NetKitError/Reason/timedOut`` when `timeout` runs
    ///   out; its hint names the link's state then (`<NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN>
    ///   state LOWERLAYERDOWN`: the veth's peer is down) or says the link does not exist.
    @discardableResult
    public func waitForLink(_ name: InterfaceName, until condition: LinkCondition, timeout: Duration) throws(NetKitError) -> Link {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let socket = try SubscriptionSocket.open(in: namespace, groups: [RTNLGRP.link], receiveBufferSize: 256 * 1024)
        var last = try currentLink(name)
        while true {
            if let link = last, condition.isMet(by: link) {
                var met = [link]
                namingPeerNamespaces(&met)  // as link(named:) names it
                return met[0]
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero, try Self.waitReadable(socket.fileDescriptor, for: remaining) else {
                throw LinkCondition.timeout(name.rawValue, condition: condition, timeout: timeout, last: last, in: namespace)
            }
            do {
                switch try socket.receive() {
                case .messages(let buffer):
                    try NetlinkMessage.forEach(in: buffer) { message in
                        guard message.type == .newLink || message.type == .delLink else { return }
                        let link = try Link(message: message)
                        guard link.name == name else { return }
                        last = message.type == .delLink ? nil : link
                    }
                case .overrun, .truncated:
                    last = try currentLink(name)  // notifications were lost: read the state again
                case .empty, .foreign:
                    continue
                }
            } catch {
                throw NetKitError.wrap(error, operation: "wait for link (ip monitor link)", object: "dev \(name)")
            }
        }
    }

    /// The link named `name`, or nil if there is none (`ENODEV`).
    private func currentLink(_ name: InterfaceName) throws(NetKitError) -> Link? {
        do {
            return try link(named: name)
        } catch {
            guard error.errno == .ENODEV else { throw error }
            return nil
        }
    }

    /// `poll` on one descriptor for at most `duration`; whether it became readable.
    private static func waitReadable(_ fd: Int32, for duration: Duration) throws(NetKitError) -> Bool {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, milliseconds)
            if ready >= 0 { return ready > 0 }
            let error = Errno.current
            guard error == .EINTR else { throw NetKitError(.system(error), operation: "poll on the netlink subscription") }
        }
    }
}
