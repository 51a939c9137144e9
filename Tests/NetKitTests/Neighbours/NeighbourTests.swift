import CNetlink
@testable import NetKit
import Testing

/// Neighbour constants, request bytes (compared with iproute2 6.1's for the same command, device
/// index 3), parsing and `ip neigh` text.
@Suite("Neighbours: constants, bytes, parsing, text")
struct NeighbourTests {
    @Test func constantsMatchTheHeaders() {
        #expect(NDA.destination == UInt16(NDA_DST))
        #expect(NDA.linkLayerAddress == UInt16(NDA_LLADDR))
        #expect(NDA.cacheinfo == UInt16(NDA_CACHEINFO))
        #expect(NDA.probes == UInt16(NDA_PROBES))
        #expect(NDA.vlan == UInt16(NDA_VLAN))
        #expect(NDA.port == UInt16(NDA_PORT))
        #expect(NDA.vni == UInt16(NDA_VNI))
        #expect(NDA.ifindex == UInt16(NDA_IFINDEX))
        #expect(NDA.master == UInt16(NDA_MASTER))
        #expect(NDA.linkNetnsID == UInt16(NDA_LINK_NETNSID))
        #expect(NDA.sourceVNI == UInt16(NDA_SRC_VNI))
        #expect(NDA.protocolID == UInt16(NDA_PROTOCOL))
        #expect(NDA.nextHopID == UInt16(NDA_NH_ID))
        #expect(NDA.fdbExtendedAttributes == UInt16(NDA_FDB_EXT_ATTRS))
        #expect(NDA.flagsExtended == UInt16(NDA_FLAGS_EXT))
        let states: [(UInt16, Int32)] = [
            (NUD.incomplete, NUD_INCOMPLETE), (NUD.reachable, NUD_REACHABLE), (NUD.stale, NUD_STALE),
            (NUD.delay, NUD_DELAY), (NUD.probe, NUD_PROBE), (NUD.failed, NUD_FAILED), (NUD.noARP, NUD_NOARP),
            (NUD.permanent, NUD_PERMANENT), (NUD.none, NUD_NONE),
        ]
        for (swift, c) in states { #expect(swift == UInt16(c)) }
        let flags: [(UInt8, Int32)] = [
            (NTF.use, NTF_USE), (NTF.own, NTF_SELF), (NTF.master, NTF_MASTER), (NTF.proxy, NTF_PROXY),
            (NTF.externallyLearned, NTF_EXT_LEARNED), (NTF.offloaded, NTF_OFFLOADED), (NTF.sticky, NTF_STICKY),
            (NTF.router, NTF_ROUTER),
        ]
        for (swift, c) in flags { #expect(swift == UInt8(c)) }
        #expect(NTF.extendedManaged == UInt32(NTF_EXT_MANAGED))
        #expect(MemoryLayout<NeighbourHeader>.size == MemoryLayout<ndmsg>.size)
        #expect(MemoryLayout<NeighbourCacheInfo>.size == MemoryLayout<nda_cacheinfo>.size)
    }

    private func bytes(_ request: NeighbourRequest, _ type: MessageType, _ flags: MessageFlags) throws -> [UInt8] {
        try sentBytes(request.encode(type, flags: flags, index: 3, operation: "test"))
    }

    @Test("ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev d0 nud permanent")
    func addBytes() throws {
        let body = hexBytes(
            #"\x02\x00\x00\x00\x03\x00\x00\x00\x80\x00\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x07\x0a\x00\x02\x00\x02\x00\x00\x00\x00\x07\x00\x00"#
        )
        let request = NeighbourRequest(address: "10.0.0.7", dev: "d0", lladdr: ("02:00:00:00:00:07" as MACAddress).bytes)
        #expect(try bytes(request, .newNeighbour, [.create, .exclusive]) == netlinkHeader(length: 48, type: 28, flags: 0x0605) + body)
        let value = Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:07")
        #expect(
            try bytes(NeighbourRequest(value), .newNeighbour, [.create, .exclusive]) == netlinkHeader(length: 48, type: 28, flags: 0x0605)
                + body)
    }

    @Test("ip neigh add proxy 10.0.0.9 dev d0")
    func proxyBytes() throws {
        let body = hexBytes(#"\x02\x00\x00\x00\x03\x00\x00\x00\x80\x00\x08\x00\x08\x00\x01\x00\x0a\x00\x00\x09"#)
        let request = NeighbourRequest(address: "10.0.0.9", dev: "d0", proxy: true)
        #expect(try bytes(request, .newNeighbour, [.create, .exclusive]) == netlinkHeader(length: 36, type: 28, flags: 0x0605) + body)
        let value = Neighbour("10.0.0.9", dev: "d0", proxy: true)
        #expect(
            try bytes(NeighbourRequest(value), .newNeighbour, [.create, .exclusive]) == netlinkHeader(length: 36, type: 28, flags: 0x0605)
                + body)
    }

    @Test("ip neigh del 10.0.0.7 dev d0")
    func deleteBytes() throws {
        let body = hexBytes(#"\x02\x00\x00\x00\x03\x00\x00\x00\x80\x00\x00\x00\x08\x00\x01\x00\x0a\x00\x00\x07"#)
        let request = NeighbourRequest(address: "10.0.0.7", dev: "d0")
        #expect(try bytes(request, .delNeighbour, []) == netlinkHeader(length: 36, type: 29, flags: 0x0005) + body)
        // An entry as neighbours(dev:) reads it back deletes with the same bytes.
        let listed = Neighbour(
            address: "10.0.0.7", hardwareAddress: [2, 0, 0, 0, 0, 7], interfaceIndex: 3, interfaceName: "d0", state: .reachable,
            flags: [.router], protocol: .static)
        #expect(
            try bytes(NeighbourRequest(deleting: listed), .delNeighbour, []) == netlinkHeader(length: 36, type: 29, flags: 0x0005) + body)
    }

    private func parse(family: AddressFamily, state: UInt16, flags: UInt8 = 0, _ attributes: (inout NetlinkRequest) -> Void) throws
        -> Neighbour?
    {
        var request = NetlinkRequest(.newNeighbour, flags: [], operation: "test")
        request.appendHeader(NeighbourHeader(family: family.rawValue, index: 3, state: state, flags: flags))
        attributes(&request)
        return try decodeEach(request) { try Neighbour(message: $0) }.first ?? nil
    }

    @Test("lines as ip neigh show nud all prints them")
    func text() throws {
        var stale = try #require(
            try parse(family: .ipv4, state: NUD.stale, flags: NTF.router) { request in
                request.appendAttribute(NDA.destination, bytes: [10, 0, 0, 8])
                request.appendAttribute(NDA.linkLayerAddress, bytes: [2, 0, 0, 0, 0, 8])
                request.appendAttribute(NDA.probes, uint32: 0)
            })
        stale.interfaceName = "v0"
        #expect(stale.description == "10.0.0.8 dev v0 lladdr 02:00:00:00:00:08 router STALE")
        #expect(stale.macAddress == "02:00:00:00:00:08")
        #expect(stale.isRouter)
        #expect(!stale.isProxy)

        var incomplete = try #require(
            try parse(family: .ipv4, state: NUD.incomplete) {
                $0.appendAttribute(NDA.destination, bytes: [10, 0, 0, 12])
            })
        incomplete.interfaceName = "v0"
        #expect(incomplete.description == "10.0.0.12 dev v0 INCOMPLETE")
        #expect(incomplete.macAddress == nil)

