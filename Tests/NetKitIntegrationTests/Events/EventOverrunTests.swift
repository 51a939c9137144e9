import Foundation
@testable import NetKit
import Synchronization
import Testing

extension EventIntegrationTests {
    /// 20 000 routes, far more than the reader's in-memory backlog (4096) plus a 4 KiB queue hold.
    static let overrunRoutes = 20_000

    private func routesForOverrun(_ third: Int = 0) throws -> [Route] {
        try (0..<Self.overrunRoutes).map { i in
            try Route(IPNetwork(parsing: "10.\(100 + third + i / 65536).\(i / 256 % 256).\(i % 256)/32"), via: "10.0.0.2")
        }
    }

    @Test("a real overrun (4 KiB queue, up to 20 000 route adds, consumer not reading) is reported and snapshot mode resynchronises")
    func overrunResynchronises() async throws {
        let ns = try TestNamespace("ev")
        let net = ns.net
        try ns.makeEventVeth()
        // A reader slower than the writer (an emulated guest) sees the overrun while routes are
        // still going in; the gate then stops the writer before the resynchronising dump, so
        // the resync meets a namespace at rest however slow the machine.
        let gate = ChurnGate()
        let events = try ns.namespace.events(
            .routes, snapshot: true, receiveBufferSize: 4096,
            probe: SnapshotProbe(beforeDump: gate.quiesce))
        #expect(events.receiveBufferSize < 64 * 1024, "the kernel granted a small queue (\(events.receiveBufferSize) bytes)")
        let routes = try routesForOverrun()
        let marker = try Route("10.99.0.0/24", via: "10.0.0.2")

        struct Figures: Sendable {
            var model: Set<Route> = []
            var added = 0
            var liveBeforeOverrun = 0
            var overruns = 0
            var resyncEntries = 0
            var resynchronized = false
            var initialSnapshot = false
            /// Additions of a route already held, removals of one not held: gaps or duplicates.
            var duplicates: [String] = []
        }
        let figures = try await withWatchdog {
            var figures = Figures()
            var rebuilding = false
            var iterator = events.makeAsyncIterator()
            while let event = try await iterator.next() {
                switch event {
                case .existing(.route(let route)):
                    if rebuilding { figures.resyncEntries += 1 }
                    if !figures.model.insert(route).inserted { figures.duplicates.append("existing twice: \(route)") }
                case .snapshotComplete:
                    // Only now, with the first snapshot read, stop reading while the routes go in.
                    figures.initialSnapshot = true
                    figures.added = try gate.add(routes, on: net)
                case .routeAdded(let route):
                    if figures.overruns == 0 { figures.liveBeforeOverrun += 1 }
                    if !figures.model.insert(route).inserted { figures.duplicates.append("added while present: \(route)") }
                case .routeRemoved(let route):
                    if figures.model.remove(route) == nil { figures.duplicates.append("removed while absent: \(route)") }
                case .overrun:
                    figures.overruns += 1
                    rebuilding = true
                    figures.model.removeAll()  // what the documentation tells consumers to do
                case .resynchronized:
                    rebuilding = false
                    if !figures.resynchronized { try await net.addRoute(marker) }  // following live again?
                    figures.resynchronized = true
                default:
                    break
                }
                // Done once the marker is in a complete state (live, or in a later resync).
                if figures.resynchronized, !rebuilding, figures.model.contains(where: { $0.destination == marker.destination }) { break }
            }
            return figures
        }
        #expect(figures.initialSnapshot)
        #expect(figures.overruns >= 1, "the kernel reported ENOBUFS and NetKit passed it on")
        #expect(figures.resynchronized)
        #expect(figures.duplicates.isEmpty, "the resynchronised stream neither repeats nor skips: \(figures.duplicates.prefix(10))")
        // How many arrive first depends on how fast the reader thread kept up before pausing at
        // its backlog limit; never all of them.
        #expect(figures.liveBeforeOverrun < figures.added, "some notifications were really lost")
        #expect(figures.resyncEntries >= figures.added, "the new snapshot holds every route")
        // IPv4 only: the kernel adds IPv6 link-local routes on its own schedule (addrconf), which
        // may land after the marker; every IPv4 route here comes from the test.
        let kernel = await Set(try net.routes(filter: RouteFilter(family: .ipv4)))
        let model = figures.model.filter { $0.family == .ipv4 }
        #expect(model == kernel, "the rebuilt state is the kernel's (\(model.count) vs \(kernel.count) IPv4 routes)")
        #expect(try ns.ip("-4", "route", "show", "table", "main").count == figures.added + 2, "iproute2 agrees: added + connected + marker")
        print(
            "overrun figures: receive queue \(events.receiveBufferSize) bytes, \(figures.added) routes added, "
                + "\(figures.liveBeforeOverrun) live events before the overrun, \(figures.overruns) overrun(s), "
                + "\(figures.resyncEntries) routes in the resynchronised snapshot")
    }

