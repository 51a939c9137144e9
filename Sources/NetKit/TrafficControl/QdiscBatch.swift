extension NetlinkHandle {
    /// `tc -batch` of `tc qdisc add` lines: each qdisc's `RTM_NEWQDISC` (built by libnl, as for
    /// `addQdisc(_:)`) sent in runs with one ACK per run; the devices are looked up with one
    /// `RTM_GETLINK` dump. Returns one ``BatchResult`` per qdisc, in order; a refused qdisc does not
    /// stop the others. Invalid input and unknown devices are thrown before anything is sent.
    public func addQdiscs(_ qdiscs: [Qdisc]) throws(NetKitError) -> [BatchResult<Qdisc>] {
        let operation: NetKitError.Operation = "RTM_NEWQDISC (tc qdisc add)"
        let links = try trafficControl(operation, "") { () throws -> [String: TCLink] in
            var byName: [String: TCLink] = [:]
            for link in try self.links() {
                byName[link.name.rawValue] = TCLink(index: link.index, mtu: link.mtu, hardwareType: link.hardwareType.rawValue)
            }
            return byName
        }
        var requests: [NetlinkRequest] = []
        requests.reserveCapacity(qdiscs.count)
        for qdisc in qdiscs {
            guard let link = links[qdisc.device.rawValue] else {
                throw NetKitError.noSuchDevice(qdisc.device.rawValue, operation: operation, object: qdisc.commandText)
            }
            requests.append(try qdisc.request(.add, link: link))
        }
        let errors = try trafficControl(operation, "") { try socket.batch(requests) }
        let annotated = zip(qdiscs, errors).map { qdisc, error in
            error.map { error in
                var error = error
                error.object = annotate(qdisc.commandText)
                return Self.missingKind(error, feature: qdisc.kind.kernelFeature, what: "\(qdisc.kind) qdisc")
            }
        }
        return qdiscs.batchResults(annotated)
    }
}
