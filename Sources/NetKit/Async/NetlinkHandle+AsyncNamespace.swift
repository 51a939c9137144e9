// The `async` forms of the namespace operations a handle carries (Namespaces/NamespaceIDs.swift,
// Handle/NetlinkHandle+Namespace.swift): each runs its blocking form on a NetKit I/O thread and
// suspends the task meanwhile. `events` needs none (it returns an `AsyncSequence`), nor `run`
// (its `async` form is `perform`).
extension NetlinkHandle {
    /// `ip netns set NAME ID`; the `async` form of `setNamespaceID(_:to:)`.
    public func setNamespaceID(_ namespace: Namespace, to id: Int32?) async throws(NetKitError) {
        try await onIOThread { try $0.setNamespaceID(namespace, to: id) }
    }

    /// The id this namespace knows `namespace` by; the `async` form of `namespaceID(of:)`.
    public func namespaceID(of namespace: Namespace) async throws(NetKitError) -> Int32? {
        try await onIOThread { try $0.namespaceID(of: namespace) }
    }

    /// `ip netns list-id`; the `async` form of `namespaceIDs()`.
    public func namespaceIDs() async throws(NetKitError) -> [NamespaceID] { try await onIOThread { try $0.namespaceIDs() } }

    /// `ip netns exec NS sysctl -n KEY`; the `async` form of `sysctl(_: Sysctl<Value>)`.
    public func sysctl<Value>(_ key: Sysctl<Value>) async throws(NetKitError) -> Value {
        try await onIOThread { try $0.sysctl(key) }
    }

    /// `ip netns exec NS sysctl -w KEY=VALUE`; the `async` form of `setSysctl(_: Sysctl<Value>, to: )`.
    public func setSysctl<Value>(_ key: Sysctl<Value>, to value: Value) async throws(NetKitError) {
        try await onIOThread { try $0.setSysctl(key, to: value) }
    }

    /// `ip netns exec NS sysctl -n KEY` as text; the `async` form of `sysctl(_: String)`.
    public func sysctl(_ key: String) async throws(NetKitError) -> String { try await onIOThread { try $0.sysctl(key) } }

    /// `ip netns exec NS sysctl -w KEY=VALUE` as text; the `async` form of `setSysctl(_: String, to: )`.
    public func setSysctl(_ key: String, to value: String) async throws(NetKitError) {
        try await onIOThread { try $0.setSysctl(key, to: value) }
    }
}
