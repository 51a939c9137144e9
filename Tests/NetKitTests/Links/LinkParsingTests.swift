@testable import NetKit
import Testing

/// `RTM_NEWLINK` messages as the kernel sends them, built with NetKit's encoder, decoded by
/// `Link(message:)`: the kind-specific data of bridges, bridge ports and IPIP tunnels.
@Suite("Link message decoding")
struct LinkParsingTests {
    /// An `RTM_NEWLINK` for `name` with `IFLA_LINKINFO` filled in by `info`.
    static func message(
        index: Int32 = 5, name: String, type: UInt16 = 1, flags: LinkFlags = [.broadcast, .multicast],
        _ extra: (inout NetlinkRequest) -> Void = { _ in },
        info: (inout NetlinkRequest) -> Void
    ) -> NetlinkRequest {
        var request = NetlinkRequest(.newLink, flags: [], operation: "test")
        request.appendHeader(InterfaceInfoHeader(type: type, index: index, flags: flags.rawValue))
        request.appendAttribute(IFLA.ifname, string: name)
        request.appendAttribute(IFLA.mtu, uint32: 1500)
        extra(&request)
        request.nested(IFLA.linkinfo, info)
        return request
    }

    static func decode(_ request: NetlinkRequest) throws -> Link {
        var link: Link?
        try request.encoded(sequence: 0).withUnsafeBytes { buffer in
            try NetlinkMessage.forEach(in: buffer) { link = try Link(message: $0) }
        }
        return try #require(link)
    }

