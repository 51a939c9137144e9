#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NetKit
import NetKitCNI

/// host-local's state directory, in the reference plugin's format so both can share a
/// `dataDir`: one file per allocated address, named by the address and holding
/// `CONTAINERID\r\nIFNAME`; `last_reserved_ip.N` per range set for round-robin; and `lock`,
/// held with `flock` for the whole operation.
///
/// Crash safety: the lock is the kernel's and dies with the process; an address file appears
/// complete or not at all (written under a temporary name and `fsync`ed, then `link`ed, which
/// also refuses a taken address atomically; then the directory is `fsync`ed, so that the new
/// name survives a power loss too); `last_reserved_ip.N` is replaced by `rename` the same way.
/// Temporary files a crash left behind are removed by the next run. A file that is torn all
/// the same (empty, or not `ID` / `ID\r\nIFNAME` — another writer, a file system without
/// ordered writes) is a reservation whose owner is unknown: its address is not handed out,
/// `DEL` cannot match it and `GC` keeps it and reports it (``Reservation/isTorn``).
final class AllocationStore {
    let directory: String
    private let lock: Int32

    /// One allocation on disk.
    struct Reservation: Sendable, Hashable {
        var address: IPAddress
        /// Empty when the file is torn.
        var containerID: String
        /// Empty for files written by host-local before 0.7 (container ID only).
        var interfaceName: String
        /// The file is empty, unreadable or not an owner's ID: the address is taken, by whom is
        /// unknown.
        var isTorn: Bool { containerID.isEmpty }
    }

    private static let lastReservedPrefix = "last_reserved_ip."
    private static let temporaryPrefix = ".netkit-tmp."

    /// How long ``init(directory:)`` waits for another process's lock before giving up with
    /// error 11. The lock is held for milliseconds; a wait this long means a stuck holder, and
    /// the runtime should retry rather than hang (the reference blocks forever).
    static let lockTimeoutMilliseconds = 10_000

    /// Opens (creating if needed) `directory` and takes its lock, waiting at most
    /// ``lockTimeoutMilliseconds`` (then error 11, try again later).
    init(directory: String) throws(CNIError) {
        self.directory = directory
        try Self.makeDirectories(directory)
        let fd = open(directory + "/lock", O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError("open", directory + "/lock") }
        do {
            try Self.lock(fd, path: directory + "/lock")
        } catch {
            close(fd)
            throw error
        }
        lock = fd
        for name in fileNames() where name.hasPrefix(Self.temporaryPrefix) {
            unlink(path(name))
        }
    }

    deinit { close(lock) }

    // MARK: - Queries

    /// Every allocation, in no particular order.
    func reservations() -> [Reservation] {
        fileNames().compactMap { name in
            guard !name.hasPrefix("."), let address = IPAddress(name) else { return nil }
            let owner = (try? read(path(name))).flatMap(Self.owner) ?? (id: "", interface: "")
            return Reservation(address: address, containerID: owner.id, interfaceName: owner.interface)
        }
    }

    /// The addresses held by the attachment. Files written before interface names were
    /// recorded match on the container ID alone, as in the reference.
    func addresses(of containerID: String, interface: String) -> [IPAddress] {
        matching(containerID, interface).map(\.address)
    }

    /// The address last handed out from range set `index`, where round-robin resumes.
    func lastReserved(rangeSet index: Int) -> IPAddress? {
        (try? read(path(Self.lastReservedPrefix + String(index)))).flatMap { IPAddress($0.trimmingWhitespace) }
    }

    // MARK: - Changes

    /// Claims `address` for the attachment; false if another holds it.
    func reserve(_ address: IPAddress, containerID: String, interface: String, rangeSet index: Int) throws(CNIError) -> Bool {
        let content = containerID.trimmingWhitespace + "\r\n" + interface
        let temporary = try writeTemporary(content)
        defer { unlink(temporary) }
        if link(temporary, path(address.description)) != 0 {
            if errno == EEXIST { return false }
            throw Self.ioError("link", path(address.description))
        }
        let marker = try writeTemporary(address.description, durable: false)  // a lost round-robin hint costs nothing
        if rename(marker, path(Self.lastReservedPrefix + String(index))) != 0 {
            let error = Self.ioError("rename", path(Self.lastReservedPrefix + String(index)))
            unlink(marker)
            unlink(path(address.description))
            throw error
        }
        do {
            try syncDirectory()
        } catch {
            unlink(path(address.description))
            throw error
        }
        return true
    }

