extension NetlinkHandle {
    /// `tc qdisc add dev DEVICE … KIND OPTIONS`: `RTM_NEWQDISC` with `NLM_F_CREATE|NLM_F_EXCL`,
    /// built by libnl-route's qdisc modules for the device's MTU and link type. A kind the kernel
    /// lacks throws ``NetKitError/Reason/kernelFeatureMissing(_:)`` naming its `CONFIG_NET_SCH_*`.
    public func addQdisc(_ qdisc: Qdisc) throws(NetKitError) {
        try sendQdisc(qdisc, .add)
    }

    /// `tc qdisc replace …`: `RTM_NEWQDISC` with `NLM_F_CREATE|NLM_F_REPLACE` — creates the qdisc
    /// or replaces the one at its place.
    public func replaceQdisc(_ qdisc: Qdisc) throws(NetKitError) {
        try sendQdisc(qdisc, .replace)
    }

    /// `tc qdisc change …`: `RTM_NEWQDISC` without creation flags — changes the options of the
    /// qdisc at its place (same kind), keeping its queue.
    public func changeQdisc(_ qdisc: Qdisc) throws(NetKitError) {
        try sendQdisc(qdisc, .change)
    }

    /// `tc qdisc del dev DEVICE root` (or `… ingress`, `… parent P handle H`): `RTM_DELQDISC`.
    /// Deleting where no qdisc was added throws `ENOENT` or `EINVAL` with the kernel's text.
    public func deleteQdisc(_ qdisc: Qdisc) throws(NetKitError) {
        try sendQdisc(qdisc, .delete)
    }

    /// `tc qdisc show [dev DEVICE]`: an `RTM_GETQDISC` dump, parsed into ``Qdisc`` values whose
    /// description is the line `tc` prints.
    public func qdiscs(dev device: InterfaceName? = nil) throws(NetKitError) -> [Qdisc] {
        let names = try linkNames(device, operation: "RTM_GETQDISC (tc qdisc show)")
        let index = device == nil ? 0 : names.first?.key ?? 0
        let request = Qdisc.dumpRequest(index: index)
        // The kernel dumps every device's qdiscs whatever tcm_ifindex says; tc filters too.
        let qdiscs = try trafficControl(request.operation, "") { () throws -> [Qdisc] in
            try dump(request) { message in try Qdisc(message: message) { names[$0] } }
        }
        return index == 0 ? qdiscs : qdiscs.filter { $0.deviceIndex == index }
    }

    private func sendQdisc(_ qdisc: Qdisc, _ command: TCCommand) throws(NetKitError) {
        let operation: NetKitError.Operation = "tc qdisc \(command.word)"
        let link = try tcLink(qdisc.device, operation: operation)
        let request = try qdisc.request(command, link: link)
        try trafficControl(request.operation, request.object) {
            do {
                try execute(request)
            } catch let error as NetKitError {
                throw Self.missingKind(error, feature: qdisc.kind.kernelFeature, what: "\(qdisc.kind) qdisc")
            }
        }
    }

    // MARK: - Shared by qdiscs, classes and filters

    /// The device's index, MTU and link type, which libnl's rate tables need.
    func tcLink(_ device: InterfaceName, operation: NetKitError.Operation) throws(NetKitError) -> TCLink {
        try trafficControl(operation, "dev \(device)") { () throws -> TCLink in
            let link = try link(named: device.rawValue)
            return TCLink(index: link.index, mtu: link.mtu, hardwareType: link.hardwareType.rawValue)
        }
    }

    /// Index → name of the namespace's links, or of `device` alone.
    func linkNames(_ device: InterfaceName?, operation: NetKitError.Operation) throws(NetKitError) -> [Int32: InterfaceName] {
        try trafficControl(operation, device.map { "dev \($0)" } ?? "") { () throws -> [Int32: InterfaceName] in
            if let device { return [try linkIndex(of: device.rawValue): device] }
            var names: [Int32: InterfaceName] = [:]
            for link in try links() { names[link.index] = link.name }
            return names
        }
    }

    /// Runs `body`, turning any error into a ``NetKitError`` and a kernel that lacks a qdisc,
    /// class or filter kind into ``NetKitError/Reason/kernelFeatureMissing(_:)``.
    func trafficControl<T>(_ operation: NetKitError.Operation, _ object: String, _ body: () throws -> T) throws(NetKitError) -> T {
        do {
            return try body()
        } catch let error as NetKitError {
            throw error
        } catch {
            throw NetKitError.wrap(error, operation: operation, object: object)
        }
    }

    /// The kernel answers a kind it lacks with `ENOENT` and "Specified qdisc kind is unknown."
    /// (classifiers and actions likewise): that error becomes ``NetKitError/Reason/kernelFeatureMissing(_:)``
    /// naming the kernel option, keeping the kernel's text.
    static func missingKind(_ error: NetKitError, feature: String, what: String) -> NetKitError {
        guard error.errno == .ENOENT, let text = error.kernelMessage,
            text.contains("unknown") || text.contains("Failed to load") || text.contains("not found")
        else { return error }
        var missing = error
        missing.reason = .kernelFeatureMissing(feature)
        missing.hint = "the running kernel has no \(what); build it with \(feature) or load the module"
        return missing
    }
}
