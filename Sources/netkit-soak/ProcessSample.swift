#if canImport(Glibc)
    import Glibc
#endif

/// What the soak watches for leaks, read from `/proc/self` at one moment: open descriptors,
/// resident memory and threads.
struct ProcessSample {
    /// Operations done when the sample was taken (after the warm-up).
    var operations: Int
    /// Seconds since the measured run began.
    var seconds: Double
    /// Entries of `/proc/self/fd`, not counting the one used to read it.
    var fileDescriptors: Int
    /// Resident set size in KiB (`/proc/self/statm`, second field, times the page size).
    var residentKiB: Int
    /// Entries of `/proc/self/task`.
    var threads: Int
    /// Pod veth host ends still in the work namespace: pod namespaces the kernel has not
    /// finished removing (a few at most; a growing number means something holds them).
    var podLinks = 0

    static func take(operations: Int, seconds: Double) -> ProcessSample {
        ProcessSample(
            operations: operations, seconds: seconds, fileDescriptors: entries(of: "/proc/self/fd") - 1,
            residentKiB: residentKiB(), threads: entries(of: "/proc/self/task"))
    }

    /// Directory entries other than `.` and `..`; -1 if the directory cannot be read.
    static func entries(of path: String) -> Int {
        guard let directory = opendir(path) else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        return count
    }

    static func residentKiB() -> Int {
        let words = (readText("/proc/self/statm") ?? "").split(separator: " ")
        guard words.count > 1, let pages = Int(words[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }

    /// A small `/proc` file's text (at most 1 MiB), or nil.
    static func readText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension ProcessSample {
    static let tableHeader =
        "| operations | seconds | open fds | RSS KiB | threads | pod netns being removed |\n|---:|---:|---:|---:|---:|---:|"

    var tableRow: String {
        "| \(operations) | \(String(format1: seconds)) | \(fileDescriptors) | \(residentKiB) | \(threads) | \(podLinks) |"
    }
}
