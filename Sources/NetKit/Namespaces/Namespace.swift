#if canImport(Glibc)
    import Glibc
#endif
import Logging

/// A Linux network namespace, held open by a file descriptor for as long as this value lives.
///
/// Every NetKit operation names the namespace it acts in: open a ``NetlinkHandle`` *inside* a
/// namespace with ``netlink(logger:)``, or run thread-bound work (sysctls, ordinary sockets,
/// `if_nametoindex`) in it with ``run(_:)`` / ``perform(_:)``. NetKit never changes the namespace
/// of a thread it does not own, and never that of a Swift-concurrency thread.
///
/// - ``create(named:)`` mirrors `ip netns add NAME`, ``delete(named:whenInUse:)`` `ip netns del NAME`,
///   ``namedNamespaces()`` `ip netns list`.
/// - ``anonymous()`` makes a namespace held only by this value: it disappears when the value and
///   every socket opened in it are gone, so nothing leaks even if the process crashes.
///
/// A namespace under `/run/netns` is a ``NamedNamespace``, whose ``NamedNamespace/name`` is not
/// optional: ``create(named:)`` and ``open(named:)`` return one. Any other origin (a path, a
/// process, the initial namespace, an anonymous one) is a plain `Namespace`; ``origin`` says
/// which, for both.
// Not final only for NamedNamespace; public, not open: no subclass outside NetKit. Every stored
// property is an immutable Sendable value, so the conformance holds as the compiler's would.
public class Namespace: @unchecked Sendable, Hashable, CustomStringConvertible {
    /// How the namespace was reached.
    public enum Origin: Sendable, Hashable {
        /// `/run/netns/NAME`, as `ip netns` manages them; such a namespace is a
        /// ``NamedNamespace``, with the name as its ``NamedNamespace/name``.
        case named(String)
        /// Any nsfs path, e.g. `/proc/1234/ns/net` or a CNI runtime's `/var/run/netns/cni-…`.
        case path(String)
        /// The namespace of a process.
        case process(pid: Int32)
        /// The namespace this process started in (`/proc/self/ns/net`).
        case initial
        /// Held by this value only.
        case anonymous
    }

    public let origin: Origin
    /// The namespace's identity: its nsfs inode, as `ls -i /run/netns/NAME` or `readlink
    /// /proc/PID/ns/net` (`net:[INODE]`) show it.
    public let inode: UInt64
    let fileDescriptor: Int32

    init(fileDescriptor: Int32, origin: Origin) throws(NetKitError) {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else {
            let error = Errno.current
            close(fileDescriptor)
            throw NetKitError(.system(error), operation: "fstat", object: Namespace.describe(origin))
        }
        guard SystemCalls.namespaceType(fileDescriptor) == SystemCalls.networkNamespaceType else {
            close(fileDescriptor)
            throw NetKitError(
                .invalidInput("\(Namespace.describe(origin)) is not a network namespace"),
                operation: "open network namespace", object: Namespace.describe(origin),
                hint: "expected an nsfs file such as /run/netns/NAME or /proc/PID/ns/net")
        }
        self.fileDescriptor = fileDescriptor
        self.origin = origin
        self.inode = UInt64(info.st_ino)
    }

    deinit { close(fileDescriptor) }

    /// The name under `/run/netns` for a named namespace, else the description: what error
    /// objects and request texts say after `netns`.
    var nameOrDescription: String {
        if case .named(let name) = origin { return name }
        return description
    }

    public var description: String { "\(Namespace.describe(origin)) (net:[\(inode)])" }

    static func describe(_ origin: Origin) -> String {
        switch origin {
        case .named(let name): "netns \(name)"
        case .path(let path): "netns at \(path)"
        case .process(let pid): "netns of pid \(pid)"
        case .initial: "the process's initial netns"
        case .anonymous: "anonymous netns"
        }
    }

    /// Two values are equal when they refer to the same kernel namespace.
    public static func == (lhs: Namespace, rhs: Namespace) -> Bool { lhs.inode == rhs.inode }
    public func hash(into hasher: inout Hasher) { hasher.combine(inode) }

    // MARK: - Opening

    /// Opens a namespace from any nsfs path, refusing anything that is not a network namespace.
    /// A symlink is not followed (`O_NOFOLLOW`), so a link planted in `/run/netns` cannot
    /// redirect NetKit; `/proc/PID/ns/net` magic links are opened through ``open(pid:)``.
    public static func open(path: String) throws(NetKitError) -> Namespace {
        try open(path: path, origin: .path(path), flags: O_NOFOLLOW)
    }

    /// `ip netns exec NAME …`'s namespace: `/run/netns/NAME`. A name that does not exist throws
    /// ``NetKitError`` with `ENOENT` and a hint naming the missing `/run/netns/NAME` and
    /// `ip netns list`.
    public static func open(named name: String) throws(NetKitError) -> NamedNamespace {
        let name = try NamespaceDirectory.validate(name, operation: "open netns")
        let fd = try openDescriptor(path: NamespaceDirectory.path(of: name), origin: .named(name), flags: O_NOFOLLOW)
        return try NamedNamespace(fileDescriptor: fd, name: name)
    }

