/// Constants for link properties (alternative names, 64-bit statistics) and namespace ids
/// (`RTM_*LINKPROP`, `RTM_*NSID`), from linux/if_link.h, linux/rtnetlink.h and
/// linux/net_namespace.h. A unit test checks them against the C headers.
extension IFLA {
    /// `struct rtnl_link_stats64`, the counters `ip -s link` prints.
    static let stats64: UInt16 = 23
    /// The nest of a link's properties; holds one `IFLA_ALT_IFNAME` per alternative name.
    static let propList: UInt16 = 52
    /// An alternative name (`altname`), at most 127 bytes (`ALTIFNAMSIZ` - 1).
    static let altIfname: UInt16 = 53
    /// `ALTIFNAMSIZ`, including the terminating NUL.
    static let altNameSize = 128
}

extension MessageType {
    /// `RTM_NEWLINKPROP`: adds properties (alternative names) to a link.
    public static let newLinkProperty = MessageType(rawValue: 108)
    /// `RTM_DELLINKPROP`: removes properties from a link.
    public static let delLinkProperty = MessageType(rawValue: 109)
}

/// `NETNSA_*` attributes of `RTM_*NSID` messages (linux/net_namespace.h).
enum NETNSA {
    static let nsid: UInt16 = 1
    static let pid: UInt16 = 2
    static let fd: UInt16 = 3
    static let targetNsid: UInt16 = 4
    static let currentNsid: UInt16 = 5
    /// `NETNSA_NSID_NOT_ASSIGNED`: no id (in a reply), or "pick one" (in `RTM_NEWNSID`).
    static let notAssigned: Int32 = -1
}
