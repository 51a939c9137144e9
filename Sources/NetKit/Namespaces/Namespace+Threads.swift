extension Namespace {
    /// A thread of this process outside its initial namespace, as
    /// ``threadsOutsideInitialNamespace()`` found it.
    public struct StrayThread: Sendable, Hashable, CustomStringConvertible {
        /// The kernel's thread id (`/proc/self/task/TID`).
        public let threadID: Int32
        /// The thread's name (`/proc/self/task/TID/comm`); a thread inherits its creator's.
        public let name: String
        /// The nsfs inode of the namespace it is in (`readlink /proc/self/task/TID/ns/net`).
        public let namespaceInode: UInt64

        public init(threadID: Int32, name: String, namespaceInode: UInt64) {
            self.threadID = threadID
            self.name = name
            self.namespaceInode = namespaceInode
        }

        /// `thread 4242 (worker) in net:[4026532290]`.
        public var description: String { "thread \(threadID) (\(name)) in net:[\(namespaceInode)]" }
    }

    /// The threads of this process that are not in its initial namespace (``initial()``), each
    /// with its id, name and namespace — what `readlink /proc/self/task/*/ns/net` shows.
    ///
    /// NetKit's own threads are known by thread id, not by name. Left out are only those of them
    /// that are inside a job right now (running the closure of a ``run(_:)`` or ``perform(_:)``,
    /// or NetKit's own work in a namespace); once the job is over they are back in the initial
    /// namespace or gone. Every other thread is checked — including any thread, task or dispatch
    /// worker that code inside a `run`/`perform` closure started, which lives in that namespace
    /// (a thread inherits its creator's) and is reported here, whatever its name.
    ///
    /// Empty unless code outside NetKit moved a thread or started one inside a closure. A test
    /// suite or a node agent can assert it after namespace work:
    ///
    ///     #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    public static func threadsOutsideInitialNamespace() throws(NetKitError) -> [StrayThread] {
        let initial = try InitialNamespace.inode()
        // Under the registry's lock no NetKit thread can leave or be marked home, so a NetKit
        // thread that is not marked away is where the scan sees it.
        let outside = NetKitThreads.withRegistry { registry in
            ProcessScan.numericEntries(of: "/proc/self/task").compactMap { tid -> (Int32, UInt64)? in
                guard registry[tid]?.isAway != true, let inode = ProcessScan.threadNamespace(tid),
                    inode != initial
                else { return nil }
                return (tid, inode)
            }
        }
        // A thread that ended since (its name gone) is nowhere any more.
        return outside.compactMap { tid, inode in
            ProcessScan.threadName(tid).map { StrayThread(threadID: tid, name: $0, namespaceInode: inode) }
        }.sorted { $0.threadID < $1.threadID }
    }
}
