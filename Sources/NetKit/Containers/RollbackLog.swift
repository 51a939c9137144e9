/// What a composite operation has changed so far, undone newest first when a later step fails,
/// so that a failed operation leaves the system as it found it — and, when a step cannot be
/// undone, says what was left behind.
///
/// NetKit's own composite operations (`NetlinkHandle.attach(_:)`) use it, and so can yours: a
/// CNI plugin's `ADD` records each change as it makes it, calls ``commit()`` when everything
/// succeeded, and ``rollBack()`` on failure.
///
/// ```swift
/// var log = RollbackLog()
/// try node.add(VethPair(name: "veth1", peerName: "eth0", peerNamespace: pod))
/// log.record("delete veth1") { try RollbackLog.unlessGone { try node.deleteLink("veth1") } }
/// do { try node.setMaster("veth1", to: "cni0") } catch {
///     let leftovers = log.rollBack()   // [] when everything was undone
///     throw error
/// }
/// log.commit()
/// ```
public struct RollbackLog {
    private var steps: [(what: String, undo: () throws -> Void)] = []

    /// An empty log.
    public init() {}

    /// Records how to undo a change just made; `what` names the undo step in the report of
    /// ``rollBack()`` ("delete eth0 in the container").
    public mutating func record(_ what: String, _ undo: @escaping () throws -> Void) {
        steps.append((what, undo))
    }

    /// Runs every undo step, newest first, each one even when an earlier one failed, and returns
    /// what could not be undone (`"what: error"`), empty when everything was.
    public mutating func rollBack() -> [String] {
        var failures: [String] = []
        while let step = steps.popLast() {
            do { try step.undo() } catch { failures.append("\(step.what): \(error)") }
        }
        return failures
    }

    /// Forgets the steps: the operation succeeded and its changes stay.
    public mutating func commit() {
        steps.removeAll()
    }

    /// Runs `body`, counting NetKit's "not found" as done: what an undo step removes may already
    /// be gone (the container's namespace died, the kernel removed a veth's peer with it).
    public static func unlessGone(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as NetKitError where error.isNotFound {
            // Already gone.
        }
    }
}

extension RollbackLog {
    /// Carries a log to the NetKit I/O thread that records into it and back (an `async` form's
    /// `inout` log): only one thread uses it at a time, the task waiting meanwhile.
    final class Transfer: @unchecked Sendable {
        var log: RollbackLog
        init(_ log: RollbackLog) { self.log = log }
    }
}
