#if canImport(Glibc)
    import Glibc
#endif

/// The thread behind a subscription: a dedicated pthread (never a Swift-concurrency thread, which
/// must not block) that sleeps in `poll` on the subscription socket and the wake-up channel,
/// decodes notifications and yields them into the stream. Its sockets were opened inside the
/// namespace beforehand; the thread itself stays in the process's initial namespace, where it
/// returns first if it was started from a thread elsewhere (code inside a user's `run`
/// closure), since the tasks it wakes may make libdispatch start threads from it.
///
/// When told to stop (the consuming task was cancelled, or the sequence and its iterators were
/// dropped) it finishes the stream and exits; the sockets and the wake-up channel close as it
/// releases them, so nothing is left behind.
final class EventReader: @unchecked Sendable {  // touched only by its own thread once started
    typealias Continuation = AsyncThrowingStream<NetworkEvents.Delivery, any Error>.Continuation

    /// The name the thread carries in `/proc/self/task/*/comm` (at most 15 bytes).
    static let threadName = "netkit-events"
    /// Snapshots retried when the queue overflows while one is taken, before giving up.
    static let snapshotAttempts = 10
    /// Datagrams read in a row before looking at the wake-up channel again.
    static let readBurst = 256

    private let socket: SubscriptionSocket
    /// A second socket in the same namespace, for the dumps: snapshots and the lists the decoder
    /// starts from. The subscription socket itself never sends.
    private let helper: NetlinkHandle
    private let control: ReaderControl
    private let continuation: Continuation
    private let kinds: EventKinds
    private let snapshot: Bool
    /// Snapshots tried before giving up; ``snapshotAttempts`` unless a test lowers it.
    private let snapshotAttempts: Int
    private var decoder: EventDecoder

    /// Thrown inside the thread when the stream is gone: no one is listening any more.
    private struct Terminated: Error {}

    init(
        socket: SubscriptionSocket, helper: NetlinkHandle, control: ReaderControl, continuation: Continuation,
        kinds: EventKinds, snapshot: Bool, decoder: EventDecoder, snapshotAttempts: Int = EventReader.snapshotAttempts
    ) {
        self.snapshotAttempts = snapshotAttempts
        self.socket = socket
        self.helper = helper
        self.control = control
        self.continuation = continuation
        self.kinds = kinds
        self.snapshot = snapshot
        self.decoder = decoder
    }

