#if canImport(Glibc)
import Glibc
#endif

/// `ip netns add`: creating named namespaces, one or many per NetKit thread hand-off.
extension NamespaceDirectory {
    static func create(named name: String) throws(NetKitError) -> Namespace {
        try create(named: name) { () }.namespace
    }

    /// `ip netns add NAME`, then `inside()` on the same NetKit thread while it is still in the
    /// new namespace (e.g. opening a socket there): one thread hand-off for both. If anything
    /// fails — the mount, `inside()`, opening the namespace — the bind mount and the name are
    /// removed again, so nothing is left under `/run/netns`.
    static func create<Inside>(
        named name: String, inside: () throws -> Inside
    ) throws(NetKitError) -> (namespace: Namespace, inside: Inside) {
        try create(named: [name], inside: inside)[0]
    }

    /// ``create(named:inside:)`` for every name, all on one NetKit thread: `unshare`, bind
    /// mount and `inside()` for each name in turn. All or nothing: the names are validated and
    /// reserved (`O_EXCL`) before any namespace is made, and if anything fails the mounts and
    /// names this call made are removed again. Why one thread for all: every hand-off to
    /// another thread is a chance for a busy machine to run something else first.
    static func create<Inside>(
        named rawNames: [String], inside: () throws -> Inside
    ) throws(NetKitError) -> [(namespace: Namespace, inside: Inside)] {
        let operation = "ip netns add"
        var seen = Set<String>()
        var names: [String] = []
        for rawName in rawNames {
            let name = try validate(rawName, operation: operation)
            guard seen.insert(name).inserted else {
                throw NetKitError(.invalidInput("\"\(name)\" is named twice"), operation: operation, object: name)
            }
            names.append(name)
        }
        guard !names.isEmpty else { return [] }
        let named = names.count == 1 ? names[0] : "\(names[0]) … (\(names.count) namespaces)"
        try prepareRoot(operation: "\(operation) \(named)")
        // Every name this call reserved, in order: the ones to remove again on failure.
        var reserved: [String] = []
        var made: [(fd: Int32, inside: Inside)] = []
        var failedName = names[0]
        do {
            for name in names {
                failedName = name
                let placeholder = open(path(of: name), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)
                guard placeholder >= 0 else {
                    let error = Errno.current
                    throw NetKitError(.system(error), operation: operation, object: name,
                                      hint: error == .EEXIST ? "a namespace named \(name) already exists" : nil)
                }
                close(placeholder)
                reserved.append(name)
            }
            try NamespaceWorker.forEachNewNamespace(count: names.count, operation: operation) { i in
                failedName = names[i]
                let target = path(of: names[i])
                guard mount("/proc/thread-self/ns/net", target, "none", UInt(MS_BIND), nil) == 0 else {
                    throw NetKitError(.system(.current), operation: "\(operation): mount --bind", object: target)
                }
                let fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw NetKitError(.system(.current), operation: operation, object: names[i]) }
                do {
                    made.append((fd, try inside()))
                } catch {
                    close(fd)
                    throw error
                }
            }
            var created: [(namespace: Namespace, inside: Inside)] = []
            created.reserveCapacity(made.count)
            for (i, entry) in made.enumerated() {
                failedName = names[i]
                // On failure Namespace closes its own descriptor; the ones after it are closed below.
                made[i].fd = -1
                created.append((try Namespace(fileDescriptor: entry.fd, origin: .named(names[i])), entry.inside))
            }
            return created
        } catch {
            for entry in made where entry.fd >= 0 { close(entry.fd) }
            for name in reserved {
                umount2(path(of: name), Int32(MNT_DETACH))
                unlink(path(of: name))
            }
            throw NetKitError.wrap(error, operation: operation, object: failedName)
        }
    }
}
