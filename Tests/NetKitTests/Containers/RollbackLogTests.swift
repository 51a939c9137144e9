import NetKit
import Testing

@Suite("RollbackLog")
struct RollbackLogTests {
    final class Journal { var lines: [String] = [] }

    @Test("rollBack runs every step newest first, goes on after a failed one, and names what it could not undo")
    func rollBackOrderAndFailures() {
        let journal = Journal()
        var log = RollbackLog()
        log.record("delete veth1") { journal.lines.append("veth1") }
        log.record("delete cni0") { throw NetKitError(.kernel(.EBUSY), operation: "RTM_DELLINK (ip link del)", object: "cni0") }
        log.record("delete eth0 in the pod") { journal.lines.append("eth0") }
        let failures = log.rollBack()
        #expect(journal.lines == ["eth0", "veth1"])
        #expect(failures.count == 1)
        #expect(failures.first?.hasPrefix("delete cni0: RTM_DELLINK (ip link del) cni0: ") == true)
        #expect(failures.first?.contains("EBUSY") == true)
        #expect(log.rollBack().isEmpty, "steps run once")
    }

    @Test("commit forgets the steps: nothing is undone afterwards")
    func commitForgets() {
        let journal = Journal()
        var log = RollbackLog()
        log.record("delete veth1") { journal.lines.append("veth1") }
        log.commit()
        #expect(log.rollBack().isEmpty)
        #expect(journal.lines.isEmpty)
    }

    @Test("unlessGone counts not-found as undone and passes every other error on")
    func unlessGone() throws {
        for errno in [Errno.ENOENT, .ENODEV, .ESRCH, .EADDRNOTAVAIL] {
            try RollbackLog.unlessGone { throw NetKitError(.kernel(errno), operation: "RTM_DELLINK (ip link del)") }
        }
        #expect(throws: NetKitError.self) {
            try RollbackLog.unlessGone { throw NetKitError(.kernel(.EPERM), operation: "RTM_DELLINK (ip link del)") }
        }
    }
}
