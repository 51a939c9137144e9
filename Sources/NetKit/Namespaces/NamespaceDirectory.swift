#if canImport(Glibc)
    import Glibc
#endif

/// `/run/netns`: where `ip netns`, CNI runtimes and NetKit keep named namespaces as bind mounts.
enum NamespaceDirectory {
    static let root = "/run/netns"

    static func path(of name: String) -> String { "\(root)/\(name)" }

    /// iproute2's rules for a namespace name: non-empty, no `/`, not `.` or `..`, at most
    /// NAME_MAX (255) bytes. Checked per UTF-8 byte, as the kernel reads the path: a `/`
    /// followed by a combining mark is one Swift `Character` that is not `"/"`, yet its first
    /// byte still separates path components (`"../\u{301}x"` would name `/run/\u{301}x`).
    static func validate(_ name: String, operation: NetKitError.Operation) throws(NetKitError) -> String {
        let bytes = name.utf8
        let problem: String? =
            if bytes.isEmpty { "a namespace name must not be empty" } else if bytes.contains(UInt8(ascii: "/")) {
                "\"\(name)\" contains '/'; a namespace name is a single file name under \(root)"
            } else if bytes.elementsEqual(".".utf8) || bytes.elementsEqual("..".utf8) {
                "\"\(name)\" is not a valid namespace name"
            } else if name.utf8.count > 255 {
                "\"\(name.prefix(20))…\" is \(name.utf8.count) bytes; a namespace name is at most 255 bytes (NAME_MAX)"
            } else if name.utf8.contains(0) { "a namespace name must not contain NUL" } else { nil }
        if let problem { throw NetKitError(.invalidInput(problem), operation: operation, object: name) }
        return name
    }

    /// `mkdir -p /run/netns` and make it a shared mount (bind it onto itself first if it is not
    /// a mount point), so mounts made under it propagate to every mount namespace.
    static func prepareRoot(operation: NetKitError.Operation) throws(NetKitError) {
        if mkdir(root, 0o755) != 0, Errno.current != .EEXIST {
            throw NetKitError(.system(.current), operation: "\(operation): mkdir", object: root)
        }
        var boundOnce = false
        while mount("", root, "none", UInt(MS_SHARED | MS_REC), nil) != 0 {
            let error = Errno.current
            guard error == .EINVAL, !boundOnce else {
                throw NetKitError(.system(error), operation: "\(operation): mount --make-rshared", object: root)
            }
            guard mount(root, root, "none", UInt(MS_BIND | MS_REC), nil) == 0 else {
                throw NetKitError(.system(.current), operation: "\(operation): mount --rbind", object: root)
            }
            boundOnce = true
        }
    }

    static func list() throws(NetKitError) -> [String] {
        guard let directory = opendir(root) else {
            if Errno.current == .ENOENT { return [] }
            throw NetKitError(.system(.current), operation: "ip netns list", object: root)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sortedByBytes()
    }

    static func delete(named rawName: String, whenInUse policy: Namespace.InUsePolicy) throws(NetKitError) {
        let operation: NetKitError.Operation = "ip netns del"
        let name = try validate(rawName, operation: operation)
        let target = path(of: name)
        if policy == .fail {
            let namespace: Namespace
            do {
                namespace = try Namespace.open(named: name)
            } catch  where error.isNotFound {
                // Reported as the delete it is (what `ip netns del` says), not as an open.
                throw NetKitError(.system(.ENOENT), operation: operation, object: name, hint: "no namespace named \(name)")
            }
            let pids = namespace.processIDs()
            if !pids.isEmpty {
                throw NetKitError(
                    .system(.EBUSY), operation: operation, object: name,
                    hint:
                        "processes still run in it (pid \(pids.prefix(8).map(String.init).joined(separator: ", "))); stop them or delete with whenInUse: .detach, which removes only the name"
                )
            }
        }
        // UMOUNT_NOFOLLOW: a symbolic link planted in /run/netns is never followed, so NetKit
        // (as root) cannot be made to unmount what it points at; the link itself is removed below.
        if umount2(target, Int32(MNT_DETACH | UMOUNT_NOFOLLOW)) != 0 {
            let error = Errno.current
            if error == .ENOENT {
                throw NetKitError(.system(.ENOENT), operation: operation, object: name, hint: "no namespace named \(name)")
            }
            // EINVAL: not a mount point (a stale file left by a crash, a symbolic link); still
            // remove the name.
            guard error == .EINVAL else { throw NetKitError(.system(error), operation: "\(operation): umount", object: target) }
        }
        guard unlink(target) == 0 else {
            throw NetKitError(.system(.current), operation: "\(operation): unlink", object: target)
        }
    }
}
