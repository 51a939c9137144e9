/// RFC 2863 operational state (`IFLA_OPERSTATE`), as `ip link` prints after `state`.
public enum OperationalState: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// `IF_OPER_UNKNOWN` (`UNKNOWN`): the driver does not report a state (e.g. `lo`, `tunl0`).
    case unknown = 0
    /// `IF_OPER_NOTPRESENT` (`NOTPRESENT`).
    case notPresent = 1
    /// `IF_OPER_DOWN` (`DOWN`).
    case down = 2
    /// `IF_OPER_LOWERLAYERDOWN` (`LOWERLAYERDOWN`): up, but the link below (a veth's peer) is down.
    case lowerLayerDown = 3
    /// `IF_OPER_TESTING` (`TESTING`).
    case testing = 4
    /// `IF_OPER_DORMANT` (`DORMANT`).
    case dormant = 5
    /// `IF_OPER_UP` (`UP`).
    case up = 6

    /// The word `ip link` prints after `state`.
    public var description: String {
        switch self {
        case .unknown: "UNKNOWN"
        case .notPresent: "NOTPRESENT"
        case .down: "DOWN"
        case .lowerLayerDown: "LOWERLAYERDOWN"
        case .testing: "TESTING"
        case .dormant: "DORMANT"
        case .up: "UP"
        }
    }
}
