/// The namespace's own operations on the handle, so one value is the entry point for everything
/// done in a namespace: `net.setUp("lo")`, `net.ping(…)`, `net.events(…)`, `net.run { … }` and
/// `net.setSysctl(…)` all act in ``NetlinkHandle/namespace``.
///
/// Each is the ``Namespace`` operation of the same name; the handle's socket is not involved
/// (ping, sysctls and `run` use a NetKit thread inside the namespace, events a subscription
/// socket of their own).
extension NetlinkHandle {
    // MARK: - Identity

    /// How the handle's namespace was reached: ``Namespace/Origin/named(_:)`` carries the name of
    /// a namespace made or opened by name (`ip netns add NAME`, `/run/netns/NAME`), whose handle
    /// is a ``NamedNetlinkHandle`` with that name as ``NamedNetlinkHandle/name``.
    public var origin: Namespace.Origin { namespace.origin }

    // MARK: - Ping

    /// `ip netns exec NS ping -c COUNT -W TIMEOUT -i INTERVAL [-I DEV|ADDR] DEST` in the handle's
    /// namespace, blocking the calling thread until the probe ends: see
    /// `Namespace.ping(_:count:timeout:interval:sourceInterface:sourceAddress:)`.
    public func ping(
        _ destination: IPAddress, count: Int = 1, timeout: Duration = .seconds(1), interval: Duration = .seconds(1),
        sourceInterface: InterfaceName? = nil, sourceAddress: IPAddress? = nil
    ) throws(NetKitError) -> PingResult {
        try namespace.ping(
            PingProbe(
                destination, count: count, timeout: timeout, interval: interval,
                sourceInterface: sourceInterface, sourceAddress: sourceAddress))
    }

    /// The async form of blocking `ping(_:count:timeout:interval:sourceInterface:sourceAddress:)`:
    /// the task suspends while a NetKit thread in the namespace runs the probe; cancelling the
    /// task ends the probe within 100 ms (`ECANCELED`).
    public func ping(
        _ destination: IPAddress, count: Int = 1, timeout: Duration = .seconds(1), interval: Duration = .seconds(1),
        sourceInterface: InterfaceName? = nil, sourceAddress: IPAddress? = nil
    ) async throws(NetKitError) -> PingResult {
        try await namespace.ping(
            PingProbe(
                destination, count: count, timeout: timeout, interval: interval,
                sourceInterface: sourceInterface, sourceAddress: sourceAddress))
    }

    /// Runs `probe` in the handle's namespace, blocking the calling thread until it ends.
    public func ping(_ probe: PingProbe) throws(NetKitError) -> PingResult {
        try namespace.ping(probe)
    }

    /// Runs `probe` in the handle's namespace while the calling task suspends.
    public func ping(_ probe: PingProbe) async throws(NetKitError) -> PingResult {
        try await namespace.ping(probe)
    }

    // MARK: - Events

    /// `ip monitor [link] [address] [route] [neigh] [rule]` in the handle's namespace: see
    /// ``Namespace/events(_:snapshot:receiveBufferSize:)``.
    public func events(
        _ kinds: EventKinds = .all, snapshot: Bool = false,
        receiveBufferSize: Int? = nil
    ) throws(NetKitError) -> NetworkEvents {
        try namespace.events(kinds, snapshot: snapshot, receiveBufferSize: receiveBufferSize)
    }

    // MARK: - Thread-bound work

    /// Runs `body` on a NetKit thread inside the handle's namespace and waits for it: see
    /// ``Namespace/run(_:)``. Throws what `body` throws, unchanged.
    public func run<T>(_ body: () throws -> T) throws -> T {
        try namespace.run(body)
    }

    /// The async form of ``run(_:)``: see ``Namespace/perform(_:)``. Throws what `body` throws,
    /// unchanged.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await namespace.perform(body)
    }

    // MARK: - Sysctls

    /// `ip netns exec NS sysctl -n KEY` in the handle's namespace: as `Namespace.sysctl(_:)` does it.
    public func sysctl<Value>(_ key: Sysctl<Value>) throws(NetKitError) -> Value {
        try namespace.sysctl(key)
    }

    /// `ip netns exec NS sysctl -w KEY=VALUE` in the handle's namespace: as
    /// `Namespace.setSysctl(_:to:)` does it.
    public func setSysctl<Value>(_ key: Sysctl<Value>, to value: Value) throws(NetKitError) {
        try namespace.setSysctl(key, to: value)
    }

    /// `ip netns exec NS sysctl -n KEY` for any key under `net`, as text.
    public func sysctl(_ key: String) throws(NetKitError) -> String {
        try namespace.sysctl(key)
    }

    /// `ip netns exec NS sysctl -w KEY=VALUE` for any key under `net`.
    public func setSysctl(_ key: String, to value: String) throws(NetKitError) {
        try namespace.setSysctl(key, to: value)
    }
}
