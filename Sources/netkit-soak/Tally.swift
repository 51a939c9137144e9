/// How many operations of each kind the soak made, and how many kernel objects batch calls
/// changed (a batch call is one operation).
struct Tally {
    enum Kind: String, CaseIterable {
        case routeAdd = "route add (one request)"
        case routeDelete = "route delete (one request)"
        case routeBatch = "route batch call (addRoutes/deleteRoutes)"
        case addressAdd = "address add"
        case addressDelete = "address delete"
        case upDown = "link set up/down"
        case dump = "dump or get"
        case handle = "netlink handle opened and closed"
        case namespace = "namespace created, opened by name or deleted"
        case linkCreate = "veth pair created"
        case linkDelete = "link deleted (one request)"
        case linkBatch = "link batch call (addLinks/deleteLinks)"
    }

    private(set) var operations = 0
    private(set) var calls: [Kind: Int] = [:]
    private(set) var objects: [Kind: Int] = [:]

    mutating func count(_ kind: Kind, objects changed: Int) {
        operations += 1
        calls[kind, default: 0] += 1
        objects[kind, default: 0] += changed
    }

    /// One line per kind: calls, and objects where a call carries several.
    var lines: [String] {
        Kind.allCases.compactMap { kind in
            guard let count = calls[kind] else { return nil }
            let carried = objects[kind, default: 0]
            return "  \(kind.rawValue): \(count)" + (carried != count ? " (\(carried) objects)" : "")
        }
    }
}
