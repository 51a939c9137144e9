#if canImport(Glibc)
    import Glibc
#endif
import Testing
@testable import NetKit

/// NetKit spells the socket constants out (see `ICMPConstants`); each must equal glibc's.
/// `ICMP_FILTER`, `ICMP6_FILTER` and `SO_EE_ORIGIN_*` are not importable and are checked against
/// the header lines cited in `ICMPConstants.swift`.
@Suite("ICMP socket constants")
struct ICMPConstantsTests {
    @Test("each constant equals the C library's")
    func matchGlibc() {
        #expect(ICMPConstants.socketDatagram == Int32(SOCK_DGRAM.rawValue))
        #expect(ICMPConstants.socketRaw == Int32(SOCK_RAW.rawValue))
        #expect(ICMPConstants.socketCloseOnExec == Int32(SOCK_CLOEXEC.rawValue))
        #expect(ICMPConstants.messageDontWait == Int32(MSG_DONTWAIT))
        #expect(ICMPConstants.messageErrorQueue == Int32(MSG_ERRQUEUE))
        #expect(ICMPConstants.levelSocket == SOL_SOCKET)
        #expect(ICMPConstants.levelRaw == SOL_RAW)
        #expect(ICMPConstants.bindToDevice == SO_BINDTODEVICE)
        #expect(ICMPConstants.protocolIP == Int32(IPPROTO_IP))
        #expect(ICMPConstants.protocolIP == SOL_IP)
        #expect(ICMPConstants.protocolICMP == Int32(IPPROTO_ICMP))
        #expect(ICMPConstants.protocolIPv6 == Int32(IPPROTO_IPV6))
        #expect(ICMPConstants.protocolIPv6 == SOL_IPV6)
        #expect(ICMPConstants.protocolICMPv6 == Int32(IPPROTO_ICMPV6))
        #expect(ICMPConstants.ipTTL == IP_TTL)
        #expect(ICMPConstants.ipReceiveError == IP_RECVERR)
        #expect(ICMPConstants.ipReceiveTTL == IP_RECVTTL)
        #expect(ICMPConstants.ipv6ReceiveError == IPV6_RECVERR)
        #expect(ICMPConstants.ipv6ReceiveHopLimit == IPV6_RECVHOPLIMIT)
        #expect(ICMPConstants.ipv6HopLimit == IPV6_HOPLIMIT)
        #expect(
            Errno.ECANCELED.rawValue == ECANCELED && Errno.ECONNREFUSED.rawValue == ECONNREFUSED && Errno.EHOSTDOWN.rawValue == EHOSTDOWN)
        #expect(Errno.ECANCELED.name == "ECANCELED" && Errno.ECONNREFUSED.name == "ECONNREFUSED")
        #expect(ICMPConstants.notSocket == ENOTSOCK)
    }

    @Test("the header-only constants have the values the kernel headers define")
    func headerOnly() {
        // linux/icmp.h: #define ICMP_FILTER 1; netinet/icmp6.h: #define ICMP6_FILTER 1
        #expect(ICMPConstants.icmpFilter == 1 && ICMPConstants.icmp6Filter == 1)
        // linux/errqueue.h: SO_EE_ORIGIN_LOCAL 1, SO_EE_ORIGIN_ICMP 2, SO_EE_ORIGIN_ICMP6 3
        #expect([ICMPConstants.originLocal, ICMPConstants.originICMP, ICMPConstants.originICMP6] == [1, 2, 3])
    }
}
