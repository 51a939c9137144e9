extension NetlinkHandle {
    /// Waits until the link `name` meets `condition` and returns it as it is then; the `async`
    /// form of ``waitForLink(_:until:timeout:)``, which never blocks a Swift-concurrency thread.
    ///
    /// It follows the namespace's link events in snapshot mode
    /// (``Namespace/events(_:snapshot:receiveBufferSize:)`` with `.links`: list, then follow,
    /// `ip link; ip monitor link`), so every change after the listing is seen and nothing is
    /// polled; the link may not exist yet when the wait starts. If the calling task is cancelled,
    /// the wait ends at once with the same error as a timeout.
    ///
    ///     try await net.setUp("veth0")
    ///     try await net.waitForLink("veth0", until: .operational, timeout: .seconds(2))
    ///
    /// - Throws: ``NetKitError`` with reason ``NetKitError/Reason/timedOut`` when `timeout` runs
    ///   out; its hint names the link's state then, or says the link does not exist.
    @discardableResult
    public func waitForLink(
        _ interface: InterfaceName, until condition: LinkCondition,
        timeout: Duration
    ) async throws(NetKitError) -> Link {
        let name = interface.rawValue
        let events = try namespace.events(.links, snapshot: true)
        let namespace = self.namespace
        let outcome = await withTaskGroup(of: WaitOutcome.self) { group in
            group.addTask { await Self.follow(events, name: interface, until: condition) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            guard case .timedOut = first else { return first }
            // The follower ends when cancelled and reports the state it saw last (or, in a tie,
            // that the condition was met after all).
            while let other = await group.next() {
                if case .timedOut = other { continue }
                return other
            }
            return first
        }
        switch outcome {
        case .met(let link): return link
        case .failed(let error): throw error
        case .ended(let last): throw LinkCondition.timeout(name, condition: condition, timeout: timeout, last: last, in: namespace)
        case .timedOut: throw LinkCondition.timeout(name, condition: condition, timeout: timeout, last: nil, in: namespace)
        }
    }

    private enum WaitOutcome: Sendable {
        case met(Link)
        case failed(NetKitError)
        /// The events ended (the wait was cancelled) with this state of the link last seen.
        case ended(Link?)
        case timedOut
    }

    /// Follows `events` until the link named `name` meets `condition`.
    private static func follow(_ events: NetworkEvents, name: InterfaceName, until condition: LinkCondition) async -> WaitOutcome {
        var last: Link?
        do {
            for try await event in events {
                switch event {
                case .existing(.link(let link)), .linkAdded(let link), .linkChanged(let link):
                    guard link.name == name else { continue }
                    if condition.isMet(by: link) { return .met(link) }
                    last = link
                case .linkRemoved(let link) where link.name == name:
                    last = nil
                case .overrun:
                    last = nil  // a new snapshot follows and lists the link again if it exists
                default:
                    continue
                }
            }
            return .ended(last)
        } catch {
            return .failed(error)
        }
    }
}
