import NetKit
import NetKitCNI

/// `netkit-bandwidth`: the reference `bandwidth` meta plugin on NetKit, chained after a main
/// plugin that made a veth (its host end is found as the container interface's peer among
/// `prevResult`'s host interfaces).
///
/// - ingress (traffic to the pod): `tc qdisc add dev HOSTVETH root handle 1: tbf rate R burst B latency 25ms`;
/// - egress (traffic from the pod): an ifb named from the network and container id (as the
///   reference names it), `tc qdisc add dev HOSTVETH ingress`, `tc filter add dev HOSTVETH parent
///   ffff: protocol all prio 1 u32 match u32 0 0 flowid 1:1 action mirred egress redirect dev IFB`,
///   and the same `tbf` on the ifb.
///
/// A failing `ADD` undoes what it made. `CHECK` compares the qdiscs with the configuration;
/// `DEL` removes the ifb (the veth's qdiscs go with the veth).
public struct BandwidthPlugin: CNIPlugin {
    public let about = "CNI plugin netkit-bandwidth (NetKit): tbf shaping of a pod's veth, egress through an ifb"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        let configuration = try BandwidthConfiguration(request)
        guard var result = request.configuration.prevResult else {
            throw CNIError(.invalidNetworkConfiguration, "must be called as chained plugin", details: "no prevResult in the configuration")
        }
        guard configuration.shapesIngress || configuration.shapesEgress else { return result }
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial().netlink() }
        let host = try hostInterface(request, result: result, node: node)
        var undo = RollbackLog()
        do throws(CNIError) {
            if configuration.shapesIngress {
                let tbf = BandwidthConfiguration.tokenBucket(rate: configuration.ingressRate, burst: configuration.ingressBurst)
                try attempt("add tbf on \(host.name)") {
                    try node.addQdisc(Qdisc(.tbf(tbf), device: host.name, handle: "1:"))
                }
                undo.record("delete the tbf on \(host.name)") {
                    try RollbackLog.unlessGone { try node.deleteQdisc(.root(of: host.name)) }
                }
            }
            if configuration.shapesEgress {
                let ifb = try shapeEgress(configuration, request: request, host: host, node: node, undo: &undo)
                result.interfaces = (result.interfaces ?? []) + [.init(name: ifb.name.rawValue, mac: ifb.macAddress?.description)]
            }
            undo.commit()
            return result
        } catch {
            throw error.noting(couldNotUndo: undo.rollBack())
        }
    }

    private func shapeEgress(
        _ configuration: BandwidthConfiguration, request: CNIRequest, host: Link, node: NetlinkHandle,
        undo: inout RollbackLog
    ) throws(CNIError) -> Link {
        let name = BandwidthConfiguration.ifbName(network: request.networkName, containerID: request.containerID)
        return try attempt("shape egress of \(host.name) through \(name)") {
            let ifb = try InterfaceName(parsing: name), veth = host.name
            try node.add(IFB(name: ifb, options: LinkOptions(mtu: host.mtu)))
            undo.record("delete \(name)") { try RollbackLog.unlessGone { try node.deleteLink(ifb) } }
            try node.setUp(ifb)
            try node.addQdisc(.ingress(on: veth))
            undo.record("delete the ingress qdisc of \(host.name)") {
                try RollbackLog.unlessGone { try node.deleteQdisc(.ingress(on: veth)) }
            }
            try node.addFilter(
                Filter(
                    .u32All, device: veth, parent: .ingressQdisc, protocol: .all, priority: 1,
                    flowID: TCHandle(major: 1, minor: 1), actions: [.redirect(to: ifb)]))
            let tbf = BandwidthConfiguration.tokenBucket(rate: configuration.egressRate, burst: configuration.egressBurst)
            try node.addQdisc(Qdisc(.tbf(tbf), device: ifb, handle: "1:"))
            return try node.link(named: ifb)
        }
    }

    /// `CHECK`: the tbf on the host veth and on the ifb have the configured rates, and the
    /// redirect filter is in place.
    public func check(_ request: CNIRequest) throws(CNIError) {
        let configuration = try BandwidthConfiguration(request)
        guard let result = request.configuration.prevResult else {
            throw CNIError(.invalidNetworkConfiguration, "must be called as chained plugin", details: "no prevResult in the configuration")
        }
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial().netlink() }
        let host = try hostInterface(request, result: result, node: node)
        if configuration.shapesIngress {
            try expectTokenBucket(on: host.name.rawValue, rate: configuration.ingressRate, node: node)
        }
        if configuration.shapesEgress {
            let name = BandwidthConfiguration.ifbName(network: request.networkName, containerID: request.containerID)
            try expectTokenBucket(on: name, rate: configuration.egressRate, node: node)
            let filters = try attempt("list the filters of \(host.name)") {
                try node.filters(dev: host.name, parent: .ingressQdisc)
            }
            guard filters.contains(where: { $0.actions.contains(.redirect(to: InterfaceName(rawValue: name) ?? .loopback)) }) else {
                throw CNIError(
                    .checkFailed, "no redirect of \(host.name) to \(name)",
                    details: "tc filter show dev \(host.name) ingress lists no mirred redirect to \(name)")
            }
        }
    }

    private func expectTokenBucket(on device: String, rate: UInt64, node: NetlinkHandle) throws(CNIError) {
        let qdiscs = try attempt("list the qdiscs of \(device)") { try node.qdiscs(dev: InterfaceName(parsing: device)) }
        guard let root = qdiscs.first(where: { $0.parent == .root }), case .tbf(let tbf)? = root.options else {
            throw CNIError(.checkFailed, "no tbf on \(device)", details: "tc qdisc show dev \(device): \(qdiscs.map(\.description))")
        }
        guard tbf.rate.bytesPerSecond == rate / 8 else {
            throw CNIError(
                .checkFailed, "wrong rate on \(device)",
                details: "\(root) — expected rate \(Bitrate(bitsPerSecond: rate / 8 * 8))")
        }
    }

    /// `DEL`: removes the ifb; missing is success.
    public func delete(_ request: CNIRequest) throws(CNIError) {
        let name = BandwidthConfiguration.ifbName(network: request.networkName, containerID: request.containerID)
        try attempt("delete \(name)") {
            try RollbackLog.unlessGone { try Namespace.initial().netlink().deleteLink(InterfaceName(parsing: name)) }
        }
    }

    /// The host end of the container interface's veth: its peer index, read in the container,
    /// named in the runtime's namespace, and listed in `prevResult` without a sandbox.
    private func hostInterface(_ request: CNIRequest, result: CNIResult, node: NetlinkHandle) throws(CNIError) -> Link {
        let namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .invalidEnvironment)
        let container = try attempt("look up \(request.interfaceName) in the container") {
            try namespaces.podNet.link(named: InterfaceName(parsing: request.interfaceName))
        }
        guard container.kind == .veth, let peer = container.parentIndex,
            let host = try? node.link(index: peer),
            (result.interfaces ?? []).contains(where: { $0.sandbox == nil && $0.name == host.name.rawValue })
        else {
            throw CNIError(
                .invalidNetworkConfiguration, "no veth peer of container interface found in host ns",
                details: "\(request.interfaceName) in \(request.netns) has no veth peer among prevResult's host interfaces")
        }
        return host
    }
}
