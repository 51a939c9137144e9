#if canImport(Glibc)
    import Glibc
#endif

/// `ip netns add`: creating named namespaces, one or many per NetKit thread hand-off.
extension NamespaceDirectory {
    static func create(named name: String) throws(NetKitError) -> NamedNamespace {
        try create(named: name) { () }.namespace
    }

    /// `ip netns add NAME`, then `inside()` on the same NetKit thread while it is still in the
    /// new namespace (e.g. opening a socket there): one thread hand-off for both. If anything
    /// fails — the mount, `inside()`, opening the namespace — the bind mount and the name are
    /// removed again, so nothing is left under `/run/netns`.
    static func create<Inside>(
        named name: String, inside: () throws(NetKitError) -> Inside
    ) throws(NetKitError) -> (namespace: NamedNamespace, inside: Inside) {
        try create(named: [name], inside: inside)[0]
    }

    /// ``create(named:inside:)`` for every name, all on one NetKit thread: `unshare`, bind
    /// mount and `inside()` for each name in turn. All or nothing: the names are validated and
    /// reserved (`O_EXCL`) before any namespace is made, and if anything fails the mounts and
    /// names this call made are removed again. Why one thread for all: every hand-off to
    /// another thread is a chance for a busy machine to run something else first.
    static func create<Inside>(
        named rawNames: [String], inside: () throws(NetKitError) -> Inside
    ) throws(NetKitError) -> [(namespace: NamedNamespace, inside: Inside)] {
        let operation: NetKitError.Operation = "ip netns add"
        // Names are file names: compared per byte, so two spellings of "é" are two names.
        var seen = Set<[UInt8]>()
        var names: [String] = []
        for rawName in rawNames {
            let name = try validate(rawName, operation: operation)
            guard seen.insert(Array(name.utf8)).inserted else {
                throw NetKitError(.invalidInput("\"\(name)\" is named twice"), operation: operation, object: name)
            }
            names.append(name)
        }
        guard !names.isEmpty else { return [] }
        let named = names.count == 1 ? names[0] : "\(names[0]) … (\(names.count) namespaces)"
        try prepareRoot(operation: "\(operation) \(named)")
        // Every placeholder this call made (`O_EXCL`), in order, held open until the end: each
        // namespace is mounted onto the file this call created (through its descriptor), never
        // onto whatever the name resolves to later, and only these files are removed on failure.
        var placeholders: [Placeholder] = []
        var mounted = 0
        var made: [(fd: Int32, inside: Inside)] = []
        defer { for placeholder in placeholders { close(placeholder.fd) } }
        do {
            for name in names {
                placeholders.append(try Placeholder(reserving: name, operation: operation))
            }
            try NamespaceWorker.forEachNewNamespace(count: names.count, operation: operation) { (i) throws(NetKitError) in
                let target = path(of: names[i])
                guard mount("/proc/thread-self/ns/net", placeholders[i].descriptorPath, "none", UInt(MS_BIND), nil) == 0 else {
                    let error = Errno.current
                    throw NetKitError(
                        .system(error), operation: "\(operation): mount --bind", object: target,
                        hint: error == .ENOENT ? "\(target) was removed or replaced after it was reserved" : nil)
                }
                mounted += 1
                let fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw NetKitError(.system(.current), operation: operation, object: names[i]) }
                do throws(NetKitError) {
                    made.append((fd, try inside()))
                } catch {
                    close(fd)
                    // The error names the namespace whose step failed.
                    var error = error
                    if error.object.isEmpty { error.object = names[i] }
                    throw error
                }
            }
            var created: [(namespace: NamedNamespace, inside: Inside)] = []
            created.reserveCapacity(made.count)
            for (i, entry) in made.enumerated() {
                // On failure Namespace closes its own descriptor; the ones after it are closed below.
                made[i].fd = -1
                created.append((try NamedNamespace(fileDescriptor: entry.fd, name: names[i]), entry.inside))
            }
            return created
        } catch {
            for entry in made where entry.fd >= 0 { close(entry.fd) }
            for (i, placeholder) in placeholders.enumerated() {
                placeholder.remove(wasMounted: i < mounted)
            }
            throw error
        }
    }

    /// A name reserved under `/run/netns`: the empty file `open(O_CREAT|O_EXCL)` made, kept
    /// open so the namespace is mounted onto this very file.
    struct Placeholder {
        let name: String
        let fd: Int32
        let device: UInt64
        let inode: UInt64

        init(reserving name: String, operation: NetKitError.Operation) throws(NetKitError) {
            let fd = open(path(of: name), O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0)
            guard fd >= 0 else {
                let error = Errno.current
                throw NetKitError(
                    .system(error), operation: operation, object: name,
                    hint: error == .EEXIST ? "a namespace named \(name) already exists" : nil)
            }
            var info = stat()
            fstat(fd, &info)
            self.name = name
            self.fd = fd
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }

        /// The placeholder itself, whatever its name now resolves to: a mount onto this path
        /// lands on the file this call created (a magic link of procfs).
        var descriptorPath: String { "/proc/thread-self/fd/\(fd)" }

        /// Rollback: unmounts the name (never following a link) if this call mounted it, then
        /// removes the name only if it is still this placeholder — a file or link put in its
        /// place by someone else is left alone.
        func remove(wasMounted: Bool) {
            let target = path(of: name)
            if wasMounted { umount2(target, Int32(MNT_DETACH | UMOUNT_NOFOLLOW)) }
            var info = stat()
            guard lstat(target, &info) == 0, UInt64(info.st_dev) == device, UInt64(info.st_ino) == inode else { return }
            unlink(target)
        }
    }
}
