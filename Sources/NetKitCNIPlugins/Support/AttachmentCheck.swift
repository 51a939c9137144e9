import NetKit
import NetKitCNI

/// What every main plugin's `CHECK` verifies, against `prevResult`: the container's interface
/// (error 3 when it or the namespace is gone), its MAC, addresses and routes, the masquerade
/// rules, and the IPAM plugin's own `CHECK` (started first, read last).
struct AttachmentCheck {
    let request: CNIRequest
    let previous: CNIResult
    let namespaces: AttachmentNamespaces
    private let ipam: DelegatedCall?

    /// Error 7 without `prevResult`; starts the IPAM plugin's `CHECK`; opens both namespaces.
    init(_ request: CNIRequest, ipamType: String?) throws(CNIError) {
        guard let previous = request.configuration.prevResult else {
            throw CNIError(
                .invalidNetworkConfiguration, "Required prevResult missing", details: "CHECK needs the ADD result as \"prevResult\"")
        }
        self.request = request
        self.previous = previous
        ipam = try ipamType.map { type throws(CNIError) in try request.delegate(to: type) }
        namespaces = try AttachmentNamespaces(netns: request.netns, missingCode: .unknownContainer)
    }

    var interfaces: [CNIResult.Interface] { previous.interfaces ?? [] }

    /// Error 103 saying `why`.
    static func differs(_ why: String) -> CNIError {
        CNIError(.checkFailed, "attachment differs from prevResult", details: why)
    }

    /// The container's interface and its `prevResult` entry: error 3 when the link is gone,
    /// 103 when `prevResult` has no entry for it or its kind or MAC differ.
    func containerInterface(kind: LinkKind) throws(CNIError) -> (link: Link, listed: CNIResult.Interface) {
        let name = request.interfaceName
        guard let link = try attempt("read \(name)", { try namespaces.podNet.linkIfPresent(named: InterfaceName(parsing: name)) }) else {
            throw CNIError(
                .unknownContainer, "container interface \(name) not found",
                details: "\(request.netns) has no link \(name): the container was never added, or its interface is gone")
        }
        guard let listed = interfaces.first(where: { $0.name == name && $0.sandbox == request.netns }) else {
            throw Self.differs("prevResult has no interface \(name) with sandbox \(request.netns)")
        }
        guard link.kind == kind else { throw Self.differs("container interface \(name) is a \(link.kind) link, not a \(kind)") }
        if let mac = listed.mac, !Self.sameMAC(mac, link.macAddress) {
            throw Self.differs("\(name) MAC is \(link.macAddress?.description ?? "none"), prevResult says \(mac)")
        }
        return (link, listed)
    }

    /// The host end of the container's veth: in the runtime's namespace, among `prevResult`'s
    /// interfaces, with the MAC listed there.
    func hostVeth(of container: Link) throws(CNIError) -> Link {
        let name = request.interfaceName
        guard let peerIndex = container.parentIndex else { throw Self.differs("container interface \(name) has no peer") }
        guard let host = try? namespaces.nodeNet.link(index: peerIndex), host.kind == .veth else {
            throw Self.differs("the host end of \(name) (index \(peerIndex)) is not in the runtime's namespace")
        }
        guard let listed = interfaces.first(where: { $0.name == host.name.rawValue && $0.sandbox == nil }) else {
            throw Self.differs("the container's peer \(host.name) is not among prevResult's interfaces")
        }
        if let mac = listed.mac, !Self.sameMAC(mac, host.macAddress) {
            throw Self.differs("host veth \(host.name) MAC is \(host.macAddress?.description ?? "none"), prevResult says \(mac)")
        }
        return host
    }

    /// Every address of `prevResult` is on the container's interface, every route in its namespace.
    func containerAddressesAndRoutes() throws(CNIError) {
        let name = request.interfaceName
        let configured = try attempt("read the container's addresses") {
            try namespaces.podNet.addresses(dev: InterfaceName(parsing: name))
        }
        for ip in previous.ips ?? [] {
            guard let address = IPNetwork(ip.address) else { throw Self.differs("prevResult address \"\(ip.address)\" is not CIDR") }
            if !configured.contains(where: { $0.local == address }) { throw Self.differs("\(name) does not have \(address)") }
        }
        let routes = try attempt("read the container's routes") { try namespaces.podNet.routes() }
        for route in previous.routes ?? [] {
            guard let destination = IPNetwork(route.dst)?.masked else {
                throw Self.differs("prevResult route dst \"\(route.dst)\" is not CIDR")
            }
            let gateway = route.gw.flatMap(IPAddress.init)
            if !routes.contains(where: { $0.destination == destination && (gateway == nil || $0.gateway == gateway) }) {
                throw Self.differs("route \(route.dst)\(route.gw.map { " via \($0)" } ?? "") is missing in the container")
            }
        }
    }

    /// The masquerade rules (with `ipMasq` and IPAM), then the IPAM plugin's `CHECK` result.
    func finish(ipMasq: Bool) throws(CNIError) {
        if ipMasq, ipam != nil { try Masquerade.check(previous.ips ?? [], request: request) }
        _ = try ipam?.result()
    }

    static func sameMAC(_ text: String, _ mac: MACAddress?) -> Bool {
        guard let mac, let parsed = MACAddress(text) else { return false }
        return parsed == mac
    }
}

/// `GC` and `STATUS` as every main plugin runs them.
enum AttachmentMaintenance {
    /// `GC` (1.1.0): forwards to the IPAM plugin and removes the masquerade rules of attachments
    /// not in `cni.dev/valid-attachments`. Links need no collection: they die with their
    /// namespace. Without a list (absent or `null`) it is error 7 and removes nothing.
    static func collectGarbage(_ request: CNIRequest, common: CommonKeys) throws(CNIError) {
        let keep = try request.configuration.attachmentsToKeep()
        let ipam = try common.ipamType.map { type throws(CNIError) in try request.delegate(to: type) }
        var failure: CNIError?
        if common.ipMasq {
            do {
                try Masquerade.collectGarbage(request, keep: keep)
            } catch {
                failure = error
            }
        }
        do {
            _ = try ipam?.result()
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }

    /// `STATUS` (1.1.0): error 50 for `ipMasq` without nft, else the IPAM plugin's `STATUS`.
    static func status(_ request: CNIRequest, common: CommonKeys) throws(CNIError) {
        let ipam = try common.ipamType.map { type throws(CNIError) in try request.delegate(to: type) }
        if common.ipMasq && Masquerade.nft(environment: request.environment.variables) == nil {
            throw CNIError(.pluginNotAvailable, "ipMasq needs nftables", details: "no nft binary found; ADD would fail")
        }
        _ = try ipam?.result()
    }
}