    @Test("a bridge's IFLA_BR_* options")
    func bridge() throws {
        let link = try Self.decode(
            Self.message(name: "br0") { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "bridge")
                info.nested(IFLA.Info.data) { data in
                    data.appendAttribute(IFLA.Bridge.forwardDelay, uint32: 400)
                    data.appendAttribute(IFLA.Bridge.ageingTime, uint32: 12000)
                    data.appendAttribute(IFLA.Bridge.stpState, uint32: 1)
                    data.appendAttribute(IFLA.Bridge.vlanFiltering, uint8: 1)
                }
            })
        #expect(link.kind == .bridge)
        let expected = BridgeDetails(stp: true, forwardDelay: .seconds(4), ageingTime: .seconds(120), vlanFiltering: true)
        #expect(link.details(as: BridgeDetails.self) == expected)
        #expect(link.portDetails == nil && link.details(as: IPIPTunnelDetails.self) == nil)
        #expect(link.details?.description == "bridge forward_delay 400 ageing_time 12000 stp_state 1 vlan_filtering 1")
    }

    @Test("a veth that is a bridge port: IFLA_MASTER and the IFLA_BRPORT_* slave data")
    func bridgePort() throws {
        let link = try Self.decode(
            Self.message(name: "p1", { $0.appendAttribute(IFLA.master, int32: 2) }) { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "veth")
                info.appendAttribute(IFLA.Info.slaveKind, unterminatedString: "bridge")
                info.nested(IFLA.Info.slaveData) { data in
                    data.appendAttribute(IFLA.BridgePort.state, uint8: 3)
                    data.appendAttribute(IFLA.BridgePort.portNumber, uint16: 0x1f)
                    data.appendAttribute(IFLA.BridgePort.mode, uint8: 1)
                    data.appendAttribute(IFLA.BridgePort.isolated, uint8: 1)
                    data.appendAttribute(IFLA.BridgePort.learning, uint8: 0)
                    data.appendAttribute(IFLA.BridgePort.unicastFlood, uint8: 1)
                }
            })
        #expect(link.kind == .veth)
        #expect(link.masterIndex == 2 && link.masterName == nil)
        let port = try #require(link.portDetails(as: BridgePortDetails.self))
        #expect(
            port
                == BridgePortDetails(
                    state: .forwarding, portNumber: 0x1f, hairpin: true, isolated: true, learning: false, unicastFlood: true))
        #expect(port.state.description == "forwarding")
        #expect(link.details == nil, "a veth's own data is not read")
        #expect(port.description == "bridge_slave state forwarding hairpin on learning off flood on port_no 0x1f isolated on")
        #expect(
            link.description.hasSuffix(
                "\n    veth\n    bridge_slave state forwarding hairpin on learning off flood on port_no 0x1f isolated on"))
    }

    @Test("an IPIP tunnel's IFLA_IPTUN_*: any/any is nil, tos, nopmtudisc, the underlying device")
    func ipip() throws {
        let link = try Self.decode(
            Self.message(name: "ipip1", type: 768, flags: [.pointToPoint, .noARP]) { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "ipip")
                info.nested(IFLA.Info.data) { data in
                    data.appendAttribute(IFLA.IPTunnel.link, uint32: 7)
                    data.appendAttribute(IFLA.IPTunnel.local, bytes: [0, 0, 0, 0])
                    data.appendAttribute(IFLA.IPTunnel.remote, bytes: [10, 0, 0, 1])
                    data.appendAttribute(IFLA.IPTunnel.ttl, uint8: 0)
                    data.appendAttribute(IFLA.IPTunnel.tos, uint8: 0x10)
                    data.appendAttribute(IFLA.IPTunnel.pmtudisc, uint8: 0)
                }
            })
        #expect(link.kind == .ipip && link.hardwareType == .ipip)
        let ipip = try #require(link.details(as: IPIPTunnelDetails.self))
        #expect(ipip.local == nil && ipip.remote == "10.0.0.1")
        #expect(ipip.ttl == 0 && ipip.tos == 0x10 && !ipip.pathMTUDiscovery && ipip.underlyingIndex == 7)
        #expect(ipip.description == "ipip remote 10.0.0.1 local any dev if7 ttl inherit tos 0x10 nopmtudisc")
        let named = link.resolvingNames { $0 == 7 ? ("eth1", true) : nil }
        #expect(named.details(as: IPIPTunnelDetails.self)?.underlyingDevice == "eth1")
        #expect(named.details?.description == "ipip remote 10.0.0.1 local any dev eth1 ttl inherit tos 0x10 nopmtudisc")
    }

    @Test("an IPIP link without IFLA_INFO_DATA reads as tunl0's defaults; tos 1 is inherit")
    func ipipDefaults() throws {
        let link = try Self.decode(
            Self.message(name: "tunl0", type: 768) { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "ipip")
            })
        #expect(link.details(as: IPIPTunnelDetails.self) == IPIPTunnelDetails(pathMTUDiscovery: true, underlyingIndex: 0))
        #expect(link.details?.description == "ipip remote any local any ttl inherit pmtudisc")
        let sentAsOne = try Self.decode(
            Self.message(name: "ipip1", type: 768) { info in
                info.appendAttribute(IFLA.Info.kind, unterminatedString: "ipip")
                info.nested(IFLA.Info.data) { $0.appendAttribute(IFLA.IPTunnel.tos, uint8: 1) }
            })
        #expect(sentAsOne.details(as: IPIPTunnelDetails.self)?.tos == .inherit)
        let inherit = IPIPTunnelDetails(
            local: "192.0.2.1", remote: "192.0.2.2", ttl: 64, tos: .inherit, pathMTUDiscovery: true, underlyingIndex: 0)
        #expect(inherit.description == "ipip remote 192.0.2.2 local 192.0.2.1 ttl 64 tos inherit pmtudisc")
        for (proto, word) in [(UInt8(0), "any"), (4, "ipip"), (41, "ip6ip"), (137, "mplsip")] {
            var mode = inherit
            mode.mode = IPTunnelMode(rawValue: proto)
            #expect(mode.description == "ipip \(word) remote 192.0.2.2 local 192.0.2.1 ttl 64 tos inherit pmtudisc")
        }
    }

    @Test("resolvingNames names the master, the peer (with M-DOWN) and leaves unknown indices as ifN")
    func names() throws {
        let port = try Self.decode(
            Self.message(
                name: "p1",
                {
                    $0.appendAttribute(IFLA.master, int32: 2)
                    $0.appendAttribute(IFLA.link, int32: 6)
                }
            ) { $0.appendAttribute(IFLA.Info.kind, unterminatedString: "veth") })
        let known: [Int32: (name: InterfaceName, isUp: Bool)] = [2: ("br0", true), 6: ("q1", false)]
        let named = port.resolvingNames { known[$0] }
        #expect(named.masterName == "br0" && named.parentName == "q1" && named.parentIsDown)
        #expect(named.description.hasPrefix("5: p1@q1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state UNKNOWN"))
        #expect(named.monitorLine.hasPrefix("5: p1@q1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 state UNKNOWN group default"))
        let unknown = port.resolvingNames { _ in nil }
        #expect(unknown.masterName == nil && unknown.parentName == nil)
        #expect(unknown.description.hasPrefix("5: p1@if6: <BROADCAST,MULTICAST> mtu 1500 master if2 state"))
        #expect(unknown.monitorLine.contains(" master if2 "))
    }

    @Test("the name reads back as the kernel sent it, even one InterfaceName(parsing:) would refuse")
    func nameKeptAsSent() throws {
        let link = try Self.decode(Self.message(name: "veth0") { $0.appendAttribute(IFLA.Info.kind, unterminatedString: "veth") })
        let request = VethPair(name: link.name, peerName: "veth0_p")
        #expect(request.name == "veth0" && link.name.rawValue == "veth0")
        let odd = try Self.decode(Self.message(name: "sixteen-bytes-xx") { _ in })
        #expect(odd.name.rawValue == "sixteen-bytes-xx" && odd.description.hasPrefix("5: sixteen-bytes-xx: <"))
    }

    @Test("a peer in another namespace (link-netnsid) is never named from this namespace's links")
    func peerInOtherNamespace() throws {
        let veth = try Self.decode(
            Self.message(
                name: "vethpod",
                {
                    $0.appendAttribute(IFLA.link, int32: 2)
                    $0.appendAttribute(IFLA.linkNetnsID, int32: 0)
                }
            ) { $0.appendAttribute(IFLA.Info.kind, unterminatedString: "veth") })
        let named = veth.resolvingNames { _ in ("lo", true) }
        #expect(named.parentName == nil && named.displayName == "vethpod@if2")
    }
}
