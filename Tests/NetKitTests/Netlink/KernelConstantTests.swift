import CNetlink
@testable import NetKit
import Testing

/// NetKit keeps kernel constants in Swift; these checks pin them to the C headers.
@Suite("Kernel constants match the C headers")
struct KernelConstantTests {
    @Test func linkAttributes() {
        #expect(IFLA.address == UInt16(IFLA_ADDRESS))
        #expect(IFLA.ifname == UInt16(IFLA_IFNAME))
        #expect(IFLA.mtu == UInt16(IFLA_MTU))
        #expect(IFLA.link == UInt16(IFLA_LINK))
        #expect(IFLA.master == UInt16(IFLA_MASTER))
        #expect(IFLA.linkinfo == UInt16(IFLA_LINKINFO))
        #expect(IFLA.ifalias == UInt16(IFLA_IFALIAS))
        #expect(IFLA.group == UInt16(IFLA_GROUP))
        #expect(IFLA.netnsFD == UInt16(IFLA_NET_NS_FD))
        #expect(IFLA.linkNetnsID == UInt16(IFLA_LINK_NETNSID))
        #expect(IFLA.operstate == UInt16(IFLA_OPERSTATE))
        #expect(IFLA.txqlen == UInt16(IFLA_TXQLEN))
        #expect(IFLA.Info.kind == UInt16(IFLA_INFO_KIND))
        #expect(IFLA.Info.data == UInt16(IFLA_INFO_DATA))
        #expect(IFLA.Info.slaveKind == UInt16(IFLA_INFO_SLAVE_KIND))
        #expect(IFLA.Info.slaveData == UInt16(IFLA_INFO_SLAVE_DATA))
        #expect(IFLA.Bridge.stpState == UInt16(IFLA_BR_STP_STATE))
        #expect(IFLA.Bridge.forwardDelay == UInt16(IFLA_BR_FORWARD_DELAY))
        #expect(IFLA.Bridge.ageingTime == UInt16(IFLA_BR_AGEING_TIME))
        #expect(IFLA.Bridge.vlanFiltering == UInt16(IFLA_BR_VLAN_FILTERING))
        #expect(IFLA.BridgePort.mode == UInt16(IFLA_BRPORT_MODE))
        #expect(IFLA.BridgePort.learning == UInt16(IFLA_BRPORT_LEARNING))
        #expect(IFLA.BridgePort.unicastFlood == UInt16(IFLA_BRPORT_UNICAST_FLOOD))
        #expect(IFLA.BridgePort.portNumber == UInt16(IFLA_BRPORT_NO))
        #expect(IFLA.BridgePort.isolated == UInt16(IFLA_BRPORT_ISOLATED))
        // linux/if_tunnel.h is not imported (it pulls in linux/in6.h, which clashes with Glibc);
        // values from its enum: IFLA_IPTUN_LINK 1, LOCAL 2, REMOTE 3, TTL 4, TOS 5, PROTO 9,
        // PMTUDISC 10.
        #expect(
            [
                IFLA.IPTunnel.link, IFLA.IPTunnel.local, IFLA.IPTunnel.remote, IFLA.IPTunnel.ttl,
                IFLA.IPTunnel.tos, IFLA.IPTunnel.proto, IFLA.IPTunnel.pmtudisc,
            ] == [1, 2, 3, 4, 5, 9, 10])
    }

    @Test func messageTypesAndFlags() {
        #expect(MessageType.newLink.rawValue == UInt16(RTM_NEWLINK))
        #expect(MessageType.newRoute.rawValue == UInt16(RTM_NEWROUTE))
        #expect(MessageType.getNeighbour.rawValue == UInt16(RTM_GETNEIGH))
        #expect(MessageType.newRule.rawValue == UInt16(RTM_NEWRULE))
        #expect(MessageFlags.ack.rawValue == CNL_NLM_F_ACK)
        #expect(MessageFlags.dumpInterrupted.rawValue == CNL_NLM_F_DUMP_INTR)
        #expect(MessageFlags.dump.rawValue == CNL_NLM_F_DUMP)
        #expect(MessageFlags.create.rawValue == CNL_NLM_F_CREATE)
        #expect(MessageFlags.exclusive.rawValue == CNL_NLM_F_EXCL)
        #expect(MessageFlags.replace.rawValue == CNL_NLM_F_REPLACE)
        #expect(MessageFlags.append.rawValue == CNL_NLM_F_APPEND)
        #expect(MessageFlags.capped.rawValue == CNL_NLM_F_CAPPED)
        #expect(MessageFlags.ackTLVs.rawValue == CNL_NLM_F_ACK_TLVS)
    }

    @Test func headerLayouts() {
        #expect(MemoryLayout<InterfaceInfoHeader>.size == MemoryLayout<ifinfomsg>.size)
        #expect(MemoryLayout<InterfaceInfoHeader>.offset(of: \.index) == MemoryLayout<ifinfomsg>.offset(of: \.ifi_index))
        #expect(MemoryLayout<InterfaceInfoHeader>.offset(of: \.change) == MemoryLayout<ifinfomsg>.offset(of: \.ifi_change))
        #expect(MemoryLayout<RouteHeader>.size == MemoryLayout<rtmsg>.size)
        #expect(MemoryLayout<RouteHeader>.offset(of: \.flags) == MemoryLayout<rtmsg>.offset(of: \.rtm_flags))
        #expect(MemoryLayout<InterfaceAddressHeader>.size == 8)
        #expect(MemoryLayout<NeighbourHeader>.size == 12)
        #expect(MemoryLayout<RuleHeader>.size == 12)
    }

    @Test func shimConstants() {
        #expect(SystemCalls.networkNamespaceType == 0x4000_0000)  // CLONE_NEWNET, from CNetKitShims
        #expect(CNL_RTPROT_BIRD == 12)
        #expect(CNL_RTNH_F_ONLINK == 4)
        #expect(CNL_RT_TABLE_MAIN == 254)
    }
}
