#if canImport(Glibc)
    import Glibc
#endif

/// Reads `/proc` to find which processes have threads in a network namespace.
enum ProcessScan {
    static func pids(inNetworkNamespace inode: UInt64) -> [Int32] {
        var found: [Int32] = []
        for pid in numericEntries(of: "/proc") {
            for tid in numericEntries(of: "/proc/\(pid)/task") {
                var info = stat()
                if stat("/proc/\(pid)/task/\(tid)/ns/net", &info) == 0, UInt64(info.st_ino) == inode {
                    found.append(pid)
                    break
                }
            }
        }
        return found
    }

    /// The network-namespace inode of every thread of this process, keyed by thread id.
    static func threadNamespaces() -> [Int32: UInt64] {
        var result: [Int32: UInt64] = [:]
        for tid in numericEntries(of: "/proc/self/task") {
            if let inode = threadNamespace(tid) { result[tid] = inode }
        }
        return result
    }

    /// One thread's network-namespace inode, nil if the thread is gone.
    static func threadNamespace(_ tid: Int32) -> UInt64? {
        var info = stat()
        return stat("/proc/self/task/\(tid)/ns/net", &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// A thread's name (`/proc/self/task/TID/comm`), without the newline.
    static func threadName(_ tid: Int32) -> String? {
        let fd = open("/proc/self/task/\(tid)/comm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingSuffix("\n")
    }

    static func numericEntries(of path: String) -> [Int32] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var entries: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let value = Int32(name) { entries.append(value) }
        }
        return entries
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
