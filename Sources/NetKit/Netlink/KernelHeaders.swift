/// The fixed family headers of rtnetlink messages, laid out exactly like the kernel's C structs
/// (a unit test compares sizes and offsets with the uapi headers), so that code above the
/// netlink layer never imports C.

/// `struct ifinfomsg` (RTM_*LINK)
struct InterfaceInfoHeader: BitwiseCopyable {
    var family: UInt8 = 0
    var pad: UInt8 = 0
    var type: UInt16 = 0
    var index: Int32 = 0
    var flags: UInt32 = 0
    var change: UInt32 = 0
}

/// `struct ifaddrmsg` (RTM_*ADDR)
struct InterfaceAddressHeader: BitwiseCopyable {
    var family: UInt8 = 0
    var prefixLength: UInt8 = 0
    var flags: UInt8 = 0
    var scope: UInt8 = 0
    var index: UInt32 = 0
}

/// `struct rtmsg` (RTM_*ROUTE)
struct RouteHeader: BitwiseCopyable {
    var family: UInt8 = 0
    var destinationLength: UInt8 = 0
    var sourceLength: UInt8 = 0
    var tos: UInt8 = 0
    var table: UInt8 = 0
    var protocolID: UInt8 = 0
    var scope: UInt8 = 0
    var type: UInt8 = 0
    var flags: UInt32 = 0
}

/// `struct ndmsg` (RTM_*NEIGH)
struct NeighbourHeader: BitwiseCopyable {
    var family: UInt8 = 0
    var pad1: UInt8 = 0
    var pad2: UInt16 = 0
    var index: Int32 = 0
    var state: UInt16 = 0
    var flags: UInt8 = 0
    var type: UInt8 = 0
}

/// `struct fib_rule_hdr` (RTM_*RULE)
struct RuleHeader: BitwiseCopyable {
    var family: UInt8 = 0
    var destinationLength: UInt8 = 0
    var sourceLength: UInt8 = 0
    var tos: UInt8 = 0
    var table: UInt8 = 0
    var reserved1: UInt8 = 0
    var reserved2: UInt8 = 0
    var action: UInt8 = 0
    var flags: UInt32 = 0
}

/// `struct rtgenmsg`, padded as iproute2 sends it.
struct GenericHeader: BitwiseCopyable {
    var family: UInt8 = 0
}