    /// Starts the thread; the thread holds the reader (and so the sockets) until it exits.
    func start() throws(NetKitError) {
        let unmanaged = Unmanaged.passRetained(self)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { raw in
                guard let raw else { return nil }
                Unmanaged<EventReader>.fromOpaque(raw).takeRetainedValue().run()
                return nil
            }, unmanaged.toOpaque())
        pthread_attr_destroy(&attributes)
        guard status == 0 else {
            unmanaged.release()
            throw NetKitError(.system(Errno(rawValue: status)), operation: "start the subscription's reader thread")
        }
    }

    private func run() {
        let tid = NetKitThreads.register(.eventReader)
        defer { NetKitThreads.unregister(tid) }
        if !InitialNamespace.containsCallingThread() { InitialNamespace.enterCallingThread() }
        nameThread()
        control.threadStarted(id: tid)
        defer { control.close() }
        do {
            if snapshot { try synchronize(after: false) }
            while !control.isStopping {
                let readable = try socket.wait(wakeFD: control.wakeFD, includingSocket: !control.isPaused)
                control.drainWake()
                if readable && !control.isStopping { try readAvailable() }
            }
            continuation.finish()
        } catch is Terminated {
            continuation.finish()
        } catch {
            continuation.finish(throwing: NetKitError.wrap(error, operation: "ip monitor \(kinds.monitorArguments)"))
        }
    }

    /// Reads what is queued (at most a burst, then checks for a stop or a pause again).
    private func readAvailable() throws {
        for _ in 0..<Self.readBurst {
            guard !control.isPaused, !control.isStopping else { return }
            switch try socket.receive() {
            case .empty:
                return
            case .messages(let buffer):
                try deliverNotifications(in: buffer)
            case .overrun, .truncated:
                if snapshot {
                    try deliver(.overrun, live: false)
                    try synchronize(after: true)
                } else {
                    try deliverQueued()
                    try deliver(.overrun, live: false)
                    // Events were lost, links among them perhaps: relearn names and what exists.
                    let (links, neighbours) = try listKnown()
                    decoder.reset(links: links, neighbours: neighbours)
                }
            case .foreign:
                continue
            }
        }
    }

    /// "List, then follow": discards what is queued (the dump will show its effect), dumps,
    /// reads what queued up meanwhile, and delivers the snapshot, its marker, then the queued
    /// notifications the snapshot does not already show (``SnapshotWindow``).
    private func synchronize(after overrun: Bool) throws {
        for _ in 0..<snapshotAttempts {
            try discardQueued()
            control.probe.beforeDump?()
            let objects = try dumpObjects()
            control.probe.afterDump?()
            var links: [Link] = []
            var neighbours: [Neighbour] = []
            var byKey: [ObjectKey: NetworkObject] = [:]
            for object in objects {
                if case .link(let link) = object { links.append(link) }
                if case .neighbour(let entry) = object { neighbours.append(entry) }
                byKey[object.key] = object
            }
            decoder.reset(links: links, neighbours: neighbours)
            guard let window = try readWindow() else { continue }  // overflowed meanwhile: again
            for object in objects where object.isReported(for: kinds) { try deliver(.existing(object), live: false) }
            try deliver(overrun ? .resynchronized : .snapshotComplete, live: false)
            let unseen = SnapshotWindow.unseen(window, snapshot: byKey)
            control.probe.recordSnapshot(window: window.count, delivered: unseen.count)
            for event in unseen { try deliver(event, live: true) }
            return
        }
        throw NetKitError(
            .system(.ENOBUFS), operation: "ip monitor \(kinds.monitorArguments) (snapshot)",
            hint: "the receive queue overflowed during each of \(snapshotAttempts) snapshots; pass a larger receiveBufferSize")
    }

    /// Reads and drops what is queued. Bounded, so a namespace changing faster than this thread
    /// reads cannot keep the dump from starting: the queue cannot hold more datagrams than its
    /// size allows (each costs the kernel well over 128 bytes), and whatever arrives after those
    /// is as well handled by the window as by discarding.
    private func discardQueued() throws {
        for _ in 0..<queueCapacity {
            if case .empty = try socket.receive() { return }
        }
    }

    /// Follow mode, after `ENOBUFS`: reads and delivers what is still queued (all of it older
    /// than the loss) before the overrun is delivered. Until a read empties the queue the
    /// kernel drops every notification without reporting `ENOBUFS` again (the socket stays
    /// `NETLINK_S_CONGESTED`), so a change the consumer makes, or lists, after seeing
    /// ``NetworkEvent/overrun`` could otherwise be lost without a word. Bounded like
    /// ``discardQueued()``: after that many reads the queue has been empty at least once.
    private func deliverQueued() throws {
        for _ in 0..<queueCapacity {
            switch try socket.receive() {
            case .empty:
                return
            case .messages(let buffer):
                try deliverNotifications(in: buffer)
            case .overrun, .truncated, .foreign:
                continue  // the overrun about to be delivered covers a loss
            }
        }
    }

    /// Decodes one datagram and delivers its events as live ones.
    private func deliverNotifications(in buffer: UnsafeRawBufferPointer) throws {
        try NetlinkMessage.forEach(in: buffer) { message in
            if let decoded = try decoder.decode(message) { try deliver(decoded.event, live: true) }
        }
    }

    /// More datagrams than the receive queue can hold.
    private var queueCapacity: Int { max(1024, socket.grantedReceiveBufferSize / 128) }

    /// Everything queued now, decoded; nil if the queue overflowed meanwhile.
    private func readWindow() throws -> [EventDecoder.Decoded]? {
        var window: [EventDecoder.Decoded] = []
        while true {
            switch try socket.receive() {
            case .empty:
                return window
            case .messages(let buffer):
                try NetlinkMessage.forEach(in: buffer) { message in
                    if let decoded = try decoder.decode(message) { window.append(decoded) }
                }
            case .overrun, .truncated:
                return nil
            case .foreign:
                continue
            }
        }
    }

    /// The snapshot, in the order a consumer can apply it: links, addresses, routes, neighbours
    /// (proxy entries included), rules. Links are always listed (the decoder needs them).
    private func dumpObjects() throws -> [NetworkObject] {
        var objects = try helper.links().map(NetworkObject.link)
        if kinds.contains(.addresses) { objects += try helper.addresses().map(NetworkObject.address) }
        if kinds.contains(.routes) { objects += try helper.routes().map(NetworkObject.route) }
        if kinds.contains(.neighbours) {
            objects += try (helper.neighbours() + helper.proxyNeighbours()).map(NetworkObject.neighbour)
        }
        if kinds.contains(.rules) { objects += try helper.rules().map(NetworkObject.rule) }
        return objects
    }

    /// What the decoder starts from outside snapshot mode: the links, and the neighbour entries
    /// if they are followed.
    private func listKnown() throws -> ([Link], [Neighbour]) {
        try Self.listKnown(helper, kinds: kinds)
    }

    static func listKnown(_ handle: NetlinkHandle, kinds: EventKinds) throws -> ([Link], [Neighbour]) {
        let neighbours = kinds.contains(.neighbours) ? try handle.neighbours() + handle.proxyNeighbours() : []
        return (try handle.links(), neighbours)
    }

    private func deliver(_ event: NetworkEvent, live: Bool) throws {
        if case .terminated = continuation.yield(NetworkEvents.Delivery(event: event, counted: live)) {
            throw Terminated()
        }
        if live { control.produced() }
    }

    /// `/proc/thread-self/comm`: so `top -H` and the tests can tell the thread apart.
    private func nameThread() {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Self.threadName.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        close(fd)
    }
}

extension NetworkObject {
    /// Whether a subscription to `kinds` lists this object in its snapshot.
    func isReported(for kinds: EventKinds) -> Bool {
        switch self {
        case .link: kinds.contains(.links)
        case .address: kinds.contains(.addresses)
        case .route: kinds.contains(.routes)
        case .neighbour: kinds.contains(.neighbours)
        case .rule: kinds.contains(.rules)
        case .qdisc, .filter: false  // snapshots list no tc objects
        }
    }
}
