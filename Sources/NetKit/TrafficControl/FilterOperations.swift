extension NetlinkHandle {
    /// `tc filter add dev DEVICE parent P protocol PROTO [prio N] CLASSIFIER action …`:
    /// `RTM_NEWTFILTER` with `NLM_F_CREATE|NLM_F_EXCL`, built by libnl-route's classifier and
    /// action modules. A classifier or action the kernel lacks throws
    /// ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming its `CONFIG_NET_CLS_*`/`CONFIG_NET_ACT_*`.
    public func addFilter(_ filter: Filter) throws(NetKitError) {
        try sendFilter(filter, .add)
    }

    /// `tc filter replace …`: `RTM_NEWTFILTER` with `NLM_F_CREATE|NLM_F_REPLACE`.
    public func replaceFilter(_ filter: Filter) throws(NetKitError) {
        try sendFilter(filter, .replace)
    }

    /// `tc filter del dev DEVICE parent P [protocol PROTO prio N]`: `RTM_DELTFILTER` — every
    /// filter of the parent, or those of one priority.
    public func deleteFilter(_ filter: Filter) throws(NetKitError) {
        try sendFilter(filter, .delete)
    }

    /// `tc filter show dev DEVICE parent P`: an `RTM_GETTFILTER` dump parsed into ``Filter``
    /// values (classifier kind, protocol, priority, handle and actions).
    public func filters(dev device: InterfaceName, parent: TCHandle) throws(NetKitError) -> [Filter] {
        let names = try linkNames(nil, operation: "RTM_GETTFILTER (tc filter show)")
        guard let index = names.first(where: { $0.value == device })?.key else {
            throw NetKitError.noSuchDevice(device.rawValue, operation: "RTM_GETTFILTER (tc filter show)", object: "dev \(device)")
        }
        let request = Filter.dumpRequest(index: index, parent: parent)
        return try trafficControl(request.operation, "dev \(device) parent \(parent)") { () throws -> [Filter] in
            try dump(request) { message in try Filter(message: message) { names[$0] } }
        }
    }

    private func sendFilter(_ filter: Filter, _ command: TCCommand) throws(NetKitError) {
        let operation: NetKitError.Operation = "tc filter \(command.word)"
        let index = try tcLink(filter.device, operation: operation).index
        var targets: [InterfaceName: Int32] = [:]
        for case .redirect(let device) in filter.actions { targets[device] = try tcLink(device, operation: operation).index }
        for case .mirror(let device) in filter.actions { targets[device] = try tcLink(device, operation: operation).index }
        let request = try filter.request(command, index: index, targets: targets)
        try trafficControl(request.operation, request.object) {
            do {
                try execute(request)
            } catch let error as NetKitError {
                // "Failed to load TC action module" names an action; other texts the classifier.
                if error.kernelMessage?.contains("action") == true {
                    let features = Array(Set(filter.actions.map(\.kernelFeature))).sorted()
                    let kinds = Array(Set(filter.actions.map(\.kind))).sorted()
                    throw Self.missingKind(
                        error, feature: features.joined(separator: " or "),
                        what: "\(kinds.joined(separator: "/")) action")
                }
                throw Self.missingKind(
                    error, feature: filter.classifier?.kernelFeature ?? filter.kind,
                    what: "\(filter.kind) classifier")
            }
        }
    }
}
