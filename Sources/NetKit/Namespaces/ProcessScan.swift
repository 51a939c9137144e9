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
            var info = stat()
            if stat("/proc/self/task/\(tid)/ns/net", &info) == 0 { result[tid] = UInt64(info.st_ino) }
        }
        return result
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
