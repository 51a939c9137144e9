import Logging

/// A connection to the routing netlink of one network namespace: the object every link,
/// address, route, neighbour and rule operation is a method of.
///
/// Its socket was created on a NetKit thread inside ``namespace``, so every request acts
/// there, whatever thread or task sends it — unlike libraries whose package-level functions act
/// on "the current thread's namespace". A handle is `Sendable`: share one between tasks, or open
/// one per task; requests on one handle are serialised.
///
/// Every operation has a blocking form and an `async` form of the same name: synchronous code
/// gets the first, which waits for the kernel on the calling thread; async code gets the
/// second (`try await net.setUp("lo")`), which hands the call to a NetKit I/O thread so that no
/// thread of Swift's cooperative pool waits. A task cancelled before the request is sent throws
/// ``NetKitError/Reason/cancelled`` and sends nothing; a request already sent completes.
///
///     let pod = try Namespace.anonymous()
///     let net = try pod.netlink()
///     try net.setUp("lo")
///
/// Diagnostics are optional: given a `Logger` (swift-log), the handle logs each request at
/// trace level as the `ip`/`bridge`/`tc` command it mirrors (`ip addr add 10.0.0.1/24 dev
/// veth0`) and each error the kernel answers with at debug level. Without one nothing is logged
/// and nothing is formatted for a log.
///
/// A handle in a namespace under `/run/netns` is a ``NamedNetlinkHandle``, whose name is not
/// optional (`Namespace.createWithNetlink(named:)` returns one).
// Not final only for NamedNetlinkHandle; public, not open. Every stored property is an
// immutable Sendable value, so the conformance holds as the compiler's would.
public class NetlinkHandle: @unchecked Sendable {
    /// The namespace every request of this handle acts in.
    public let namespace: Namespace
    let socket: NetlinkSocket

    /// The diagnostics this handle writes to, if any (see ``init(namespace:logger:)``).
    public var logger: Logger? { socket.log.logger }

    /// Opens a netlink socket inside `namespace` (on a NetKit thread that entered it, unless the
    /// calling thread is there already).
    ///
    /// - Parameters:
    ///   - namespace: the namespace every request of the handle acts in.
    ///   - logger: where to log each request (trace level, as the `ip`/`bridge`/`tc` command it
    ///     mirrors) and each kernel error (debug level); `nil`, the default, logs nothing.
    public init(namespace: Namespace, logger: Logger? = nil) throws(NetKitError) {
        self.namespace = namespace
        if namespace.isCurrentThreadNamespace {
            socket = try NetlinkSocket(logger: logger)
        } else {
            socket = try NamespaceWorker.run(
                .enter(fileDescriptor: namespace.fileDescriptor),
                operation: "open netlink socket in \(namespace)"
            ) { () throws(NetKitError) -> NetlinkSocket in
                try NetlinkSocket(logger: logger)
            }
        }
    }

    /// A handle on a socket already opened inside `namespace` (see
    /// `Namespace.createWithNetlink(named:)`).
    init(namespace: Namespace, socket: NetlinkSocket) {
        self.namespace = namespace
        self.socket = socket
    }
}
