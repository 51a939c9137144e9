#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Sysctl files written in groups, for the package's CNI plugins: a plugin writes a few keys of
/// the container's namespace on every `ADD`, and one hand-off to NetKit's reused namespace
/// thread (``NamespaceWorker``) costs less than the thread ``Namespace/run(_:)`` starts per call.
extension Namespace {
    /// Writes each `(path, text)` — files under `/proc/sys` — in order inside this namespace, on
    /// NetKit's namespace worker, as `ip netns exec NS sysctl -w` would, and stops after the
    /// first failed `required` write; per write done, nil or the failure's text
    /// (``writeSysctlFile(_:_:)``). Throws only when no thread could enter the namespace.
    package func writeSysctlFiles(_ writes: [(path: String, text: String, required: Bool)]) throws(NetKitError) -> [String?] {
        try withExtendedLifetime(self) { () throws(NetKitError) -> [String?] in
            try NamespaceWorker.run(.enter(fileDescriptor: fileDescriptor), operation: "sysctl -w in \(self)") {
                () throws(NetKitError) -> [String?] in
                Self.writeSysctlFiles(writes)
            }
        }
    }

    /// ``writeSysctlFiles(_:)`` on the calling thread, in its namespace.
    package static func writeSysctlFiles(_ writes: [(path: String, text: String, required: Bool)]) -> [String?] {
        var failures: [String?] = []
        for write in writes {
            let failure = writeSysctlFile(write.path, write.text)
            failures.append(failure)
            if failure != nil && write.required { break }
        }
        return failures
    }

    /// Writes `text` and a newline to the sysctl file `path` from the calling thread (so in its
    /// namespace): nil on success, else `open PATH: REASON` or `write PATH: REASON`.
    package static func writeSysctlFile(_ path: String, _ text: String) -> String? {
        let fd = Glibc.open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return "open \(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        let bytes = Array((text + "\n").utf8)
        while true {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written == bytes.count { return nil }
            return "write \(path): \(String(cString: strerror(written < 0 ? errno : EIO)))"
        }
    }
}
