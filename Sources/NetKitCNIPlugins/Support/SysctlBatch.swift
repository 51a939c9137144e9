#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NetKit
import NetKitCNI

/// Sysctl writes grouped by namespace, so that each group costs one thread at most.
///
/// `Namespace.setSysctl` starts a thread inside the namespace for every key — the only safe
/// way for a library that cannot know which namespace its caller's thread is in. A plugin
/// knows: its own threads never leave the runtime's namespace (NetKit never moves them), so
/// keys of that namespace are written from the calling thread, and the container's keys are
/// written together on one ``Namespace/run(_:)`` thread. The keys and values are NetKit's
/// typed ``Sysctl`` ones; only the file access is done here.
struct SysctlBatch {
    private(set) var writes: [(path: String, value: String, required: Bool)] = []

    /// Adds a write. A failed `required` write is error 100; the others are best-effort, as the
    /// reference plugin treats them.
    mutating func set<Value>(_ key: Sysctl<Value>, _ value: Value, required: Bool = false) {
        writes.append((key.path, value.sysctlText, required))
    }

    /// Adds `other`'s writes after these.
    mutating func append(_ other: SysctlBatch) {
        writes += other.writes
    }

    /// Applies the writes on the calling thread, which must be in the namespace they are for.
    func applyHere() throws(CNIError) {
        for write in writes {
            if let failure = Self.write(write.value, to: write.path), write.required {
                throw CNIError(.kernelFailure, "sysctl -w \(write.path)", details: failure)
            }
        }
    }

    /// Applies the writes on one thread inside `namespace` (none for an empty batch).
    func apply(in namespace: Namespace) throws(CNIError) {
        guard !writes.isEmpty else { return }
        let outcome: Result<Void, CNIError>
        do {
            outcome = try namespace.run { () -> Result<Void, CNIError> in
                do throws(CNIError) {
                    try applyHere()
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw CNIError(error, doing: "enter \(namespace) for sysctls")
        }
        try outcome.get()
    }

    /// Writes one file; the failure's text, or nil on success.
    private static func write(_ value: String, to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return "open \(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        let bytes = Array((value + "\n").utf8)
        let written = bytes.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return Glibc.write(fd, base, raw.count)
        }
        return written == bytes.count ? nil : "write \(path): \(String(cString: strerror(errno)))"
    }
}
