#if canImport(Glibc)
    import Glibc
#endif

/// The process's initial network namespace: `/proc/self/ns/net` (the main thread's), opened
/// once, the first time NetKit needs it — before it starts any thread that changes namespace —
/// and kept open for the life of the process. Every NetKit thread returns here (`setns` to this
/// descriptor) before it resumes a continuation, signals a waiter or takes another job, and
/// ``Namespace/threadsOutsideInitialNamespace()`` compares every thread with it.
enum InitialNamespace {
    private struct Descriptor {
        let fileDescriptor: Int32
        let inode: UInt64
    }

    private static let opened: Result<Descriptor, NetKitError> = {
        let path = "/proc/self/ns/net"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(NetKitError(.system(.current), operation: "open the initial netns", object: path))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = Errno.current
            close(fd)
            return .failure(NetKitError(.system(error), operation: "open the initial netns", object: path))
        }
        return .success(Descriptor(fileDescriptor: fd, inode: UInt64(info.st_ino)))
    }()

    /// The initial namespace's nsfs inode.
    static func inode() throws(NetKitError) -> UInt64 {
        try opened.get().inode
    }

    /// A new descriptor of the initial namespace (`O_CLOEXEC`), for a ``Namespace`` value.
    static func duplicateDescriptor() throws(NetKitError) -> Int32 {
        let fd = fcntl(try opened.get().fileDescriptor, F_DUPFD_CLOEXEC, 0)
        guard fd >= 0 else {
            throw NetKitError(.system(.current), operation: "open the initial netns", object: "/proc/self/ns/net")
        }
        return fd
    }

    /// Opens the descriptor now if it is not open yet; called before NetKit starts a thread.
    static func capture() throws(NetKitError) {
        _ = try opened.get()
    }

    /// Whether the calling thread is in the initial namespace (its `/proc/thread-self/ns/net`).
    static func containsCallingThread() -> Bool {
        guard case .success(let home) = opened else { return false }
        var info = stat()
        return stat("/proc/thread-self/ns/net", &info) == 0 && UInt64(info.st_ino) == home.inode
    }

    /// Moves the calling thread (one of NetKit's, after a job) back to the initial namespace
    /// and confirms it from the thread's own namespace link. False if it could not: the thread
    /// must then not resume, signal or start anything, nor take another job.
    static func returnCallingThread() -> Bool {
        enterCallingThread() && containsCallingThread()
    }

    /// `setns` to the initial namespace; false if the kernel refused (the thread is then where
    /// it was).
    @discardableResult
    static func enterCallingThread() -> Bool {
        guard case .success(let home) = opened else { return false }
        return SystemCalls.enterNetworkNamespace(home.fileDescriptor) == 0
    }
}