        var none = try #require(try parse(family: .ipv4, state: NUD.none) { $0.appendAttribute(NDA.destination, bytes: [10, 0, 0, 11]) })
        none.interfaceName = "v0"
        #expect(none.description == "10.0.0.11 dev v0")
        #expect(none.state.description == "NONE")

        var proxy = try #require(
            try parse(family: .ipv4, state: 0, flags: NTF.proxy) { $0.appendAttribute(NDA.destination, bytes: [10, 0, 0, 9]) })
        proxy.interfaceName = "v0"
        #expect(proxy.description == "10.0.0.9 dev v0 proxy")

        var multicast = try #require(
            try parse(family: .ipv6, state: NUD.noARP) { request in
                request.appendAttribute(NDA.destination, bytes: IPAddress("ff02::2").networkBytes)
                request.appendAttribute(NDA.linkLayerAddress, bytes: [0x33, 0x33, 0, 0, 0, 2])
                request.appendAttribute(NDA.protocolID, uint8: 12)
            })
        multicast.interfaceName = "v1"
        #expect(multicast.description == "ff02::2 dev v1 lladdr 33:33:00:00:00:02 NOARP proto bird")
    }

    @Test("state names and parsing follow iproute2")
    func states() throws {
        #expect(NeighbourState.permanent.description == "PERMANENT")
        #expect(NeighbourState.noARP.description == "NOARP")
        #expect(NeighbourState([.stale, .permanent]).names == ["STALE", "PERMANENT"])
        #expect(NeighbourState.none.description == "NONE")
        for name in ["permanent", "noarp", "reachable", "stale", "none", "incomplete", "delay", "probe", "failed"] {
            #expect(try NeighbourState(parsing: name).description == name.uppercased())
        }
        #expect(throws: NetKitError.self) { try NeighbourState(parsing: "perm") }
    }

    @Test("bridge fdb entries (AF_BRIDGE) are not neighbours")
    func bridgeFamily() throws {
        var request = NetlinkRequest(.newNeighbour, flags: [], operation: "test")
        request.appendHeader(NeighbourHeader(family: 7, index: 3, state: NUD.permanent))
        request.appendAttribute(NDA.linkLayerAddress, bytes: [2, 0, 0, 0, 0, 1])
        let parsed = try decodeEach(request) { try Neighbour(message: $0) }
        #expect(parsed.count == 1)
        #expect(parsed.first == .some(nil))
    }

    @Test("malformed kernel bytes give a typed error")
    func malformed() {
        #expect(throws: NetKitError.self) { _ = try parse(family: .ipv4, state: 0) { $0.appendAttribute(NDA.destination, bytes: [1, 2]) } }
        #expect(throws: NetKitError.self) { _ = try parse(family: .ipv4, state: 0) { _ in } }
    }

    @Test("validation: combined states, bad device names, resolved states without lladdr")
    func validation() throws {
        let combined = NeighbourRequest(address: "10.0.0.7", dev: "d0", state: [.stale, .reachable])
        #expect(throws: NetKitError.self) { try combined.validate(operation: "t") }
        #expect(throws: NetKitError.self) {
            try NeighbourRequest(address: "10.0.0.7", dev: InterfaceName(parsing: "bad/name")).validate(operation: "t")
        }
        try NeighbourRequest(address: "10.0.0.7", dev: "d0", state: .none).validate(operation: "t")

        let noLLAddr = NeighbourRequest(address: "10.0.0.7", dev: "d0")
        let error = try #require(throws: NetKitError.self) { try noLLAddr.validate(deviceHasLinkLayerAddress: true, operation: "t") }
        #expect(error.description.contains("nud permanent needs an lladdr"))
        try NeighbourRequest(address: "10.0.0.7", dev: "d0", state: .incomplete).validate(deviceHasLinkLayerAddress: true, operation: "t")
        try NeighbourRequest(address: "10.0.0.7", dev: "d0", proxy: true).validate(deviceHasLinkLayerAddress: true, operation: "t")
        #expect(throws: NetKitError.self) {
            try NeighbourRequest(Neighbour("10.0.0.7", dev: "d0", macAddress: "02:00:00:00:00:07", proxy: true)).validate(operation: "t")
        }
        // A device without link-layer addresses (tun, IPIP) takes a permanent entry without one.
        try noLLAddr.validate(deviceHasLinkLayerAddress: false, operation: "t")
    }
}
