import Foundation
import NetKit
import Testing

/// `Namespace.writeSysctlFiles`, the grouped write the package's CNI plugins use: the files
/// written are the namespace's (checked with `sysctl` run inside it), the root namespace's stay
/// as they were, and a failed required write ends the group.
@Suite("Sysctls: grouped writes on NetKit's namespace thread")
struct SysctlFilesTests {
    @Test("writes land in the namespace in order; after a failed required write nothing more is written")
    func groupedWrites() throws {
        let ns = try TestNamespace("sf")
        let rootBefore = try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8)
        let failures = try ns.namespace.writeSysctlFiles([
            ("/proc/sys/net/ipv4/ip_forward", "1", true),
            ("/proc/sys/net/ipv4/conf/nk-missing0/arp_notify", "1", false),  // best-effort: the next write still happens
            ("/proc/sys/net/ipv4/conf/lo/arp_notify", "1", true),
            ("/proc/sys/net/ipv4/conf/nk-missing0/arp_notify", "1", true),  // required: the group ends here
            ("/proc/sys/net/ipv4/conf/all/arp_notify", "1", true),
        ])
        #expect(failures.count == 4, "the write after the failed required one was not attempted: \(failures)")
        #expect(failures[0] == nil && failures[2] == nil)
        #expect(failures[1]?.hasPrefix("open /proc/sys/net/ipv4/conf/nk-missing0/arp_notify: ") == true, "\(failures)")
        #expect(failures[3] != nil)
        #expect(try ns.sysctlTool("net.ipv4.ip_forward") == "1")
        #expect(try ns.sysctlTool("net.ipv4.conf.lo.arp_notify") == "1")
        #expect(try ns.sysctlTool("net.ipv4.conf.all.arp_notify") == "0")
        #expect(try String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8) == rootBefore, "root unchanged")
    }
}
