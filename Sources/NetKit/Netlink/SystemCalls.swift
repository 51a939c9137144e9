internal import CNetKitShims

/// The system calls NetKit's namespace code needs that Swift cannot call through Glibc:
/// `setns`, `unshare`, `gettid` and `pthread_setname_np` are `_GNU_SOURCE`-only, `ioctl` and `syscall` are
/// variadic, and glibc has no `capget`. Each wraps one function of `CNetKitShims` (a C target
/// compiled with `_GNU_SOURCE`) and returns what the C call returns (`-1` with `errno` set on
/// failure), so that `Namespaces/` — the only code that changes a thread's namespace — never
/// imports a C module itself (Architecture.md: only `Netlink/` does). Modelled on swift-system's `Internals/Syscalls.swift`.
enum SystemCalls {
    /// `CLONE_NEWNET`: the namespace type of a network namespace (`NS_GET_NSTYPE`'s answer).
    static let networkNamespaceType: Int32 = CNetKitShims_CLONE_NEWNET

    /// Moves the calling thread into the network namespace `fileDescriptor` refers to.
    /// The corresponding C call is `setns(fd, CLONE_NEWNET)`.
    static func enterNetworkNamespace(_ fileDescriptor: Int32) -> Int32 {
        CNetKitShims_setns_net(fileDescriptor)
    }

    /// Gives the calling thread a brand-new network namespace.
    /// The corresponding C call is `unshare(CLONE_NEWNET)`.
    static func unshareNetworkNamespace() -> Int32 {
        CNetKitShims_unshare_net()
    }

    /// Names the calling thread (`/proc/self/task/TID/comm`; at most 15 bytes are kept).
    /// The corresponding C call is `pthread_setname_np(pthread_self(), name)`.
    @discardableResult
    static func setThreadName(_ name: String) -> Int32 {
        CNetKitShims_set_thread_name(name)
    }

    /// The calling thread's kernel id (`/proc/self/task/TID`).
    /// The corresponding C call is `gettid()` (`syscall(SYS_gettid)`).
    static func threadID() -> Int32 {
        CNetKitShims_gettid()
    }

    /// The namespace type of an nsfs descriptor (`CLONE_NEWNET` for a network namespace).
    /// The corresponding C call is `ioctl(fd, NS_GET_NSTYPE)`.
    static func namespaceType(_ fileDescriptor: Int32) -> Int32 {
        CNetKitShims_ns_get_nstype(fileDescriptor)
    }

    /// A pidfd: a descriptor for process `pid` that keeps referring to that process (and only
    /// it) even after it exits and its number is given to another. Linux 5.3+; `-1` with
    /// `ENOSYS` on older kernels, `ESRCH` when no process has the pid.
    /// The corresponding C call is `pidfd_open(pid, 0)` (the raw system call).
    static func openProcess(_ pid: Int32) -> Int32 {
        CNetKitShims_pidfd_open(pid)
    }

    /// A descriptor of the network namespace of the process `pidFileDescriptor` refers to.
    /// Linux 6.11+; older kernels fail with `ENOTTY`, an exited process with `ESRCH`.
    /// The corresponding C call is `ioctl(pidfd, PIDFD_GET_NET_NAMESPACE)`.
    static func networkNamespace(ofProcess pidFileDescriptor: Int32) -> Int32 {
        CNetKitShims_pidfd_get_net_namespace(pidFileDescriptor)
    }

    /// A thread's three capability sets, each as one 64-bit mask (bit N is capability N).
    struct CapabilitySets: Equatable {
        var effective: UInt64, permitted: UInt64, inheritable: UInt64
    }

    /// The calling thread's capabilities, or nil (with `errno`) if the kernel would not say.
    /// The corresponding C call is `capget` (version 3: two 32-bit words per set).
    static func threadCapabilities() -> CapabilitySets? {
        var header = __user_cap_header_struct(version: CNetKitShims_LINUX_CAPABILITY_VERSION_3, pid: 0)
        // Version 3 takes two consecutive structs: the low and the high 32 bits of each set.
        var words = [__user_cap_data_struct](repeating: __user_cap_data_struct(), count: 2)
        guard CNetKitShims_capget(&header, &words) == 0 else { return nil }
        func join(_ low: UInt32, _ high: UInt32) -> UInt64 { UInt64(low) | UInt64(high) << 32 }
        return CapabilitySets(
            effective: join(words[0].effective, words[1].effective),
            permitted: join(words[0].permitted, words[1].permitted),
            inheritable: join(words[0].inheritable, words[1].inheritable))
    }

    /// Replaces the calling thread's capabilities (only that thread's: the raw system call, not
    /// a process-wide wrapper). Returns 0, or -1 with `errno`.
    /// The corresponding C call is `capset` (version 3).
    static func setThreadCapabilities(_ sets: CapabilitySets) -> Int32 {
        var header = __user_cap_header_struct(version: CNetKitShims_LINUX_CAPABILITY_VERSION_3, pid: 0)
        func word(_ mask: UInt64, _ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: mask >> (32 * index)) }
        var words = (0..<2).map { index in
            __user_cap_data_struct(
                effective: word(sets.effective, index), permitted: word(sets.permitted, index),
                inheritable: word(sets.inheritable, index))
        }
        return CNetKitShims_capset(&header, &words)
    }

    /// The calling thread's real, effective and saved user ids, or nil if the call failed.
    /// The corresponding C call is `getresuid` (the raw system call).
    static func threadUserIDs() -> [UInt32]? {
        var real: UInt32 = 0, effective: UInt32 = 0, saved: UInt32 = 0
        guard CNetKitShims_getresuid(&real, &effective, &saved) == 0 else { return nil }
        return [real, effective, saved]
    }

    /// The calling thread's real, effective and saved group ids, or nil if the call failed.
    /// The corresponding C call is `getresgid` (the raw system call).
    static func threadGroupIDs() -> [UInt32]? {
        var real: UInt32 = 0, effective: UInt32 = 0, saved: UInt32 = 0
        guard CNetKitShims_getresgid(&real, &effective, &saved) == 0 else { return nil }
        return [real, effective, saved]
    }
}
