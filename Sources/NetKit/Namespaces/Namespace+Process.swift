#if canImport(Glibc)
    import Glibc
#endif

/// Opening the namespace of a process through a pidfd, so that a process that exited is never
/// mistaken for another that was given its pid.
extension Namespace {
    /// The namespace of process `pid`, as `/proc/PID/ns/net` names it (`ip netns identify PID`,
    /// `nsenter --net --target PID`).
    ///
    /// The process is reached through a pidfd (`pidfd_open`), which refers to that process only,
    /// for as long as it is held:
    /// - Linux 6.11 and later: `ioctl(pidfd, PIDFD_GET_NET_NAMESPACE)` returns the namespace
    ///   itself; no path is looked up.
    /// - Linux 5.3 to 6.10: `/proc/PID/ns/net` is opened, then the pidfd is asked (`poll`) whether
    ///   its process is still there. If it is, the pid cannot have been given to another
    ///   process in between, so the file opened is its namespace; if it exited, `ESRCH`.
    /// - Before Linux 5.3 (`pidfd_open` fails with `ENOSYS`), or for a thread id that is not a
    ///   process (`EINVAL`): `/proc/PID/ns/net` alone. There is a window: should the process
    ///   exit and the kernel hand its pid to a new process before the open, the new process's
    ///   namespace is returned.
    ///
    /// On every kernel the pid is only as good as the moment the caller learned it: a process
    /// that exited *before* this call may already have passed its number on. A caller that
    /// holds a pidfd (from `clone3(CLONE_PIDFD)`, `pidfd_spawn`, or `pidfd_open` right after the
    /// fork) closes that window too with ``open(pidFileDescriptor:)``.
    ///
    /// Throws ``NetKitError`` with `ESRCH` when no process has the pid or it has exited.
    public static func open(pid: Int32) throws(NetKitError) -> Namespace {
        guard pid > 0 else {
            throw NetKitError.invalidInput("pid \(pid) is not a process id", operation: "open netns of pid")
        }
        let origin = Origin.process(pid: pid)
        let pidfd = SystemCalls.openProcess(pid)
        guard pidfd >= 0 else {
            let error = Errno.current
            if error == .ENOSYS || error == .EINVAL {
                return try open(path: "/proc/\(pid)/ns/net", origin: origin, flags: 0)
            }
            throw processError(error, origin: origin)
        }
        defer { close(pidfd) }
        return try open(pidFileDescriptor: pidfd, pid: pid)
    }

    /// The namespace of the process that `pidFileDescriptor` (a pidfd) refers to — the same
    /// process however long ago the descriptor was made, even if its pid was reused since. The
    /// descriptor stays the caller's. Linux 5.3+ (`pidfd_open`); on Linux 5.3 to 6.10 the pid
    /// is read from the descriptor's `/proc/self/fdinfo` entry and checked as ``open(pid:)``
    /// does. Throws `ESRCH` when the process has exited.
    public static func open(pidFileDescriptor: Int32) throws(NetKitError) -> Namespace {
        guard let pid = pid(ofPidFileDescriptor: pidFileDescriptor) else {
            throw NetKitError(
                .invalidInput("descriptor \(pidFileDescriptor) is not a pidfd"),
                operation: "open network namespace", object: "pidfd \(pidFileDescriptor)")
        }
        guard pid > 0 else { throw processError(.ESRCH, origin: .process(pid: pid)) }
        return try open(pidFileDescriptor: pidFileDescriptor, pid: pid)
    }

    private static func open(pidFileDescriptor pidfd: Int32, pid: Int32) throws(NetKitError) -> Namespace {
        let origin = Origin.process(pid: pid)
        let fd = SystemCalls.networkNamespace(ofProcess: pidfd)
        if fd >= 0 { return try Namespace(fileDescriptor: fd, origin: origin) }
        let error = Errno.current
        // ENOTTY (or EINVAL): a kernel without the pidfd namespace ioctls (before 6.11).
        guard error == Errno(rawValue: ENOTTY) || error == .EINVAL else { throw processError(error, origin: origin) }
        let opened: Namespace
        do {
            opened = try open(path: "/proc/\(pid)/ns/net", origin: origin, flags: 0)
        } catch {
            if hasExited(pidfd) { throw processError(.ESRCH, origin: origin) }
            throw error
        }
        if hasExited(pidfd) { throw processError(.ESRCH, origin: origin) }
        return opened
    }

    /// True when the pidfd's process has exited (its pidfd polls readable).
    private static func hasExited(_ pidfd: Int32) -> Bool {
        var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && entry.revents & Int16(POLLIN) != 0
    }

    /// The `Pid:` line of a pidfd's fdinfo (-1 once the process exited), or nil for another kind
    /// of descriptor.
    private static func pid(ofPidFileDescriptor fd: Int32) -> Int32? {
        let info = Glibc.open("/proc/self/fdinfo/\(fd)", O_RDONLY | O_CLOEXEC)
        guard info >= 0 else { return nil }
        defer { close(info) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(info, &buffer, buffer.count)
        guard count > 0 else { return nil }
        for line in String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n") where line.hasPrefix("Pid:") {
            return Int32(String(line.dropFirst(4).filter { $0 != " " && $0 != "\t" }))
        }
        return nil
    }

    private static func processError(_ error: Errno, origin: Origin) -> NetKitError {
        NetKitError(
            .system(error), operation: "open network namespace", object: describe(origin),
            hint: error == .ESRCH ? "the process has exited" : nil)
    }
}
