import Foundation
@testable import NetKit
import Testing

/// The `async` forms of the handle's operations give the blocking forms' results (cross-checked
/// with `ip -j`), and a task cancelled before its request is sent gets the typed `.cancelled`
/// error with nothing sent.
@Suite("Async forms: same results as the blocking forms and ip -j; cancellation sends nothing")
struct AsyncOperationTests {
    @Test("link add and list, address add, route add and dump: async and blocking forms agree with ip -j")
    func asyncFormsMatchBlockingFormsAndIP() async throws {
        let ns = try TestNamespace("aa")
        let net = ns.net
        try await net.add(VethPair(name: "av0", peerName: "av0p"))
        try await net.setUp("av0")
        try await net.setUp("av0p")
        try await net.waitForLink("av0", until: .operational, timeout: .seconds(5))
        try await net.waitForLink("av0p", until: .operational, timeout: .seconds(5))
        try await net.addAddress(InterfaceAddress("10.77.0.1/24", dev: "av0"))
        try await net.addAddress(InterfaceAddress("2001:db8:77::1/64", dev: "av0", noDAD: true))
        try await net.addRoute(Route("10.78.0.0/16", via: "10.77.0.254", dev: "av0"))
        // The link-local addresses' DAD ends later and adds their local routes: compare the
        // listings once the namespace has settled.
        try ns.awaitNoTentativeAddresses()

        let links = try await net.links()
        #expect(links.map(\.description) == (try Self.blockingLinks(net)).map(\.description))
        let ipLinks = try ns.ip("link", "show")
        #expect(links.map(\.name.rawValue) == ipLinks.compactMap { $0["ifname"] as? String })
        #expect(links.map { Int($0.index) } == ipLinks.compactMap { $0["ifindex"] as? Int })

        let addresses = try await net.addresses(dev: "av0")
        #expect(addresses.map(\.description) == (try Self.blockingAddresses(net)).map(\.description))
        let ipAddresses = try ns.ip("addr", "show", "dev", "av0").flatMap { $0["addr_info"] as? [[String: Any]] ?? [] }
        #expect(
            Set(addresses.map { "\($0.address)/\($0.prefixLength)" })
                == Set(ipAddresses.compactMap { info in (info["local"] as? String).map { "\($0)/\(info["prefixlen"] ?? "")" } }))

        let routes = try await net.routes()
        #expect(routes.map(\.description) == (try Self.blockingRoutes(net)).map(\.description))
        // `ip route show` lists one family of the main table at a time; routes() lists both
        // families, the local table's routes among them (`… table local`).
        let ipRoutes = try ns.ip("-4", "route", "show") + ns.ip("-6", "route", "show")
        let mainRoutes = routes.map(\.description).filter { !$0.contains(" table ") }
        #expect(
            Set(mainRoutes.compactMap { $0.split(separator: " ").first.map(String.init) })
                == Set(ipRoutes.compactMap { $0["dst"] as? String }))
        #expect(routes.contains { $0.description.hasPrefix("10.78.0.0/16 via 10.77.0.254 dev av0") })
    }

    // Synchronous functions pick the blocking forms.
    static func blockingLinks(_ net: NetlinkHandle) throws -> [Link] { try net.links() }
    static func blockingAddresses(_ net: NetlinkHandle) throws -> [InterfaceAddress] { try net.addresses(dev: "av0") }
    static func blockingRoutes(_ net: NetlinkHandle) throws -> [Route] { try net.routes() }

    @Test("a task cancelled before the request is sent throws NetKitError .cancelled, and the link is not created")
    func cancelledBeforeSendSendsNothing() async throws {
        let ns = try TestNamespace("ac")
        let net = ns.net
        let reason = await Task { () -> NetKitError.Reason? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(NetKitError) {
                try await net.add(VethPair(name: "cx0", peerName: "cx0p"))
                return nil
            } catch {
                return error.reason  // typed: `error` is a NetKitError
            }
        }.value
        #expect(reason == .cancelled)
        #expect(try ns.ip("link", "show").allSatisfy { ($0["ifname"] as? String)?.hasPrefix("cx0") != true })
    }

    @Test("a job queued behind busy I/O threads is not run when its task is cancelled; a started one completes")
    func queuedJobCancelledStartedJobCompletes() async throws {
        let ns = try TestNamespace("aq")
        let executor = NetlinkExecutor.shared
        let namespace = ns.namespace
        let gate = Gate()
        // Every I/O thread busy with a job that waits at the gate.
        let blockers = (0..<NetlinkExecutor.maximumThreads).map { index in
            Task { () throws -> Int in
                try await executor.run("blocker", in: namespace) {
                    gate.arriveAndWait(); return index
                }
            }
        }
        while gate.arrived < NetlinkExecutor.maximumThreads { try await Task.sleep(for: .milliseconds(1)) }
        let ran = Gate()
        let victim = Task { () -> NetKitError.Reason? in
            do throws(NetKitError) {
                try await executor.run("victim", in: namespace) { ran.arrive() }
                return nil
            } catch {
                return error.reason
            }
        }
        while executor.queueLength == 0 { try await Task.sleep(for: .milliseconds(1)) }
        victim.cancel()
        blockers[0].cancel()  // already running: it completes and returns its value
        gate.open()
        let victimReason = await victim.value
        #expect(victimReason == .cancelled)
        #expect(ran.arrived == 0, "the cancelled job's body ran")
        for (index, blocker) in blockers.enumerated() {
            #expect(try await blocker.value == index)
        }
    }

    @Test("the I/O threads are NetKit's (registered, named netkit-io) and stay in the initial namespace")
    func ioThreadsStayHome() async throws {
        let ns = try TestNamespace("at")
        _ = try await ns.net.links()
        // The blocking call runs on an I/O thread, never on the awaiting task's pool thread.
        let runner = try await NetlinkExecutor.shared.run("thread id", in: ns.namespace) { SystemCalls.threadID() }
        #expect(NetKitThreads.withRegistry { $0[runner]?.role } == .netlinkIO)
        let ioThreads = NetKitThreads.withRegistry { $0.filter { $0.value.role == .netlinkIO } }
        #expect((1...NetlinkExecutor.maximumThreads).contains(ioThreads.count))
        let home = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        for (tid, entry) in ioThreads {
            #expect(!entry.isAway)
            let comm = try String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8)
            #expect(comm.trimmingCharacters(in: .whitespacesAndNewlines) == NetlinkExecutor.threadName)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/task/\(tid)/ns/net") == home)
        }
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }
}

/// Counts arrivals; `arriveAndWait` blocks its (I/O) thread until `open()`.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0
    private var isOpen = false

    var arrived: Int { condition.withLock { count } }

    func arrive() { condition.withLock { count += 1 } }

    func arriveAndWait() {
        condition.lock()
        count += 1
        while !isOpen { condition.wait() }
        condition.unlock()
    }

    func open() {
        condition.withLock { isOpen = true }
        condition.broadcast()
    }
}
