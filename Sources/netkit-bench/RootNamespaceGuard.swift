#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the benchmark out of the machine's root network namespace, where creating 1000 veth
/// pairs or a million routes would disturb the host.
enum RootNamespaceGuard {
    /// `init_net`'s inode on kernels that give it a fixed one (`PROC_NET_INIT_INO`).
    static let initialNamespaceInode: UInt64 = 0xEFFF_FFF9

    /// Why the benchmark must not run here, or nil. The root namespace is pid 1's; where pid 1
    /// cannot be inspected (a VM's init that is not dumpable) it is kthreadd's (pid 2), which
    /// always lives in `init_net`. If neither can be read, refuse: better than acting in the
    /// wrong place.
    static func refusal() -> String? {
        guard let own = inode("/proc/self/ns/net") else { return "cannot read /proc/self/ns/net" }
        let message =
            "refusing to run in the machine's root network namespace; run it inside one (nsenter --net=/run/netns/NS or ip netns exec NS)"
        if let root = inode("/proc/1/ns/net") { return own == root ? message : nil }
        if own == initialNamespaceInode { return message }
        if kthreaddIsPID2(), let root = inode("/proc/2/ns/net") { return own == root ? message : nil }
        return "cannot tell whether this is the machine's root network namespace (/proc/1/ns/net and /proc/2/ns/net are unreadable)"
    }

    private static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    private static func kthreaddIsPID2() -> Bool {
        guard let file = fopen("/proc/2/comm", "r") else { return false }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 32)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return false }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) == "kthreadd\n"
    }
}