    /// The namespace this process started in: that of its main thread (`/proc/self/ns/net`)
    /// when NetKit first needed it, the namespace every NetKit thread returns to and
    /// ``threadsOutsideInitialNamespace()`` compares with.
    public static func initial() throws(NetKitError) -> Namespace {
        try Namespace(fileDescriptor: InitialNamespace.duplicateDescriptor(), origin: .initial)
    }

    static func open(path: String, origin: Origin, flags: Int32) throws(NetKitError) -> Namespace {
        try Namespace(fileDescriptor: openDescriptor(path: path, origin: origin, flags: flags), origin: origin)
    }

    private static func openDescriptor(path: String, origin: Origin, flags: Int32) throws(NetKitError) -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | flags)
        guard fd >= 0 else {
            let error = Errno.current
            throw NetKitError(
                .system(error), operation: "open network namespace", object: describe(origin),
                hint: openHint(error, path: path, origin: origin))
        }
        return fd
    }

    /// Why opening `path` failed, when the errno alone does not say it.
    static func openHint(_ error: Errno, path: String, origin: Origin) -> String? {
        switch (error, origin) {
        case (.ELOOP, _):
            "\(path) is a symbolic link; NetKit does not follow links to namespaces"
        case (.ENOENT, .named(let name)):
            "no namespace named \(name): \(path) is missing; `ip netns list` shows the names there are"
        case (.ENOENT, _):
            "\(path) does not exist"
        default:
            nil
        }
    }

    // MARK: - Creating

    /// A new namespace held only by the returned value (and sockets opened in it). Ideal for
    /// tests: it vanishes with its last reference, even after a crash.
    public static func anonymous() throws(NetKitError) -> Namespace {
        let fd = try NamespaceWorker.run(.unshare, operation: "create anonymous netns") { () throws(NetKitError) -> Int32 in
            let fd = Glibc.open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw NetKitError(.system(.current), operation: "open /proc/thread-self/ns/net") }
            return fd
        }
        return try Namespace(fileDescriptor: fd, origin: .anonymous)
    }

    /// `ip netns add NAME`: a new namespace bind-mounted on `/run/netns/NAME`, with `/run/netns`
    /// made a shared mount first, exactly as iproute2 does, so other tools see it.
    /// Throws ``NetKitError`` with `EEXIST` if the name is taken; leaves nothing behind on failure.
    public static func create(named name: String) throws(NetKitError) -> NamedNamespace {
        try NamespaceDirectory.create(named: name)
    }

    /// `ip netns add NAME`, and a ``NetlinkHandle`` inside the new namespace — what a container
    /// runtime or CNI plugin does first for every pod — in one step: the namespace is created
    /// and its netlink socket opened on the same NetKit thread, one thread hand-off instead of
    /// the two that ``create(named:)`` followed by ``netlink(logger:)`` take. The namespace is the
    /// handle's ``NetlinkHandle/namespace``; it is named and mounted exactly as
    /// ``create(named:)`` does it (a bind mount on `/run/netns/NAME`, `/run/netns` a shared
    /// mount, as `ip netns add`).
    ///
    ///     let net = try Namespace.createWithNetlink(named: "pod1")   // ip netns add pod1
    ///     try net.setUp("lo")                                       // ip -n pod1 link set lo up
    ///     print(net.name)                                           // pod1, not optional
    ///     let pod = net.namespace                                   // for VethPair(peerNamespace:)
    ///
    /// Throws ``NetKitError`` with `EEXIST` if the name is taken. On any failure (the mount,
    /// the socket) the mount and `/run/netns/NAME` are removed again: nothing is left behind.
    ///
    /// `logger` is the handle's diagnostics, as in ``NetlinkHandle/init(namespace:logger:)``.
    public static func createWithNetlink(named name: String, logger: Logger? = nil) throws(NetKitError) -> NamedNetlinkHandle {
        let (namespace, socket) = try NamespaceDirectory.create(named: name) { () throws(NetKitError) -> NetlinkSocket in
            try NetlinkSocket(logger: logger)
        }
        return NamedNetlinkHandle(namespace: namespace, socket: socket)
    }

    /// `createWithNetlink(named:)` for many namespaces at once — a node agent setting up many
    /// pods, a test fixture — on a single NetKit thread hand-off: the thread creates, mounts and
    /// opens a socket in each new namespace in turn, then goes home. Returns the handles in the
    /// order of `names`.
    ///
    /// All or nothing: the names are checked (valid, not named twice) and reserved under
    /// `/run/netns` before any namespace is made; if any step fails — a name taken (`EEXIST`),
    /// a mount, a socket — every namespace this call made is unmounted and its name removed,
    /// and the error names the pod that failed.
    /// Every handle logs to `logger`, if one is given.
    public static func createWithNetlink(named names: [String], logger: Logger? = nil) throws(NetKitError) -> [NamedNetlinkHandle] {
        try NamespaceDirectory.create(named: names) { () throws(NetKitError) -> NetlinkSocket in
            try NetlinkSocket(logger: logger)
        }.map { NamedNetlinkHandle(namespace: $0.namespace, socket: $0.inside) }
    }

    /// `ip netns list`: the names under `/run/netns`, sorted by their bytes (as file names and
    /// ``InterfaceName`` compare), not by `String`'s Unicode order.
    public static func namedNamespaces() throws(NetKitError) -> [String] {
        try NamespaceDirectory.list()
    }

    /// What to do when deleting a named namespace in which processes still run.
    public enum InUsePolicy: Sendable {
        /// Refuse with `EBUSY`, listing the processes (the safe default).
        case fail
        /// Remove the name anyway, like `ip netns del`: the namespace lives on while processes
        /// or descriptors hold it.
        case detach
    }

    /// `ip netns del NAME`: unmounts and removes `/run/netns/NAME`.
    public static func delete(named name: String, whenInUse policy: InUsePolicy = .fail) throws(NetKitError) {
        try NamespaceDirectory.delete(named: name, whenInUse: policy)
    }

    // MARK: - Working inside

    /// Runs `body` on a dedicated thread that entered this namespace, and waits for it. Use it
    /// for what follows the thread rather than a socket: `/proc/sys/net` files, ordinary
    /// sockets, `if_nametoindex`, child processes.
    ///
    /// `body` is the one place where code runs inside the namespace, and everything it starts
    /// stays there: a thread, a `Task`, dispatch work that starts a pool thread, a child
    /// process — each inherits the namespace of the thread that creates it, and lives on after
    /// `body` returns. ``threadsOutsideInitialNamespace()`` reports such threads. NetKit's
    /// thread returns to the initial namespace after `body` and ends; the caller is woken by
    /// that thread's end, never by code inside the namespace.
    ///
    /// - Throws: what `body` throws, unchanged — `run` and ``perform(_:)`` are the only NetKit
    ///   calls whose errors are not all ``NetKitError``, since they run the caller's code — or a
    ///   ``NetKitError`` if the thread cannot be started or enter the namespace.
    public func run<T>(_ body: () throws -> T) throws -> T {
        try NamespaceThread.run(.enter(fileDescriptor: fileDescriptor), operation: "run in \(Namespace.describe(origin))", body)
    }

    /// ``run(_:)`` for NetKit's own work, whose errors are all ``NetKitError``: the thread's
    /// (entering the namespace) and the body's pass through unchanged.
    func runNetKitWork<T>(_ operation: NetKitError.Operation, _ body: () throws(NetKitError) -> T) throws(NetKitError) -> T {
        do {
            return try run(body)
        } catch {
            throw NetKitError.wrap(error, operation: operation, object: "\(self)")
        }
    }

    /// The async form of ``run(_:)``: the task suspends while a dedicated thread does the work.
    ///
    /// What `body` starts stays in the namespace, as with ``run(_:)``. The task is resumed by a
    /// second NetKit thread that never enters a namespace and joins the first, so the task and
    /// any thread the resumption makes libdispatch start are in the initial namespace. The
    /// body runs to its end even if the task is cancelled meanwhile.
    ///
    /// - Throws: what `body` throws, unchanged, or a ``NetKitError`` if the thread cannot be
    ///   started or enter the namespace.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        // Keep self (and so the descriptor) alive until the thread has entered the namespace.
        defer { withExtendedLifetime(self) {} }
        return try await NamespaceThread.perform(
            .enter(fileDescriptor: fileDescriptor),
            operation: "run in \(Namespace.describe(origin))", body)
    }

    /// A netlink handle whose socket was created inside this namespace. Every request it sends
    /// acts here, whichever thread or task sends it. With a `logger`, the handle logs each
    /// request (trace level, as its `ip` command) and each kernel error (debug level); see
    /// ``NetlinkHandle/init(namespace:logger:)``.
    public func netlink(logger: Logger? = nil) throws(NetKitError) -> NetlinkHandle {
        try NetlinkHandle(namespace: self, logger: logger)
    }

    /// True when the calling thread is in this namespace already (no thread switch needed).
    var isCurrentThreadNamespace: Bool {
        var info = stat()
        return stat("/proc/thread-self/ns/net", &info) == 0 && UInt64(info.st_ino) == inode
    }

    /// For a named namespace, fails when its name was deleted (`ip netns del`) or now names
    /// another namespace: work sent there would land where nobody can reach it.
    func checkStillNamed(operation: NetKitError.Operation, object: String) throws(NetKitError) {
        guard case .named(let name) = origin else { return }
        var info = stat()
        guard lstat(NamespaceDirectory.path(of: name), &info) == 0, UInt64(info.st_ino) == inode else {
            throw NetKitError(
                .system(.ENOENT), operation: operation, object: object,
                hint: "netns \(name) was deleted (or replaced) after it was opened")
        }
    }

    /// Processes with at least one thread in this namespace (read from `/proc/*/task/*/ns/net`).
    public func processIDs() -> [Int32] {
        ProcessScan.pids(inNetworkNamespace: inode)
    }
}
