import Foundation

// What can hold a network namespace, read from /proc: the checks behind "nothing is left
// mounted, held or half-created" in the namespace tests.

/// Every net namespace inode any thread of any process is in.
enum ProcessNamespaces {
    static func all() -> Set<UInt64> {
        var result = Set<UInt64>()
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return result }
        for pid in pids where Int(pid) != nil {
            guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { continue }
            for tid in tasks {
                var info = stat()
                if stat("/proc/\(pid)/task/\(tid)/ns/net", &info) == 0 { result.insert(UInt64(info.st_ino)) }
            }
        }
        return result
    }
}

/// `/proc/self/mountinfo`, one entry per mount.
enum MountTable {
    struct Entry {
        var root: String
        var mountPoint: String
        var optionalFields: [Substring]
        var fileSystem: String
        var isShared: Bool { optionalFields.contains { $0.hasPrefix("shared:") } }
    }

    static func entries(at mountPoint: String) -> [Entry] {
        all().filter { $0.mountPoint == mountPoint }
    }

    /// Mounts of the network namespace `inode` (an nsfs mount's root is `net:[INODE]`).
    static func mounts(ofNamespace inode: UInt64) -> [Entry] {
        all().filter { $0.fileSystem == "nsfs" && $0.root == "net:[\(inode)]" }
    }

    static func all() -> [Entry] {
        // Read to the end: procfs reports size 0 and hands out a page per read, and
        // String(contentsOfFile:) stops after the first.
        guard let file = FileHandle(forReadingAtPath: "/proc/self/mountinfo") else { return [] }
        defer { try? file.close() }
        let text = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line -> Entry? in
            let fields = line.split(separator: " ")
            guard fields.count > 7, let separator = fields.firstIndex(of: "-"), separator + 1 < fields.count else { return nil }
            return Entry(
                root: String(fields[3]), mountPoint: String(fields[4]),
                optionalFields: Array(fields[6..<separator]), fileSystem: String(fields[separator + 1]))
        }
    }
}

/// Namespaces this process holds open through file descriptors (`/proc/self/fd/*` → `net:[N]`).
enum OpenDescriptors {
    static func namespaceInodes() -> Set<UInt64> {
        Set(all().map(\.inode))
    }

    /// The descriptors of the network namespace `inode`, which must be alive (held by the
    /// caller): a destroyed namespace's inode number is reused for the next one.
    static func holding(namespace inode: UInt64) -> Set<Int32> {
        Set(all().filter { $0.inode == inode }.map(\.fd))
    }

    private static func all() -> [(fd: Int32, inode: UInt64)] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { fd -> (fd: Int32, inode: UInt64)? in
            guard let number = Int32(fd),
                let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"),
                link.hasPrefix("net:["), let inode = UInt64(link.dropFirst(5).dropLast())
            else { return nil }
            return (number, inode)
        }
    }
}
