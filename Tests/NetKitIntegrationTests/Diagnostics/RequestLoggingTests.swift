import Logging
import NetKit
import Testing

/// A handle's optional diagnostics: requests at trace level as the `ip` commands they mirror,
/// kernel errors at debug level, nothing without a logger or below the logger's level.
@Suite("Request logging")
struct RequestLoggingTests {
    @Test("each request is one trace line, the ip command it mirrors")
    func traceLines() throws {
        try requirePrivilege()
        let (logger, store) = MemoryLogHandler.logger(level: .trace)
        let net = try Namespace.anonymous().netlink(logger: logger)
        #expect(net.logger != nil)
        try net.add(VethPair(name: "lg0", peerName: "lg1"))
        try net.setUp("lg0")
        try net.addAddress(InterfaceAddress("10.79.0.1/24", dev: "lg0"))
        try net.deleteLink("lg0")
        #expect(
            store.messages(at: .trace) == [
                "ip link add lg0 type veth peer name lg1",
                "ip link set dev lg0 up",
                "ip link show dev lg0",  // the index addAddress resolves the name to
                "ip addr add 10.79.0.1/24 dev lg0",
                "ip link del dev lg0",
            ])
        #expect(store.messages(at: .debug).isEmpty)
    }

    @Test("a kernel error is logged at debug level with its errno; a batch names each route")
    func kernelErrorAtDebug() throws {
        try requirePrivilege()
        let (logger, store) = MemoryLogHandler.logger(level: .trace)
        let net = try Namespace.anonymous().netlink(logger: logger)
        try net.setUp("lo")
        #expect(throws: NetKitError.self) { try net.deleteLink("lg9") }
        let debug = store.messages(at: .debug)
        #expect(debug.count == 1)
        #expect(debug.first?.contains("ip link del") == true)
        #expect(debug.first?.contains("ENODEV") == true)

        let routes = [try Route("10.81.0.0/24", dev: "lo"), try Route("10.81.0.0/24", dev: "lo")]
        let results = try net.addRoutes(routes)
        #expect(results.filter { $0.error != nil }.count == 1)
        // The links are listed first, to resolve `dev lo`; the routes go out in one batch.
        #expect(
            Array(store.messages(at: .trace).suffix(3))
                == ["ip link show", "ip route add 10.81.0.0/24 dev lo scope link", "ip route add 10.81.0.0/24 dev lo scope link"])
        #expect(store.messages(at: .debug).last?.contains("EEXIST") == true)
    }

    @Test("a logger above trace level receives nothing for successful requests")
    func levelRespected() throws {
        try requirePrivilege()
        let (logger, store) = MemoryLogHandler.logger(level: .info)
        let net = try Namespace.anonymous().netlink(logger: logger)
        try net.setUp("lo")
        _ = try net.links()
        #expect(throws: NetKitError.self) { try net.deleteLink("lg9") }
        #expect(store.all.isEmpty)
    }

    @Test("without a logger the handle has none and logs nothing through the global logging system")
    func noLogger() throws {
        try requirePrivilege()
        let net = try Namespace.anonymous().netlink()
        #expect(net.logger == nil)
        let before = GlobalLog.store.all.count
        try net.setUp("lo")
        _ = try net.links()
        #expect(throws: NetKitError.self) { try net.deleteLink("lg9") }
        #expect(GlobalLog.store.all.count == before)
    }
}

/// Every message any `Logger(label:)` made without an explicit handler logs in this process:
/// the logging system is bootstrapped once, into this store.
enum GlobalLog {
    static let store: MemoryLogHandler.Store = {
        let store = MemoryLogHandler.Store()
        LoggingSystem.bootstrap { _ in MemoryLogHandler(store: store, logLevel: .trace) }
        return store
    }()
}
