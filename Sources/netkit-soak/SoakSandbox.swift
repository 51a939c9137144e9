import NetKit
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// The only way the soak reaches a namespace: it creates them (anonymous ones, and named ones
/// called `nksoak-<pid>-<n>`), and opens netlink handles only in namespaces it created and that
/// are neither the machine's root namespace nor the one the process started in. Whatever state
/// the soak changes, it changes there.
///
/// Anonymous namespaces vanish with their last descriptor, even if the process dies. Named ones
/// are bind mounts that outlive the process, so each is registered as soon as it exists and
/// ``removeAll()`` deletes what is left — on success, on failure and after SIGINT/SIGTERM.
final class SoakSandbox {
    let prefix = "nksoak-\(getpid())-"
    private var created = 0
    private var named: [String] = []
    /// Inodes of namespaces made here; a handle is opened only in one of these.
    private var owned: Set<UInt64> = []
    private let forbidden: Set<UInt64>

    init() throws {
        var inodes: Set<UInt64> = []
        for path in ["/proc/self/ns/net", "/proc/1/ns/net"] {
            var info = stat()
            if stat(path, &info) == 0 { inodes.insert(UInt64(info.st_ino)) }
        }
        guard !inodes.isEmpty else { throw SoakFailure("cannot read /proc/self/ns/net or /proc/1/ns/net to tell the root namespace apart") }
        forbidden = inodes
    }

    /// `unshare(CLONE_NEWNET)` on a NetKit thread: a namespace held only by the returned value.
    func anonymous() throws -> Namespace {
        try Interruption.check()
        return try adopt(Namespace.anonymous())
    }

    /// `ip netns add nksoak-<pid>-<n>`.
    func createNamed() throws -> Namespace {
        try Interruption.check()
        created += 1
        let name = prefix + String(created)
        // Registered once it exists: Namespace.create leaves nothing behind when it fails, and
        // a signal only sets a flag, so nothing can be created and not registered.
        let namespace = try Namespace.create(named: name)
        named.append(name)
        return try adopt(namespace)
    }

    /// A named namespace this sandbox made, opened again by its name (`/run/netns/NAME`).
    func reopen(_ namespace: Namespace) throws -> Namespace {
        try Interruption.check()
        guard case .named(let name) = namespace.origin, named.contains(name) else {
            throw SoakFailure("refusing to open \(namespace): the soak did not create it")
        }
        let reopened = try Namespace.open(named: name)
        guard reopened == namespace else { throw SoakFailure("/run/netns/\(name) now holds another namespace than the soak created") }
        return reopened
    }

    /// `ip netns del NAME` for a name this sandbox made.
    func deleteNamed(_ namespace: Namespace) throws {
        guard case .named(let name) = namespace.origin, let position = named.firstIndex(of: name) else {
            throw SoakFailure("refusing to delete \(namespace): the soak did not create it")
        }
        try Namespace.delete(named: name, whenInUse: .detach)
        named.remove(at: position)
    }

    /// A netlink handle inside `namespace`, which must be one this sandbox created.
    func netlink(_ namespace: Namespace) throws -> NetlinkHandle {
        try Interruption.check()
        guard owned.contains(namespace.inode), !forbidden.contains(namespace.inode) else {
            throw SoakFailure("refusing to act in \(namespace): not a namespace this soak created")
        }
        return try namespace.netlink()
    }

    private func adopt(_ namespace: Namespace) throws -> Namespace {
        guard !forbidden.contains(namespace.inode) else {
            throw SoakFailure("\(namespace) is the root or initial namespace; refusing to change state there")
        }
        owned.insert(namespace.inode)
        return namespace
    }

    /// Deletes every named namespace still registered; returns the failures.
    @discardableResult
    func removeAll() -> [String] {
        var failures: [String] = []
        for name in named.reversed() {
            do {
                try Namespace.delete(named: name, whenInUse: .detach)
            } catch {
                failures.append("\(name): \(error)")
            }
        }
        named.removeAll()
        return failures
    }

    /// Names under `/run/netns` and mount points in `/proc/self/mountinfo` this run left behind.
    func leftovers() -> [String] {
        let names = ((try? Namespace.namedNamespaces()) ?? []).filter { $0.hasPrefix(prefix) }.map { "/run/netns/\($0)" }
        let mounts = (ProcessSample.readText("/proc/self/mountinfo") ?? "").split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 4, fields[4].hasPrefix("/run/netns/" + prefix) else { return nil }
            return "mount \(fields[4])"
        }
        return names + mounts
    }
}

/// A check the soak makes that failed, or a reason to stop.
struct SoakFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// SIGINT and SIGTERM only set a flag; the run loop checks it before every operation and then
/// unwinds through the normal cleanup, so nothing is half-created when cleanup runs. (Every
/// NetKit call returns within the netlink reply timeout, so the flag is seen promptly.)
enum Interruption {
    static let signal = Atomic<Int32>(0)

    static func install() {
        _ = signal.load(ordering: .relaxed)  // initialise the static before a handler can touch it
        for number in [SIGINT, SIGTERM] {
            Glibc.signal(number) { received in Interruption.signal.store(received, ordering: .relaxed) }
        }
    }

    static func check() throws {
        let received = signal.load(ordering: .relaxed)
        if received != 0 { throw SoakFailure("interrupted by signal \(received)") }
    }
}
