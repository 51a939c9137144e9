import CNetlink
import Testing
@testable import NetKit

@Suite("Routes: kernel constants match the C headers")
struct RouteAttributesTests {
    @Test("RTA_* attribute numbers")
    func attributeNumbers() {
        let pairs: [(UInt16, UInt32)] = [
            (RTA.dst, RTA_DST.rawValue), (RTA.src, RTA_SRC.rawValue), (RTA.iif, RTA_IIF.rawValue),
            (RTA.oif, RTA_OIF.rawValue), (RTA.gateway, RTA_GATEWAY.rawValue), (RTA.priority, RTA_PRIORITY.rawValue),
            (RTA.prefsrc, RTA_PREFSRC.rawValue), (RTA.metrics, RTA_METRICS.rawValue), (RTA.multipath, RTA_MULTIPATH.rawValue),
            (RTA.flow, RTA_FLOW.rawValue), (RTA.cacheinfo, RTA_CACHEINFO.rawValue), (RTA.table, RTA_TABLE.rawValue),
            (RTA.mark, RTA_MARK.rawValue), (RTA.via, RTA_VIA.rawValue), (RTA.pref, RTA_PREF.rawValue),
            (RTA.expires, RTA_EXPIRES.rawValue), (RTA.uid, RTA_UID.rawValue), (RTA.nexthopID, RTA_NH_ID.rawValue),
        ]
        for (swift, c) in pairs { #expect(UInt32(swift) == c) }
    }

    @Test("RTAX_* metric numbers")
    func metricNumbers() {
        #expect(Int32(RTA.Metric.lock) == RTAX_LOCK)
        #expect(Int32(RTA.Metric.mtu) == RTAX_MTU)
        #expect(Int32(RTA.Metric.rtt) == RTAX_RTT)
        #expect(Int32(RTA.Metric.rttvar) == RTAX_RTTVAR)
        #expect(Int32(RTA.Metric.advmss) == RTAX_ADVMSS)
        #expect(Int32(RTA.Metric.hoplimit) == RTAX_HOPLIMIT)
        #expect(Int32(RTA.Metric.features) == RTAX_FEATURES)
        #expect(Int32(RTA.Metric.rtoMin) == RTAX_RTO_MIN)
        #expect(Int32(RTA.Metric.ccAlgo) == RTAX_CC_ALGO)
        #expect(Int32(RTA.Metric.max) == RTAX_FASTOPEN_NO_COOKIE)
        #expect(Int32(RTA.Metric.featureECN) == RTAX_FEATURE_ECN)
    }

    @Test("RTN_* route types, RTPROT_*, RT_SCOPE_* and RT_TABLE_*")
    func enumerations() {
        let types: [(RouteType, UInt32)] = [
            (.unspec, UInt32(RTN_UNSPEC)), (.unicast, UInt32(RTN_UNICAST)), (.local, UInt32(RTN_LOCAL)),
            (.broadcast, UInt32(RTN_BROADCAST)), (.anycast, UInt32(RTN_ANYCAST)), (.multicast, UInt32(RTN_MULTICAST)),
            (.blackhole, UInt32(RTN_BLACKHOLE)), (.unreachable, UInt32(RTN_UNREACHABLE)), (.prohibit, UInt32(RTN_PROHIBIT)),
            (.throw, UInt32(RTN_THROW)), (.nat, UInt32(RTN_NAT)), (.xresolve, UInt32(RTN_XRESOLVE)),
        ]
        for (type, c) in types { #expect(UInt32(type.rawValue) == c) }
        let protocols: [(RouteProtocol, Int32)] = [
            (.unspec, RTPROT_UNSPEC), (.redirect, RTPROT_REDIRECT), (.kernel, RTPROT_KERNEL), (.boot, RTPROT_BOOT),
            (.static, RTPROT_STATIC), (.gated, RTPROT_GATED), (.ra, RTPROT_RA), (.mrt, RTPROT_MRT), (.zebra, RTPROT_ZEBRA),
            (.bird, RTPROT_BIRD), (.dnrouted, RTPROT_DNROUTED), (.xorp, RTPROT_XORP), (.ntk, RTPROT_NTK), (.dhcp, RTPROT_DHCP),
            (.mrouted, RTPROT_MROUTED), (.keepalived, RTPROT_KEEPALIVED), (.babel, RTPROT_BABEL), (.openr, RTPROT_OPENR),
            (.bgp, RTPROT_BGP), (.isis, RTPROT_ISIS), (.ospf, RTPROT_OSPF), (.rip, RTPROT_RIP), (.eigrp, RTPROT_EIGRP),
        ]
        for (proto, c) in protocols { #expect(Int32(proto.rawValue) == c, "\(proto)") }
        #expect(UInt32(RouteScope.global.rawValue) == RT_SCOPE_UNIVERSE.rawValue)
        #expect(UInt32(RouteScope.site.rawValue) == RT_SCOPE_SITE.rawValue)
        #expect(UInt32(RouteScope.link.rawValue) == RT_SCOPE_LINK.rawValue)
        #expect(UInt32(RouteScope.host.rawValue) == RT_SCOPE_HOST.rawValue)
        #expect(UInt32(RouteScope.nowhere.rawValue) == RT_SCOPE_NOWHERE.rawValue)
        #expect(RouteTable.main.rawValue == CNL_RT_TABLE_MAIN)
        #expect(RouteTable.local.rawValue == CNL_RT_TABLE_LOCAL)
        #expect(RouteTable.default.rawValue == CNL_RT_TABLE_DEFAULT)
        #expect(RTTable.compat == RT_TABLE_COMPAT.rawValue)
    }

    @Test("RTM_F_* and RTNH_F_* flags")
    func flags() {
        #expect(Int32(RTMFlag.notify) == RTM_F_NOTIFY)
        #expect(Int32(RTMFlag.cloned) == RTM_F_CLONED)
        #expect(Int32(RTMFlag.lookupTable) == RTM_F_LOOKUP_TABLE)
        #expect(Int32(RTMFlag.fibMatch) == RTM_F_FIB_MATCH)
        #expect(Int32(RTMFlag.offload) == RTM_F_OFFLOAD)
        #expect(Int32(RTMFlag.trap) == RTM_F_TRAP)
        #expect(Int32(RTMFlag.offloadFailed) == RTM_F_OFFLOAD_FAILED)
        #expect(Int32(RTNHFlag.dead) == RTNH_F_DEAD)
        #expect(Int32(RTNHFlag.pervasive) == RTNH_F_PERVASIVE)
        #expect(Int32(RTNHFlag.onlink) == RTNH_F_ONLINK)
        #expect(Int32(RTNHFlag.offload) == RTNH_F_OFFLOAD)
        #expect(Int32(RTNHFlag.linkdown) == RTNH_F_LINKDOWN)
        #expect(Int32(RTNHFlag.unresolved) == RTNH_F_UNRESOLVED)
        #expect(Int32(RTNHFlag.trap) == RTNH_F_TRAP)
    }

    @Test("RTCF_* cache flags (linux/in_route.h, not included by CNetlink: values from its #defines)")
    func cacheFlags() {
        // /usr/include/linux/in_route.h: RTCF_NOTIFY 0x00010000 … RTCF_LOCAL 0x80000000
        #expect(RTCF.notify == 0x0001_0000)
        #expect(RTCF.redirected == 0x0004_0000)
        #expect(RTCF.doRedirect == 0x0100_0000)
        #expect(RTCF.directSource == 0x0400_0000)
        #expect(RTCF.destinationNAT == 0x0800_0000)
        #expect(RTCF.broadcast == 0x1000_0000)
        #expect(RTCF.multicast == 0x2000_0000)
        #expect(RTCF.reject == 0x4000_0000)
        #expect(RTCF.local == 0x8000_0000)
    }

    @Test("struct rtnexthop, rta_cacheinfo and rtmsg layouts")
    func layouts() {
        #expect(MemoryLayout<RouteNextHopHeader>.size == MemoryLayout<rtnexthop>.size)
        #expect(MemoryLayout<RouteNextHopHeader>.offset(of: \.index) == MemoryLayout<rtnexthop>.offset(of: \.rtnh_ifindex))
        #expect(MemoryLayout<RouteNextHopHeader>.offset(of: \.hops) == MemoryLayout<rtnexthop>.offset(of: \.rtnh_hops))
        #expect(MemoryLayout<RouteCacheInfo>.size == MemoryLayout<rta_cacheinfo>.size)
        #expect(MemoryLayout<RouteCacheInfo>.offset(of: \.expires) == MemoryLayout<rta_cacheinfo>.offset(of: \.rta_expires))
        #expect(MemoryLayout<RouteCacheInfo>.offset(of: \.error) == MemoryLayout<rta_cacheinfo>.offset(of: \.rta_error))
        #expect(MemoryLayout<RouteHeader>.size == MemoryLayout<rtmsg>.size)
    }
}
