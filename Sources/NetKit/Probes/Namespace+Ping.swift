import Synchronization

extension Namespace {
    /// `ip netns exec NS ping -c COUNT -W TIMEOUT -i INTERVAL [-I DEV|ADDR] DEST`, without a child
    /// process: ICMP echo (IPv4) or ICMPv6 echo (types 128/129) from this namespace.
    ///
    /// The socket is created and used on a dedicated thread that entered this namespace (see
    /// ``run(_:)``), so the probe's routes, addresses and interfaces are this namespace's, never
    /// the caller's. It blocks the calling thread until the probe ends — at most
    /// `(count − 1) × interval + timeout`.
    ///
    /// Returns the replies when at least one came back (``PingResult/packetLossPercent`` tells
    /// about the rest). Throws ``NetKitError`` with operation `ping` and an object such as
    /// `172.19.0.100 from veth1 (in netns ren)` when none did:
    /// - reason `.timedOut`: no reply and no error within the timeout;
    /// - `.noReply(failures)`, each ``PingFailure`` one failed request, ``NetKitError/errno``
    ///   the first one's:
    ///   - a failure of kind `.sendFailed` (e.g. `ENETUNREACH`) with `kernelMessage` `sendto: …`:
    ///     no route (or none through `sourceInterface`), as `ping: connect: Network is unreachable`;
    ///   - ICMP errors (`EHOSTUNREACH`, `ENETUNREACH`, `ECONNREFUSED` …, with type, code and
    ///     sender) reported by the kernel's `IP_RECVERR` / `IPV6_RECVERR` error queue, with
    ///     `kernelMessage` as ping prints the first (`From 172.19.0.101 icmp_seq=1 Destination
    ///     Host Unreachable`);
    /// - `.system(errno)` when the probe's socket could not be made or used;
    /// - `.invalidInput` for a bad count, timeout, interval, interface name or a source of the
    ///   other family — before any socket exists.
    public func ping(
        _ destination: IPAddress, count: Int = 1, timeout: Duration = .seconds(1), interval: Duration = .seconds(1),
        sourceInterface: InterfaceName? = nil, sourceAddress: IPAddress? = nil
    ) throws(NetKitError) -> PingResult {
        try ping(
            PingProbe(
                destination, count: count, timeout: timeout, interval: interval,
                sourceInterface: sourceInterface, sourceAddress: sourceAddress))
    }

    /// The async form of blocking `ping(_:count:timeout:interval:sourceInterface:sourceAddress:)`:
    /// the task suspends while a dedicated thread in this namespace runs the probe; cancelling
    /// the task ends the probe within 100 ms (`ECANCELED`).
    public func ping(
        _ destination: IPAddress, count: Int = 1, timeout: Duration = .seconds(1), interval: Duration = .seconds(1),
        sourceInterface: InterfaceName? = nil, sourceAddress: IPAddress? = nil
    ) async throws(NetKitError) -> PingResult {
        try await ping(
            PingProbe(
                destination, count: count, timeout: timeout, interval: interval,
                sourceInterface: sourceInterface, sourceAddress: sourceAddress))
    }

    /// Runs `probe` in this namespace, blocking the calling thread until it ends.
    public func ping(_ probe: PingProbe) throws(NetKitError) -> PingResult {
        let session = PingSession(probe: probe, object: pingObject(probe), isCancelled: { false })
        return try runNetKitWork("ping") { () throws(NetKitError) -> PingResult in try session.run() }
    }

    /// Runs `probe` in this namespace while the calling task suspends.
    public func ping(_ probe: PingProbe) async throws(NetKitError) -> PingResult {
        let cancelled = CancellationFlag()
        let object = pingObject(probe)
        do {
            return try await withTaskCancellationHandler {
                try await perform {
                    try PingSession(probe: probe, object: object, isCancelled: { cancelled.isSet }).run()
                }
            } onCancel: {
                cancelled.set()
            }
        } catch {
            throw NetKitError.wrap(error, operation: "ping", object: object)
        }
    }

    /// `172.19.0.100 from veth1 (in netns ren)`.
    private func pingObject(_ probe: PingProbe) -> String {
        "\(probe.target) (in \(Namespace.describe(origin)))"
    }
}

/// Carries a task's cancellation to the namespace thread running its probe.
private final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
