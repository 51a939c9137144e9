/// A netlink message type (`nlmsghdr.nlmsg_type`) with the name the kernel headers give it:
/// the request an error's ``NetKitError/Operation`` sent (`RTM_NEWROUTE` is ``newRoute``).
///
/// An open set, like ``Errno``: compare with the named constants, or with ``rawValue`` for
/// any other type.
public struct MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noop = MessageType(rawValue: 1)
    public static let error = MessageType(rawValue: 2)
    public static let done = MessageType(rawValue: 3)
    public static let overrun = MessageType(rawValue: 4)

    public static let newLink = MessageType(rawValue: 16)
    public static let delLink = MessageType(rawValue: 17)
    public static let getLink = MessageType(rawValue: 18)
    public static let setLink = MessageType(rawValue: 19)
    public static let newAddress = MessageType(rawValue: 20)
    public static let delAddress = MessageType(rawValue: 21)
    public static let getAddress = MessageType(rawValue: 22)
    public static let newRoute = MessageType(rawValue: 24)
    public static let delRoute = MessageType(rawValue: 25)
    public static let getRoute = MessageType(rawValue: 26)
    public static let newNeighbour = MessageType(rawValue: 28)
    public static let delNeighbour = MessageType(rawValue: 29)
    public static let getNeighbour = MessageType(rawValue: 30)
    public static let newRule = MessageType(rawValue: 32)
    public static let delRule = MessageType(rawValue: 33)
    public static let getRule = MessageType(rawValue: 34)
    public static let newQdisc = MessageType(rawValue: 36)
    public static let delQdisc = MessageType(rawValue: 37)
    public static let getQdisc = MessageType(rawValue: 38)
    public static let newClass = MessageType(rawValue: 40)
    public static let delClass = MessageType(rawValue: 41)
    public static let getClass = MessageType(rawValue: 42)
    public static let newFilter = MessageType(rawValue: 44)
    public static let delFilter = MessageType(rawValue: 45)
    public static let getFilter = MessageType(rawValue: 46)
    public static let newNSID = MessageType(rawValue: 88)
    public static let getNSID = MessageType(rawValue: 90)

    public var description: String {
        switch rawValue {
        case 1: "NLMSG_NOOP"
        case 2: "NLMSG_ERROR"
        case 3: "NLMSG_DONE"
        case 16: "RTM_NEWLINK"
        case 17: "RTM_DELLINK"
        case 18: "RTM_GETLINK"
        case 19: "RTM_SETLINK"
        case 20: "RTM_NEWADDR"
        case 21: "RTM_DELADDR"
        case 22: "RTM_GETADDR"
        case 24: "RTM_NEWROUTE"
        case 25: "RTM_DELROUTE"
        case 26: "RTM_GETROUTE"
        case 28: "RTM_NEWNEIGH"
        case 29: "RTM_DELNEIGH"
        case 30: "RTM_GETNEIGH"
        case 32: "RTM_NEWRULE"
        case 33: "RTM_DELRULE"
        case 34: "RTM_GETRULE"
        case 36: "RTM_NEWQDISC"
        case 37: "RTM_DELQDISC"
        case 38: "RTM_GETQDISC"
        case 40: "RTM_NEWTCLASS"
        case 41: "RTM_DELTCLASS"
        case 42: "RTM_GETTCLASS"
        case 44: "RTM_NEWTFILTER"
        case 45: "RTM_DELTFILTER"
        case 46: "RTM_GETTFILTER"
        case 88: "RTM_NEWNSID"
        case 90: "RTM_GETNSID"
        case 108: "RTM_NEWLINKPROP"
        case 109: "RTM_DELLINKPROP"
        default: "message type \(rawValue)"
        }
    }
}

/// `nlmsghdr.nlmsg_flags` bits.
struct MessageFlags: OptionSet, Hashable, Sendable {
    var rawValue: UInt16
    static let request = MessageFlags(rawValue: 0x1)
    static let multi = MessageFlags(rawValue: 0x2)
    static let ack = MessageFlags(rawValue: 0x4)
    static let dumpInterrupted = MessageFlags(rawValue: 0x10)
    // GET requests
    static let root = MessageFlags(rawValue: 0x100)
    static let match = MessageFlags(rawValue: 0x200)
    static let dump: MessageFlags = [.root, .match]
    // NEW requests
    static let replace = MessageFlags(rawValue: 0x100)
    static let exclusive = MessageFlags(rawValue: 0x200)
    static let create = MessageFlags(rawValue: 0x400)
    static let append = MessageFlags(rawValue: 0x800)
    // NLMSG_ERROR
    static let capped = MessageFlags(rawValue: 0x100)
    static let ackTLVs = MessageFlags(rawValue: 0x200)
}
