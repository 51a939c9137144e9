/// The options of a `prio` qdisc: `tc qdisc add dev eth0 root handle 1: prio bands 3`.
public struct Prio: Sendable, Hashable, CustomStringConvertible {
    /// `tc`'s (and the kernel's) default map from packet priority to band.
    public static let defaultPriorityMap: [UInt8] = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]

    /// Bands, 2–16 (`bands`, default 3).
    public var bands: UInt32
    /// The band of each of the 16 packet priorities (`priomap`).
    public var priorityMap: [UInt8]

    public init(bands: UInt32 = 3, priorityMap: [UInt8] = Prio.defaultPriorityMap) {
        self.bands = bands
        self.priorityMap = priorityMap
    }

    /// `bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1`, as `tc qdisc show` prints it.
    public var description: String {
        "bands \(bands) priomap " + priorityMap.map(String.init).joined(separator: " ")
    }

    func validate(operation: NetKitError.Operation) throws(NetKitError) {
        guard (2...16).contains(bands) else {
            throw NetKitError.invalidInput("prio takes 2 to 16 bands, not \(bands)", operation: operation)
        }
        guard priorityMap.count == 16, priorityMap.allSatisfy({ UInt32($0) < bands }) else {
            throw NetKitError.invalidInput("a prio priomap has 16 bands, each below \(bands): \(priorityMap)", operation: operation)
        }
    }
}

/// The options of a `pfifo` qdisc: `tc qdisc add dev eth0 root pfifo limit 100`.
public struct PFIFO: Sendable, Hashable, CustomStringConvertible {
    /// Packets the queue holds (`limit`; by default the device's `txqueuelen`).
    public var limit: UInt32?

    public init(limit: UInt32? = nil) { self.limit = limit }

    /// `limit 100p`, as `tc qdisc show` prints it.
    public var description: String { limit.map { "limit \($0)p" } ?? "" }
}
