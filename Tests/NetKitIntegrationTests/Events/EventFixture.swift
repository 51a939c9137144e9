import Foundation
@testable import NetKit
import Synchronization
import Testing

/// Consumes a subscription in its own task and keeps every event, so a test can make changes
/// and then wait for the events they cause.
final class EventCollector: Sendable {
    /// What the consuming task records (a class, so the task can capture it).
    private final class Record: Sendable {
        let events = Mutex<[NetworkEvent]>([])
        let failure = Mutex<NetKitError?>(nil)
        let finished = Mutex(false)
    }

    private let record = Record()
    private let task: Task<Void, Never>
    let subscription: NetworkEvents.Subscription

    init(_ events: NetworkEvents) {
        subscription = events.subscription
        task = Task { [record] in
            do {
                for try await event in events { record.events.withLock { $0.append(event) } }
            } catch {
                record.failure.withLock { $0 = NetKitError.wrap(error, operation: "test") }
            }
            record.finished.withLock { $0 = true }
        }
    }

    var events: [NetworkEvent] { record.events.withLock { $0 } }
    var error: NetKitError? { record.failure.withLock { $0 } }
    var hasFinished: Bool { record.finished.withLock { $0 } }

    /// Waits (at most `seconds`) until `condition` holds for the events so far.
    @discardableResult
    func wait(seconds: Double = 15, until condition: ([NetworkEvent]) -> Bool) async -> Bool {
        await poll(seconds: seconds) { condition(self.events) }
    }

    /// Cancels the consuming task and waits for it to end.
    func cancel() async {
        task.cancel()
        await task.value
    }
}

/// Waits, without asserting anything about time, until `condition` holds; false if it never does.
func poll(seconds: Double = 15, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try condition()
}

/// What a subscription holds in the process and in the kernel, to prove it is all released.
enum SubscriptionProbe {
    /// Threads of this process named like subscription reader threads.
    static func readerThreadIDs() -> Set<Int32> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(
            tasks.filter { tid in
                let comm = (try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)) ?? ""
                return comm.trimmingCharacters(in: .whitespacesAndNewlines) == EventReader.threadName
            }.compactMap { Int32($0) })
    }

    /// Reader threads that were not there in `before` (a set, not a count: a reader thread of an
    /// earlier test may still be on its way out when the baseline is taken).
    static func newReaderThreads(since before: Set<Int32>) -> Set<Int32> {
        readerThreadIDs().subtracting(before)
    }

    /// Descriptors of this process that refer to one of the socket inodes.
    static func openDescriptors(of inodes: [UInt64]) -> [String] {
        let wanted = Set(inodes.map { "socket:[\($0)]" })
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { fd in
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? ""
            return wanted.contains(target)
        }
    }

    static func threadExists(_ tid: Int32) -> Bool {
        tid != 0 && FileManager.default.fileExists(atPath: "/proc/self/task/\(tid)")
    }

    /// The kernel's list of `NETLINK_ROUTE` sockets in `namespace` that joined a multicast group
    /// (`/proc/net/netlink` as seen from inside it): subscription sockets.
    static func subscribedSockets(in namespace: Namespace) throws -> [String] {
        let text = try namespace.run { try String(contentsOfFile: "/proc/thread-self/net/netlink", encoding: .utf8) }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 10, fields[1] == "0", fields[3] != "00000000" else { return nil }
            return String(fields[9])
        }
    }
}

extension TestNamespace {
    /// `veth1`/`veth1_p` in this namespace, both up, `10.0.0.1/24` on veth1 (so routes via
    /// 10.0.0.2 can be added).
    func makeEventVeth() throws {
        try net.add(VethPair(name: "veth1", peerName: "veth1_p"))
        try net.setUp("veth1")
        try net.setUp("veth1_p")
        try net.addAddress(InterfaceAddress("10.0.0.1/24", dev: "veth1"))
    }
}

extension Array where Element == NetworkEvent {
    /// Position of the first event after `start` that satisfies `match`.
    func firstIndex(after start: Int, where match: (NetworkEvent) -> Bool) -> Int? {
        guard start + 1 < count else { return nil }
        return self[(start + 1)...].firstIndex(where: match)
    }
}