    @Test("an overrun without snapshot mode is reported as .overrun, and live events continue after it")
    func overrunInFollowMode() async throws {
        let ns = try TestNamespace("ev")
        let net = ns.net
        try ns.makeEventVeth()
        let events = try ns.namespace.events([.links, .routes], receiveBufferSize: 4096)
        await #expect(try net.addRoutes(try routesForOverrun()).allSatisfy { $0.succeeded })

        let (overrun, routeEvents, changeAfterOverrun) = try await withWatchdog {
            var overruns = 0
            var routeEvents = 0
            var iterator = events.makeAsyncIterator()
            while let event = try await iterator.next() {
                switch event {
                case .overrun:
                    // A change made after the loss must arrive. With an 8 KiB queue its own
                    // notifications may overflow it again; then the next overrun asks anew.
                    overruns += 1
                    try await net.setAlias("veth1_p", to: "after-overrun-\(overruns)")
                case .routeAdded:
                    routeEvents += 1
                case .linkChanged(let link) where link.name == "veth1_p" && link.alias == "after-overrun-\(overruns)":
                    return (overruns > 0, routeEvents, true)
                default:
                    break
                }
            }
            return (overruns > 0, routeEvents, false)
        }
        #expect(overrun)
        #expect(routeEvents < Self.overrunRoutes, "notifications were lost (\(routeEvents) of \(Self.overrunRoutes) arrived)")
        #expect(changeAfterOverrun, "the subscription kept following after the overrun")
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }
}

/// Runs `body` in a task that is cancelled after `seconds` — cancelling ends the subscription it
/// iterates, so a missing event fails the test instead of hanging it.
func withWatchdog<T: Sendable>(seconds: Double = 120, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let work = Task { try await body() }
    let watchdog = Task {
        try await Task.sleep(for: .seconds(seconds))
        work.cancel()
    }
    defer { watchdog.cancel() }
    return try await work.value
}

/// The overrun test's writer and the reader thread's resynchronising dump, kept apart: when a
/// dump is about to start while the writer is still adding routes, the writer stops after its
/// current batch and the dump waits for that. A writer that kept adding would overflow the
/// 4 KiB queue during every snapshot attempt on a machine where the reader is slow.
final class ChurnGate: Sendable {
    private enum State { case idle, writing, stopRequested, stopped }
    private let state = Mutex(State.idle)
    private let writerStopped = DispatchSemaphore(value: 0)

    /// Writer: adds `routes` in batches, in order, until all are in or a dump asks it to stop;
    /// returns how many it added (every batch must succeed).
    func add(_ routes: [Route], batch: Int = 500, on net: NetlinkHandle) throws -> Int {
        state.withLock { $0 = .writing }
        defer {
            let asked = state.withLock { state in
                defer { state = .stopped }
                return state == .stopRequested
            }
            if asked { writerStopped.signal() }
        }
        var added = 0
        while added < routes.count {
            let next = Array(routes[added..<min(added + batch, routes.count)])
            let results = try net.addRoutes(next)
            #expect(results.allSatisfy { $0.succeeded }, "routes \(added)..<\(added + next.count)")
            added += next.count
            if state.withLock({ $0 == .stopRequested }) { break }
        }
        return added
    }

    /// Reader thread, before a dump: a writer at work is asked to stop, and waited for (bounded
    /// by the test's watchdog in practice; the limit here only keeps the thread from hanging).
    func quiesce() {
        let wait = state.withLock { state in
            guard state == .writing else { return false }
            state = .stopRequested
            return true
        }
        if wait { _ = writerStopped.wait(timeout: .now() + 300) }
    }
}
