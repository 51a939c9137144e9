/// The socket-API numbers the ping probe uses. Spelled out because inside NetKit the C headers
/// that define them belong to the `CNetlink` module (which includes `<sys/socket.h>` and the
/// uapi headers) and only `Netlink/` imports it; `ICMPConstantsTests` checks each against Glibc.
enum ICMPConstants {
    // <bits/socket_type.h>
    static let socketDatagram: Int32 = 2  // SOCK_DGRAM
    static let socketRaw: Int32 = 3  // SOCK_RAW
    static let socketCloseOnExec: Int32 = 0o2000000  // SOCK_CLOEXEC
    // <bits/socket.h>
    static let messageDontWait: Int32 = 0x40  // MSG_DONTWAIT
    static let messageErrorQueue: Int32 = 0x2000  // MSG_ERRQUEUE
    static let levelSocket: Int32 = 1  // SOL_SOCKET
    static let levelRaw: Int32 = 255  // SOL_RAW
    // <asm-generic/socket.h>
    static let bindToDevice: Int32 = 25  // SO_BINDTODEVICE
    // <netinet/in.h>, <linux/in.h>, <linux/in6.h>
    static let protocolIP: Int32 = 0  // IPPROTO_IP (= SOL_IP)
    static let protocolICMP: Int32 = 1  // IPPROTO_ICMP
    static let protocolIPv6: Int32 = 41  // IPPROTO_IPV6 (= SOL_IPV6)
    static let protocolICMPv6: Int32 = 58  // IPPROTO_ICMPV6
    static let ipTTL: Int32 = 2  // IP_TTL: the cmsg type IP_RECVTTL delivers
    static let ipReceiveError: Int32 = 11  // IP_RECVERR
    static let ipReceiveTTL: Int32 = 12  // IP_RECVTTL
    static let ipv6ReceiveError: Int32 = 25  // IPV6_RECVERR
    static let ipv6ReceiveHopLimit: Int32 = 51  // IPV6_RECVHOPLIMIT
    static let ipv6HopLimit: Int32 = 52  // IPV6_HOPLIMIT: the cmsg type IPV6_RECVHOPLIMIT delivers
    // <linux/icmp.h> `#define ICMP_FILTER 1`, <netinet/icmp6.h> `#define ICMP6_FILTER 1`
    static let icmpFilter: Int32 = 1
    static let icmp6Filter: Int32 = 1
    // <linux/errqueue.h>
    static let originLocal: UInt8 = 1  // SO_EE_ORIGIN_LOCAL
    static let originICMP: UInt8 = 2  // SO_EE_ORIGIN_ICMP
    static let originICMP6: UInt8 = 3  // SO_EE_ORIGIN_ICMP6
    // <asm-generic/errno.h>
    static let notSocket: Int32 = 88  // ENOTSOCK
}
