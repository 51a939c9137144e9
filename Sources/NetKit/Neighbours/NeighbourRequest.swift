/// One `ip neigh add|replace|del` request, validated before anything is sent and encoded as
/// iproute2 encodes it (a unit test compares the bytes with what `ip` sends). The public form
/// is ``Neighbour``.
struct NeighbourRequest: Sendable, Hashable {
    var address: IPAddress
    var dev: InterfaceName
    var lladdr: [UInt8]?
    /// iproute2 starts every request with `NUD_PERMANENT`, deletions and proxies included.
    var state: NeighbourState = .permanent
    var router = false
    var proxy = false

    /// The arguments `ip neigh` would take, for errors: `10.0.0.7 dev veth1 lladdr … nud permanent`.
    var object: String {
        if proxy { return "proxy \(address) dev \(dev)" }
        var words = [address.description, "dev \(dev)"]
        if let lladdr { words.append("lladdr \(Neighbour.format(lladdr))") }
        words.append("nud \(state.description.lowercased())")
        if router { words.append("router") }
        return words.joined(separator: " ")
    }

    /// Checks what can be checked without the kernel.
    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        if proxy, let lladdr {
            throw NetKitError.invalidInput(
                "a proxy entry has no link-layer address; remove lladdr \(Neighbour.format(lladdr))",
                operation: operation, object: object)
        }
        guard state.rawValue.nonzeroBitCount <= 1 else {
            throw NetKitError.invalidInput(
                "state \(state) combines \(state.rawValue.nonzeroBitCount) states; give one, as ip neigh's nud does",
                operation: operation, object: object)
        }
    }

    /// A resolved state without an address on a device that has link-layer addresses makes the
    /// kernel create the entry and then fail ("No link layer address given"), leaving a
    /// stateless entry behind; refuse before sending instead.
    func validate(deviceHasLinkLayerAddress: Bool, operation: NetKitError.Operation) throws(NetKitError) {
        if !proxy, lladdr == nil, state.hasLinkLayerAddress, deviceHasLinkLayerAddress {
            throw NetKitError.invalidInput(
                "nud \(state.description.lowercased()) needs an lladdr on \(dev), which has link-layer addresses; give lladdr, or use nud none/incomplete",
                operation: operation, object: object)
        }
    }

    /// `RTM_NEWNEIGH`/`RTM_DELNEIGH` for device `index`.
    func encode(_ type: MessageType, flags messageFlags: MessageFlags, index: Int32, operation: NetKitError.Operation) -> NetlinkRequest {
        var request = NetlinkRequest(type, flags: messageFlags, operation: operation, object: object)
        var flags: UInt8 = 0
        if proxy { flags |= NTF.proxy }
        if router { flags |= NTF.router }
        request.appendHeader(NeighbourHeader(family: address.family.rawValue, index: index, state: state.rawValue, flags: flags))
        request.appendAttribute(NDA.destination, bytes: address.networkBytes)
        if let lladdr, type != .delNeighbour { request.appendAttribute(NDA.linkLayerAddress, bytes: lladdr) }
        return request
    }
}

extension NeighbourRequest {
    /// What `ip neigh add|replace` sends for `neighbour`.
    init(_ neighbour: Neighbour) {
        self.init(
            address: neighbour.address, dev: neighbour.interfaceName, lladdr: neighbour.hardwareAddress,
            state: neighbour.state, router: neighbour.isRouter, proxy: neighbour.isProxy)
    }

    /// What `ip neigh del [proxy]` sends for `neighbour`: its address, device and proxy flag,
    /// with iproute2's `NUD_PERMANENT`.
    init(deleting neighbour: Neighbour) {
        self.init(address: neighbour.address, dev: neighbour.interfaceName, proxy: neighbour.isProxy)
    }
}
