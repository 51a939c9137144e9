import Foundation
import NetKit
import Testing

/// Every write goes to the test's own namespace; the root namespace's values are only ever
/// *read* (from this process's threads, which are in the root namespace) to prove they did not
/// change.
@Suite("Sysctls: per-namespace read and write")
struct SysctlIntegrationTests {
    /// Reads a root-namespace value directly (read only!).
    private func rootValue(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("ip_forward: written in the namespace, seen by sysctl there, root unchanged")
    func ipForward() throws {
        let ns = try TestNamespace("s")
        let rootBefore = try rootValue("/proc/sys/net/ipv4/ip_forward")
        let root6Before = try rootValue("/proc/sys/net/ipv6/conf/all/forwarding")

        #expect(try ns.namespace.sysctl(.ipForward(.ipv4)) == false)
        try ns.namespace.setSysctl(.ipForward(.ipv4), to: true)
        #expect(try ns.namespace.sysctl(.ipForward(.ipv4)) == true)
        #expect(try ns.sysctlTool("net.ipv4.ip_forward") == "1")
        try ns.namespace.setSysctl(.ipForward(.ipv6), to: true)
        #expect(try ns.sysctlTool("net.ipv6.conf.all.forwarding") == "1")
        #expect(try ns.namespace.sysctl(.ipForward(.ipv6)) == true)

        #expect(try rootValue("/proc/sys/net/ipv4/ip_forward") == rootBefore)
        #expect(try rootValue("/proc/sys/net/ipv6/conf/all/forwarding") == root6Before)

        try ns.namespace.setSysctl(.ipForward(.ipv4), to: false)
        #expect(try ns.sysctlTool("net.ipv4.ip_forward") == "0")
        #expect(try rootValue("/proc/sys/net/ipv4/ip_forward") == rootBefore)
    }

    @Test("IPv4 per-device settings on a device, all and default")
    func ipv4Device() throws {
        let ns = try TestNamespace("s")
        try ns.makeVethPair()
        let rootRPFilter = try rootValue("/proc/sys/net/ipv4/conf/all/rp_filter")
        let rootProxyARP = try rootValue("/proc/sys/net/ipv4/conf/default/proxy_arp")

        try ns.namespace.setSysctl(.rpFilter("d0"), to: .loose)
        try ns.namespace.setSysctl(.rpFilter("all"), to: .strict)
        try ns.namespace.setSysctl(.proxyARP("d0"), to: true)
        try ns.namespace.setSysctl(.proxyARP("default"), to: true)
        try ns.namespace.setSysctl(.arpNotify("d0"), to: true)
        try ns.namespace.setSysctl(.forwarding(.ipv4, "d1"), to: true)

        #expect(try ns.namespace.sysctl(.rpFilter("d0")) == .loose)
        #expect(try ns.namespace.sysctl(.rpFilter("all")) == .strict)
        #expect(try ns.namespace.sysctl(.proxyARP("d0")) == true)
        #expect(try ns.namespace.sysctl(.arpNotify("d0")) == true)
        #expect(try ns.namespace.sysctl(.arpNotify("d1")) == false)
        #expect(try ns.namespace.sysctl(.forwarding(.ipv4, "d1")) == true)
        #expect(try ns.sysctlTool("net.ipv4.conf.d0.rp_filter") == "2")
        #expect(try ns.sysctlTool("net.ipv4.conf.all.rp_filter") == "1")
        #expect(try ns.sysctlTool("net.ipv4.conf.d0.proxy_arp") == "1")
        #expect(try ns.sysctlTool("net.ipv4.conf.default.proxy_arp") == "1")
        #expect(try ns.sysctlTool("net.ipv4.conf.d0.arp_notify") == "1")
        #expect(try ns.sysctlTool("net.ipv4.conf.d1.forwarding") == "1")

        #expect(try rootValue("/proc/sys/net/ipv4/conf/all/rp_filter") == rootRPFilter)
        #expect(try rootValue("/proc/sys/net/ipv4/conf/default/proxy_arp") == rootProxyARP)
    }

    @Test("IPv6 per-device settings: accept_ra, accept_dad, disable_ipv6, forwarding")
    func ipv6Device() throws {
        let ns = try TestNamespace("s")
        try ns.makeVethPair()
        let rootDAD = try rootValue("/proc/sys/net/ipv6/conf/default/accept_dad")

        try ns.namespace.setSysctl(.acceptRA("d0"), to: .acceptEvenIfForwarding)
        try ns.namespace.setSysctl(.acceptDAD("d0"), to: .off)
        try ns.namespace.setSysctl(.acceptDAD("default"), to: .onAndDisableIPv6OnConflict)
        try ns.namespace.setSysctl(.forwarding(.ipv6, "d0"), to: true)
        try ns.namespace.setSysctl(.disableIPv6("d1"), to: true)

        #expect(try ns.namespace.sysctl(.acceptRA("d0")) == .acceptEvenIfForwarding)
        #expect(try ns.namespace.sysctl(.acceptDAD("d0")) == .off)
        #expect(try ns.namespace.sysctl(.acceptDAD("default")) == .onAndDisableIPv6OnConflict)
        #expect(try ns.namespace.sysctl(.forwarding(.ipv6, "d0")) == true)
        #expect(try ns.namespace.sysctl(.disableIPv6("d1")) == true)
        #expect(try ns.namespace.sysctl(.disableIPv6("d0")) == false)
        #expect(try ns.sysctlTool("net.ipv6.conf.d0.accept_ra") == "2")
        #expect(try ns.sysctlTool("net.ipv6.conf.d0.accept_dad") == "0")
        #expect(try ns.sysctlTool("net.ipv6.conf.default.accept_dad") == "2")
        #expect(try ns.sysctlTool("net.ipv6.conf.d0.forwarding") == "1")
        #expect(try ns.sysctlTool("net.ipv6.conf.d1.disable_ipv6") == "1")

        // disable_ipv6 takes effect: d1 accepts no IPv6 address.
        #expect(throws: NetKitError.self) { try ns.net.addAddress(InterfaceAddress("2001:db8::5/64", dev: "d1", noDAD: true)) }
        #expect(try rootValue("/proc/sys/net/ipv6/conf/default/accept_dad") == rootDAD)
    }

    @Test("raw keys, path or dotted; missing settings and devices are typed not-found; bad keys never reach /proc")
    func rawKeys() throws {
        let ns = try TestNamespace("s")
        try ns.makeVethPair()
        let rootBefore = try rootValue("/proc/sys/net/ipv4/ip_forward")

        #expect(try ns.namespace.sysctl("net/ipv4/ip_forward") == "0")
        try ns.namespace.setSysctl("net.ipv4.ip_forward", to: "1")
        #expect(try ns.namespace.sysctl("net.ipv4.ip_forward") == "1")
        try ns.namespace.setSysctl("net/ipv4/conf/d0/rp_filter", to: "2")
        #expect(try ns.sysctlTool("net.ipv4.conf.d0.rp_filter") == "2")
        #expect(try ns.namespace.sysctl("net.ipv4.conf.d0.rp_filter") == "2")
        #expect(try rootValue("/proc/sys/net/ipv4/ip_forward") == rootBefore)

        let noDevice = try #require(throws: NetKitError.self) { try ns.namespace.sysctl(.rpFilter("nosuch0")) }
        #expect(noDevice.isNotFound)
        #expect(noDevice.description.contains("nosuch0"))
        let noKey = try #require(throws: NetKitError.self) { try ns.namespace.sysctl("net/ipv4/no_such_setting") }
        #expect(noKey.isNotFound)
        let rejected = try #require(throws: NetKitError.self) {
            try ns.namespace.setSysctl(.rpFilter(InterfaceName(parsing: "../../x")), to: .off)
        }
        guard case .invalidInput = rejected.reason else { Issue.record("expected invalid input, got \(rejected)"); return }
        for bad in ["net/ipv4/../../kernel/hostname", "/proc/sys/net/ipv4/ip_forward", "kernel.hostname"] {
            let error = try #require(throws: NetKitError.self) { try ns.namespace.setSysctl(bad, to: "1") }
            guard case .invalidInput = error.reason else { Issue.record("expected invalid input for \(bad), got \(error)"); continue }
        }
        let badValue = try #require(throws: NetKitError.self) { try ns.namespace.setSysctl("net/ipv4/ip_forward", to: "many") }
        #expect(badValue.errno == .EINVAL)
        #expect(try ns.sysctlTool("net.ipv4.ip_forward") == "1")
    }

    @Test("sysctl work runs on NetKit's own threads: no thread of the process is left in another namespace")
    func threadsStayHome() async throws {
        let ns = try TestNamespace("s")
        try ns.namespace.setSysctl(.ipForward(.ipv4), to: true)
        _ = try ns.namespace.sysctl(.ipForward(.ipv4))
        let initial = try Namespace.initial()
        #expect(initial != ns.namespace)
        #expect(try Namespace.threadsOutsideInitialNamespace().isEmpty)
    }
}
