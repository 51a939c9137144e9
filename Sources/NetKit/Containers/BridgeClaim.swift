#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A claim on a bridge by an attach that is about to use it (look it up or create it, then add
/// a port), so that another attach's rollback never deletes a bridge that someone is still
/// setting up a port on.
///
/// A claim is a shared `flock` on `/run/netkit/bridges/INODE.NAME` (the namespace's inode and
/// the bridge's name), one open file description per claim: it works between threads of one
/// process and between processes (concurrent CNI `ADD`s). The file lives as long as the bridge
/// a claim's rollback could delete: whoever deletes the bridge removes it. Take it before the bridge is looked
/// up or created and release it once the port is in or the attach has given up.
///
/// ``deleteIfUnused(index:)`` — the rollback of an attach that created the bridge — turns the
/// claim into an exclusive lock without waiting. It deletes only if that succeeds (no other
/// attach holds a claim) and the bridge has no port at that moment; new claims wait for it
/// meanwhile, so no claiming attach can add a port between the check and the delete. The
/// delete names the bridge by index (`RTM_DELLINK` with `ifi_index`), so a bridge created again
/// under the same name is never hit.
///
/// The kernel has no "delete if it has no ports", so one window remains: a port added between
/// the check and the delete by something that takes no claim (`ip link set dev X master cni0`,
/// another plugin). When the lock file cannot be made (a read-only `/run`), the claim is
/// empty and ``deleteIfUnused(index:)`` never deletes: an empty bridge left behind is the safe
/// side.
public final class BridgeClaim: @unchecked Sendable {
    public let bridge: InterfaceName
    private let handle: NetlinkHandle
    private let path: String
    private var fd: Int32 = -1
    private var exclusive = false

    /// Where the lock files live.
    public static let directory = "/run/netkit/bridges"

    /// Claims `bridge` in `handle`'s namespace: waits while a rollback decides whether to
    /// delete it (a few netlink requests), never while other attaches hold claims.
    public init(bridge: InterfaceName, on handle: NetlinkHandle) throws(NetKitError) {
        self.bridge = bridge
        self.handle = handle
        path = Self.directory + "/\(handle.namespace.inode).\(self.bridge)"
        guard Self.makeDirectory() else { return }
        while fd < 0 {
            let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return }
            var locked: Int32
            repeat { locked = flock(fd, LOCK_SH) } while locked != 0 && errno == EINTR
            var info = stat()
            guard locked == 0, fstat(fd, &info) == 0 else {
                close(fd)
                return
            }
            // The rollback that deleted the bridge removed this file while we waited: the
            // next attach must lock the file that the path names now.
            if info.st_nlink == 0 {
                close(fd)
                continue
            }
            self.fd = fd
        }
    }

    deinit { release() }

    /// The namespace of the bridge.
    var namespace: Namespace { handle.namespace }

    /// Whether the claim holds a lock (false when the lock file could not be made).
    public var isHeld: Bool { fd >= 0 }

    /// Runs `body` (an undo step on the bridge) only if no other attach claims the bridge: the
    /// claim becomes an exclusive lock, tried without waiting, and stays exclusive until
    /// ``release()``. False, without running `body`, when another claim is held (a failed
    /// conversion leaves this claim holding nothing) or there is no lock file.
    public func ifUnclaimed(_ body: () throws -> Void) throws -> Bool {
        guard fd >= 0 else { return false }
        if !exclusive {
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                release()
                return false
            }
            exclusive = true
        }
        try body()
        return true
    }

    /// Deletes the bridge with index `index` if no other attach claims it (``ifUnclaimed(_:)``)
    /// and it has no port now; true if it deleted it.
    public func deleteIfUnused(index: Int32) throws(NetKitError) -> Bool {
        var deleted = false
        do {
            _ = try ifUnclaimed {
                guard let bridgeLink = try handle.linkIfPresent(index: index), bridgeLink.kind == .bridge,
                    bridgeLink.name == bridge,
                    try !handle.links().contains(where: { $0.masterIndex == index })
                else { return }
                var request = NetlinkRequest(
                    .delLink, flags: [], operation: "RTM_DELLINK (ip link del)", object: "dev \(bridge) (index \(index))")
                var header = InterfaceInfoHeader()
                header.index = index
                request.appendHeader(header)
                do {
                    try handle.execute(request)
                    deleted = true
                } catch let error as NetKitError where error.isNotFound {
                    // Gone already.
                }
                if deleted { unlink(path) }  // no lock file outlives its bridge
            }
        } catch {
            throw NetKitError.wrap(error, operation: "RTM_DELLINK (ip link del)", object: "dev \(bridge) (index \(index))")
        }
        return deleted
    }

    /// Gives the claim up (closing the file releases the lock).
    public func release() {
        if fd >= 0 { close(fd) }
        fd = -1
        exclusive = false
    }

    private static func makeDirectory() -> Bool {
        var current = ""
        for component in directory.utf8.split(separator: UInt8(ascii: "/")) {
            current += "/" + String(decoding: component, as: UTF8.self)
            if mkdir(current, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }
}
