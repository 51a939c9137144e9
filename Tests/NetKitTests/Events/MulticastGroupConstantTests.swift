import CNetlink
@testable import NetKit
import Testing

@Suite("Events: multicast group numbers match linux/rtnetlink.h")
struct MulticastGroupConstantTests {
    @Test func groups() {
        #expect(RTNLGRP.link == RTNLGRP_LINK.rawValue)
        #expect(RTNLGRP.neighbour == RTNLGRP_NEIGH.rawValue)
        #expect(RTNLGRP.ipv4Address == RTNLGRP_IPV4_IFADDR.rawValue)
        #expect(RTNLGRP.ipv4Route == RTNLGRP_IPV4_ROUTE.rawValue)
        #expect(RTNLGRP.ipv4Rule == RTNLGRP_IPV4_RULE.rawValue)
        #expect(RTNLGRP.ipv6Address == RTNLGRP_IPV6_IFADDR.rawValue)
        #expect(RTNLGRP.ipv6Route == RTNLGRP_IPV6_ROUTE.rawValue)
        #expect(RTNLGRP.ipv6Rule == RTNLGRP_IPV6_RULE.rawValue)
    }
}
