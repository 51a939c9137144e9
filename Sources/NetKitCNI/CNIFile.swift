#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reading files and directories with plain system calls, for plugins (configuration files,
/// `resolv.conf`, state directories) that must not pay Foundation's start-up cost.
public enum CNIFile {
    /// The file's bytes (at most `limit`); failures are error 5 naming the path.
    public static func read(_ path: String, limit: Int = 16 << 20) throws(CNIError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", path) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// The names in a directory (without `.` and `..`), unsorted; nil if it does not exist.
    /// Other failures are error 5.
    public static func names(in directory: String) throws(CNIError) -> [String]? {
        guard let stream = opendir(directory) else {
            if errno == ENOENT { return nil }
            throw failure("opendir", directory)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether `path` is a regular file (following symbolic links, as runtimes do).
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    static func failure(_ call: String, _ path: String) -> CNIError {
        CNIError(
            .ioFailure, "cannot \(call == "opendir" ? "read directory" : call) \(path)",
            details: "\(call) \(path): \(String(cString: strerror(errno)))")
    }
}