    /// Removes the attachment's allocations and returns their addresses; none is not an error.
    @discardableResult
    func release(containerID: String, interface: String) -> [IPAddress] {
        // Not synced: a release that a power loss undoes leaves an address held by an
        // attachment the runtime no longer has, which its next GC releases.
        matching(containerID, interface).compactMap { reservation in
            unlink(path(reservation.address.description)) == 0 ? reservation.address : nil
        }
    }

    /// Removes one allocation.
    func release(_ address: IPAddress) {
        unlink(path(address.description))
    }

    // MARK: - Files

    private func matching(_ containerID: String, _ interface: String) -> [Reservation] {
        let id = containerID.trimmingWhitespace
        let all = reservations().filter { !$0.isTorn }
        let exact = all.filter { $0.containerID == id && $0.interfaceName == interface }
        return exact.isEmpty ? all.filter { $0.containerID == id && $0.interfaceName.isEmpty } : exact
    }

    /// The owner a file names, or nil when it names none: empty, or not a container ID (an
    /// alphanumeric, then alphanumerics, `_`, `.`, `-`, as the spec defines it) optionally
    /// followed by `\r\n` and an interface name (1–15 bytes, no `/`, `:` or whitespace).
    private static func owner(_ text: String) -> (id: String, interface: String)? {
        let bytes = Array(text.trimmingWhitespace.utf8)
        let lineBreak: [UInt8] = [0x0D, 0x0A]
        let separator = bytes.indices.first { bytes[$0...].starts(with: lineBreak) }
        let id = Array(bytes[..<(separator ?? bytes.endIndex)])
        let interface = separator.map { Array(bytes[($0 + 2)...]) } ?? []
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard let first = id.first, isAlphanumeric(first),
            id.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { return nil }
        if separator != nil {
            let forbidden: Set<UInt8> = [0x2F, 0x3A, 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
            guard (1...15).contains(interface.count), !interface.contains(where: { forbidden.contains($0) || $0 < 0x20 || $0 == 0x7F })
            else { return nil }
        }
        return (String(decoding: id, as: UTF8.self), String(decoding: interface, as: UTF8.self))
    }

    private func path(_ name: String) -> String { directory + "/" + name }

    private func fileNames() -> [String] {
        let names = try? CNIFile.names(in: directory)
        return (names ?? nil) ?? []
    }

    private func read(_ path: String) throws(CNIError) -> String {
        String(decoding: try CNIFile.read(path, limit: 65536), as: UTF8.self)
    }

    /// `content` in a new temporary file; with `durable`, `fsync`ed before it is published.
    private func writeTemporary(_ content: String, durable: Bool = true) throws(CNIError) -> String {
        let name = path(Self.temporaryPrefix + String(getpid()) + "." + String(UInt32.random(in: 0 ... .max), radix: 16))
        let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.ioError("open", name) }
        let bytes = Array(content.utf8)
        var offset = 0
        var error: CNIError?
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                error = Self.ioError("write", name)
                break
            }
            offset += written
        }
        // The content reaches the disk before the name that publishes it.
        if error == nil && durable && fsync(fd) != 0 { error = Self.ioError("fsync", name) }
        close(fd)
        if let error {
            unlink(name)
            throw error
        }
        return name
    }

    /// `fsync` of the directory: makes its new and removed names durable.
    private func syncDirectory() throws(CNIError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.ioError("open", directory) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw Self.ioError("fsync", directory) }
    }

    /// `flock(LOCK_EX | LOCK_NB)`, retried every 5 ms until ``lockTimeoutMilliseconds``:
    /// flock(2) has no timeout of its own.
    private static func lock(_ fd: Int32, path: String) throws(CNIError) {
        var waited = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            switch errno {
            case EINTR:
                continue
            case EWOULDBLOCK where waited < lockTimeoutMilliseconds:
                usleep(5_000)
                waited += 5
            case EWOULDBLOCK:
                throw CNIError(
                    .tryAgainLater, "host-local state is locked by another process",
                    details: "waited \(lockTimeoutMilliseconds / 1000) s for flock \(path); try again later")
            default:
                throw ioError("flock", path)
            }
        }
    }

    private static func makeDirectories(_ path: String) throws(CNIError) {
        var current = path.hasPrefix("/") ? "" : "."
        // Split by bytes: "/" followed by a combining mark is one Character.
        for component in path.utf8.split(separator: UInt8(ascii: "/")).map({ String(Substring($0)) }) {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw ioError("mkdir", current) }
        }
    }

    private static func ioError(_ call: String, _ path: String) -> CNIError {
        CNIError(.ioFailure, "host-local state I/O failed", details: "\(call) \(path): \(String(cString: strerror(errno)))")
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
