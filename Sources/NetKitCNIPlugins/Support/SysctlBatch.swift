import NetKit
import NetKitCNI

/// Sysctl writes grouped by namespace, so that each group costs one thread hand-off at most.
///
/// `Namespace.setSysctl` starts a thread inside the namespace for every key — the only safe
/// way for a library that cannot know which namespace its caller's thread is in. A plugin
/// knows: its own threads never leave the runtime's namespace (NetKit never moves them), so
/// keys of that namespace are written from the calling thread, and the container's keys are
/// written together in one hand-off to NetKit's reused namespace thread
/// (`Namespace.writeSysctlFiles`). The keys and values are NetKit's typed ``Sysctl`` ones.
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
        try check(Namespace.writeSysctlFiles(writes.map { ($0.path, $0.value, $0.required) }))
    }

    /// Applies the writes inside `namespace`, in one hand-off to NetKit's namespace thread
    /// (none for an empty batch).
    func apply(in namespace: Namespace) throws(CNIError) {
        guard !writes.isEmpty else { return }
        let failures = try attempt("enter \(namespace) for sysctls") {
            try namespace.writeSysctlFiles(writes.map { ($0.path, $0.value, $0.required) })
        }
        try check(failures)
    }

    /// Error 100 for the first failed `required` write (`failures` in the order of ``writes``).
    private func check(_ failures: [String?]) throws(CNIError) {
        for (write, failure) in zip(writes, failures) where write.required {
            if let failure { throw CNIError(.kernelFailure, "sysctl -w \(write.path)", details: failure) }
        }
    }
}
