#if canImport(Glibc)
    import Glibc
#endif

/// Where threads and tasks are, read straight from `/proc` (independently of NetKit's own
/// diagnostic, which the scenarios check separately).
enum ThreadProbe {
    /// `/proc/self/ns/net`, read before any scenario runs.
    static let initialNamespace = inode("/proc/self/ns/net") ?? 0

    /// Tasks started by ``checkHome(initial:)``: 16 unstructured tasks and a group of 16.
    static let tasksChecked = 32

    /// The namespace of the thread running the caller.
    static func currentNamespace() -> UInt64 {
        inode("/proc/thread-self/ns/net") ?? 0
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// New tasks (16 detached, then a task group of 16) and then every thread of the process:
    /// each must be in `initial`. Returns what is not.
    static func checkHome(initial: UInt64) async -> [String] {
        var findings: [String] = []
        var detached: [Task<UInt64, Never>] = []
        for _ in 0..<16 {
            detached.append(Task.detached { currentNamespace() })
        }
        for (index, task) in detached.enumerated() {
            let namespace = await task.value
            if namespace != initial { findings.append("new task \(index) ran in net:[\(namespace)]") }
        }
        let grouped = await withTaskGroup(of: UInt64.self) { group in
            for _ in 0..<16 { group.addTask { currentNamespace() } }
            var namespaces: [UInt64] = []
            for await namespace in group { namespaces.append(namespace) }
            return namespaces
        }
        for (index, namespace) in grouped.enumerated() where namespace != initial {
            findings.append("task-group child \(index) ran in net:[\(namespace)]")
        }
        findings += threadsElsewhere(initial: initial)
        return findings
    }

    /// Every thread of the process whose namespace is not `initial`, with its name.
    static func threadsElsewhere(initial: UInt64) -> [String] {
        threadIDs().compactMap { tid in
            guard let namespace = inode("/proc/self/task/\(tid)/ns/net"), namespace != initial else { return nil }
            return "thread \(tid) (\(threadName(tid))) is in net:[\(namespace)]"
        }
    }

    static func threadCount() -> Int { threadIDs().count }

    static func threadIDs() -> [Int32] {
        guard let directory = opendir("/proc/self/task") else { return [] }
        defer { closedir(directory) }
        var ids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let id = Int32(name) { ids.append(id) }
        }
        return ids
    }

    static func threadName(_ tid: Int32) -> String {
        guard let file = fopen("/proc/self/task/\(tid)/comm", "r") else { return "gone" }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return "?" }
        let bytes = buffer.prefix { $0 != 0 && $0 != 10 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
