/// `bridge -batch` of `bridge fdb … self` lines for one device: the device is looked up once,
/// every entry is checked before the first is sent, and the requests go out in runs with one
/// ACK per run, as route batches do. A refused entry does not stop the others.
extension NetlinkHandle {
    /// `bridge fdb append MAC dev DEV self dst IP …` for each remote (`NLM_F_CREATE|NLM_F_APPEND`),
    /// as flannel and Calico program a vxlan device's remotes. Returns one ``BatchResult`` per
    /// remote, in order. Invalid input (a VNI over 24 bits) and an unknown device are thrown
    /// before anything is sent.
    public func appendForwardingEntries(
        _ remotes: [ForwardingRemote], dev: InterfaceName, kind: ForwardingEntryKind = .permanent
    ) throws(NetKitError) -> [BatchResult<ForwardingRemote>] {
        try batchSelfEntries(remotes, dev: dev, kind: kind, .newNeighbour, flags: [.create, .append], operation: "bridge fdb append")
    }

    /// `bridge fdb replace MAC dev DEV self dst IP …` for each remote (`NLM_F_CREATE|NLM_F_REPLACE`):
    /// creates each entry or moves it to its remote. As `appendForwardingEntries(_:dev:kind:)`.
    public func replaceForwardingEntries(
        _ remotes: [ForwardingRemote], dev: InterfaceName, kind: ForwardingEntryKind = .permanent
    ) throws(NetKitError) -> [BatchResult<ForwardingRemote>] {
        try batchSelfEntries(remotes, dev: dev, kind: kind, .newNeighbour, flags: [.create, .replace], operation: "bridge fdb replace")
    }

    /// `bridge fdb del MAC dev DEV self dst IP …` for each remote (`RTM_DELNEIGH`): that remote
    /// of each entry. A missing one fails alone with `ENOENT`.
    public func deleteForwardingEntries(_ remotes: [ForwardingRemote], dev: InterfaceName) throws(NetKitError)
        -> [BatchResult<ForwardingRemote>]
    {
        try batchSelfEntries(remotes, dev: dev, kind: nil, .delNeighbour, flags: [], operation: "bridge fdb del")
    }

    private func batchSelfEntries(
        _ remotes: [ForwardingRemote], dev: InterfaceName, kind: ForwardingEntryKind?, _ type: MessageType,
        flags: MessageFlags, operation: NetKitError.Operation
    ) throws(NetKitError) -> [BatchResult<ForwardingRemote>] {
        guard !remotes.isEmpty else { return [] }
        let entries = remotes.map { $0.request(dev: dev, kind: kind) }
        for (position, entry) in entries.enumerated() {
            do throws(NetKitError) {
                try entry.validate(operation: operation)
            } catch {
                var error = error
                error.object = annotate("entry \(position + 1) of \(entries.count): \(error.object)")
                throw error
            }
        }
        let index = try interfaceIndex(of: dev, operation: operation)
        let errors: [NetKitError?]
        do {
            errors = try socket.batch(entries.map { $0.encode(type, flags: flags, index: index, operation: operation) })
        } catch {
            throw NetKitError.wrap(error, operation: "\(type) (\(operation))")
        }
        let annotated = zip(entries, errors).map { entry, error in
            error.map { error in
                var error = error
                error.object = annotate(error.object)
                if error.hint == nil { error.hint = entry.hint(for: error) }
                return error
            }
        }
        return remotes.batchResults(annotated)
    }
}
